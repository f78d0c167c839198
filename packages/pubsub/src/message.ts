/** The message a subscriber delivers, to listeners and iterators alike. */
import type { Buffer } from 'node:buffer';

/**
 * One published message. `T` is `string` (UTF-8) or `Buffer` (arbitrary bytes), as the
 * subscriber was created.
 *
 * @example
 * ```ts
 * sub.on('message', ({ channel, message, pattern }) => console.log(channel, message, pattern));
 * ```
 */
export interface Message<T extends string | Buffer = string> {
  /** The channel it was published to. */
  readonly channel: T;
  /** The payload. */
  readonly message: T;
  /** The pattern that matched, when it arrived through `psubscribe`. */
  readonly pattern?: T;
  /** `true` when it arrived through `ssubscribe` (published with SPUBLISH). */
  readonly shard?: true;
}

/** Receives each message of a subscription, or of all of them. */
export type MessageListener<T extends string | Buffer = string> = (message: Message<T>) => void;
