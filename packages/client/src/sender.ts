/**
 * The one contract every layer that runs commands implements (`RedisClient`, and later the
 * pipeline, the transaction and `RedisCluster`). Typed command methods are written once over
 * it, so a command is declared once and serves them all; whether a sender is a cluster is a
 * capability it has, never a class-name check.
 */
import type { BuiltCommand } from './command.js';

/** Per-call options every sender accepts. */
export interface CommandOptions {
  /** Milliseconds to wait for the reply; 0 waits forever. @defaultValue the client's `commandTimeout` */
  timeout?: number | undefined;
  /** Cancels the command: dropped if not yet written, its reply discarded if it was. */
  signal?: AbortSignal | undefined;
}

/** Something that can run a built command and resolve with its (transformed) reply. */
export interface CommandSender {
  send<T>(command: BuiltCommand<T>, options?: CommandOptions): Promise<T>;
}
