/**
 * `pipeline()`: commands recorded, then written together and answered in order. Not atomic
 * (other clients' commands may run between them; use `multi()` for that), but one round trip.
 */
import { CommandBatch, type CommandChannel, transformed } from './batch.js';
import type { SettledReply } from './errors.js';
import { BATCH_EXCLUDED, type BatchCommands, installCommands } from './methods.js';

/**
 * A pipeline of commands for one connection. `exec()` rejects with an ExecError carrying every
 * outcome when a command failed; `execSettled()` never rejects for a failed command.
 *
 * @example
 * ```ts
 * const [ok, n] = await redis.pipeline().sendCommand(['SET', 'a', '1']).sendCommand(['INCR', 'n']).exec();
 * ```
 */
// Declaration merging gives the batch the generated command methods (installed below).
export interface Pipeline extends BatchCommands<Pipeline> {}

// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: the methods are installed on the prototype at load time (installCommands below)
export class Pipeline extends CommandBatch {
  /** @internal Use `client.pipeline()`. */
  constructor(channel: CommandChannel) {
    super(channel, 'pipeline');
  }

  execSettled(): Promise<SettledReply[]> {
    // Sent in one synchronous loop: the connection writes them in one batch, in this order.
    const sent = this.commands.map((command) =>
      this.channel.sendRaw(command.args).then(
        (reply): SettledReply => ({ status: 'fulfilled', value: transformed(command, reply) }),
        (reason: unknown): SettledReply => ({ status: 'rejected', reason: reason as Error }),
      ),
    );
    return Promise.all(sent);
  }
}

installCommands(
  Pipeline.prototype,
  BATCH_EXCLUDED,
  (batch: Pipeline, command) => batch.add(command),
  'throw',
);
