/**
 * `pipeline()`: commands recorded, then written together and answered in order. Not atomic
 * (other clients' commands may run between them; use `multi()` for that), but one round trip.
 */

import { CommandBatch, type CommandChannel, transformed } from './batch.js';
import { ExecError, type SettledReply } from './errors.js';

/**
 * A pipeline of commands for one connection.
 *
 * @example
 * ```ts
 * const [ok, n, value] = await redis.pipeline().set('a', '1').incr('n').get('a').exec();
 * ```
 */
export class Pipeline extends CommandBatch {
  readonly #channel: CommandChannel;

  /** @internal Use `client.pipeline()`. */
  constructor(channel: CommandChannel) {
    super();
    this.#channel = channel;
  }

  /**
   * Sends every command and resolves with their replies in order.
   * @throws {@link ExecError} when any command failed; its `results` hold every outcome
   */
  async exec(): Promise<unknown[]> {
    const results = await this.execSettled();
    if (results.some((r) => r.status === 'rejected')) throw new ExecError('pipeline', results);
    return results.map((r) => (r as { value: unknown }).value);
  }

  /** Sends every command and resolves with each one's outcome; never rejects for a failed command. */
  execSettled(): Promise<SettledReply[]> {
    // Sent in one synchronous loop: the connection writes them in one batch, in this order.
    const sent = this.commands.map((command) =>
      this.#channel.sendRaw(command.args).then(
        (reply): SettledReply => ({ status: 'fulfilled', value: transformed(command, reply) }),
        (reason: unknown): SettledReply => ({ status: 'rejected', reason: reason as Error }),
      ),
    );
    return Promise.all(sent);
  }
}
