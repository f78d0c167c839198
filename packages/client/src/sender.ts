/**
 * The one contract every layer that runs commands implements (`RedisClient`, and later the
 * pipeline, the transaction and `RedisCluster`). Typed command methods are written once over
 * it, so a command is declared once and serves them all; whether a sender is a cluster is a
 * capability it has, never a class-name check.
 */
import { type OptionKeySet, optionKeys } from '@redwire/protocol';
import type { BuiltCommand } from './command.js';

/** Per-call options every sender accepts. */
export interface CommandOptions {
  /** Milliseconds to wait for the reply; 0 waits forever. @defaultValue the client's `commandTimeout` */
  timeout?: number | undefined;
  /** Cancels the command: dropped if not yet written, its reply discarded if it was. */
  signal?: AbortSignal | undefined;
  /**
   * Whether the command is written again, once, when the connection it was written to dies
   * before the reply (within the command's own deadline): `true` even for a write (it may then
   * run twice), `false` not even for a read. Blocking commands, the commands of a pipeline or
   * MULTI, and every command of an `isolated()` connection (whose WATCH a reconnect loses) are
   * never written again.
   * @defaultValue reads only (the server's `readonly` flag), or every command with `retryLostWrites`
   */
  retryOnReconnect?: boolean | undefined;
}

/** The one key of the options `isolated()` takes. */
export const SIGNAL_KEYS: OptionKeySet = optionKeys<Pick<CommandOptions, 'signal'>>({
  signal: true,
});

/** Every key of {@link CommandOptions}. */
export const COMMAND_OPTION_KEYS: OptionKeySet = optionKeys<CommandOptions>({
  timeout: true,
  signal: true,
  retryOnReconnect: true,
});

/** Something that can run a built command and resolve with its (transformed) reply. */
export interface CommandSender {
  send<T>(command: BuiltCommand<T>, options?: CommandOptions): Promise<T>;
}
