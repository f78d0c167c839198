/**
 * `multi()`: MULTI, the recorded commands and EXEC, written contiguously on one connection,
 * so Redis runs them as one atomic unit. WATCH (on an `isolated` connection) makes it
 * optimistic: EXEC replies nil when a watched key changed, which rejects with WatchError.
 */
import { ReplyError, type RespValue } from '@redwire/protocol';
import { CommandBatch, type CommandChannel, transformed } from './batch.js';
import { ExecError, type SettledReply, WatchError } from './errors.js';

/**
 * A MULTI/EXEC transaction.
 *
 * @example
 * ```ts
 * const [ok, n] = await redis.multi().set('a', '1').incr('n').exec();
 * ```
 */
export class Multi extends CommandBatch {
  readonly #channel: CommandChannel;

  /** @internal Use `client.multi()`. */
  constructor(channel: CommandChannel) {
    super();
    this.#channel = channel;
  }

  /**
   * Runs the transaction and resolves with the commands' replies in order.
   * @throws {@link WatchError} when a watched key changed (nothing ran)
   * @throws {@link ExecError} when a command failed at run time (the others ran: Redis has no rollback)
   * @throws ReplyError `EXECABORT` when a command was refused while queueing (nothing ran)
   */
  async exec(): Promise<unknown[]> {
    const results = await this.execSettled();
    if (results.some((r) => r.status === 'rejected')) throw new ExecError('transaction', results);
    return results.map((r) => (r as { value: unknown }).value);
  }

  /**
   * Runs the transaction and resolves with each command's outcome.
   * @throws {@link WatchError} and ReplyError `EXECABORT` as {@link Multi.exec} does
   */
  async execSettled(): Promise<SettledReply[]> {
    // All sent in one synchronous loop, so MULTI ... EXEC are contiguous on the connection.
    const multi = this.#channel.sendRaw(['MULTI']);
    const queued = this.commands.map((command) =>
      this.#channel.sendRaw(command.args).catch((error: unknown) => error as Error),
    );
    const exec = this.#channel.sendRaw(['EXEC']);
    // EXEC's outcome decides; QUEUED replies and their refusals only explain an EXECABORT.
    const [, , reply] = await Promise.all([multi, Promise.all(queued), exec]);
    if (reply === null) throw new WatchError();
    return (reply as RespValue[]).map((value, i): SettledReply => {
      if (value instanceof ReplyError) return { status: 'rejected', reason: value };
      return {
        status: 'fulfilled',
        value: transformed(this.commands[i] as (typeof this.commands)[number], value),
      };
    });
  }
}
