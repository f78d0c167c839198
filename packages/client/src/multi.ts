/**
 * `multi()`: MULTI, the recorded commands and EXEC, written contiguously on one connection,
 * so Redis runs them as one atomic unit. WATCH (on an `isolated` connection) makes it
 * optimistic: EXEC replies nil when a watched key changed, which rejects with WatchError.
 */
import { ReplyError, type RespValue } from '@redwire/protocol';
import { CommandBatch, type CommandChannel } from './batch.js';
import { BatchOutcomes } from './batch-outcomes.js';
import { WatchError } from './errors.js';
import { BATCH_EXCLUDED, type BatchCommands, installCommands } from './methods.js';

/**
 * A MULTI/EXEC transaction. `exec()` rejects with WatchError when a watched key changed
 * (nothing ran), with the server's `EXECABORT` ReplyError when a command was refused while
 * queueing (nothing ran), and with an ExecError when a command failed at run time (the others
 * ran: Redis has no rollback).
 *
 * @example
 * ```ts
 * const [ok, n] = await redis.multi().sendCommand(['SET', 'a', '1']).sendCommand(['INCR', 'n']).exec();
 * ```
 */
// Declaration merging gives the batch the generated command methods (installed below).
export interface Multi extends BatchCommands<Multi> {}

// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: the methods are installed on the prototype at load time (installCommands below)
export class Multi extends CommandBatch {
  /** @internal Use `client.multi()`. */
  constructor(channel: CommandChannel) {
    super(channel, 'transaction');
  }

  protected async collect(): Promise<BatchOutcomes> {
    // All sent in one synchronous loop, so MULTI ... EXEC are contiguous on the connection.
    const multi = this.channel.sendRaw(['MULTI']);
    const queued = this.commands.map((command) =>
      this.channel.sendRaw(command.args).catch((error: unknown) => error as Error),
    );
    const exec = this.channel.sendRaw(['EXEC']);
    // EXEC's outcome decides; QUEUED replies and their refusals only explain an EXECABORT.
    const [, , reply] = await Promise.all([multi, Promise.all(queued), exec]);
    if (reply === null) throw new WatchError();
    const replies = reply as RespValue[];
    const outcomes = new BatchOutcomes(replies.length);
    replies.forEach((value, i) => {
      if (value instanceof ReplyError) outcomes.fail(i, value);
      else outcomes.reply(this.commands[i] as (typeof this.commands)[number], i, value);
    });
    return outcomes;
  }
}

installCommands(
  Multi.prototype,
  BATCH_EXCLUDED,
  (batch: Multi, command) => batch.add(command),
  'throw',
);
