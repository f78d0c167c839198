/**
 * Errors the subscriber raises itself. Connection failures, timeouts and server refusals keep
 * their own classes (`ConnectionError`, `TimeoutError`, `ReplyError`); a closed subscriber
 * rejects with `ConnectionError` coded `REDWIRE_CONNECTION_CLOSED`, as a closed client does.
 */
import { RedisError } from '@redwire/protocol';

/**
 * A command the subscriber's connection cannot run: any command but PING on a RESP2
 * connection (the server accepts only (P|S)SUBSCRIBE, (P|S)UNSUBSCRIBE, PING, QUIT and RESET in
 * subscribe mode), or, whatever the protocol, a command that would change the connection's
 * subscriptions or protocol behind the subscriber's back (SUBSCRIBE, RESET, HELLO, QUIT, ...).
 * Code `REDWIRE_SUBSCRIBER_MODE`. Nothing was sent.
 *
 * @example
 * ```ts
 * await sub.sendCommand(['GET', 'k']).catch((e) => e instanceof SubscriberModeError); // on RESP2
 * ```
 */
export class SubscriberModeError extends RedisError {
  static override readonly brand: string = 'redwire.SubscriberModeError';

  /** The command's name (never its arguments). */
  readonly command: string;

  /**
   * @param command - the refused command's name
   * @param why - the reason, in a clause
   */
  constructor(command: string, why: string) {
    super(
      `${command} cannot be sent on a subscriber's connection: ${why}`,
      'REDWIRE_SUBSCRIBER_MODE',
    );
    this.command = command;
  }
}

/**
 * A message stream (an iterator over a subscriber's messages) with `overflow: 'error'` held
 * `maxBuffered` messages its consumer had not taken, and one more arrived. The stream stops
 * receiving; the messages it held are still yielded, then this error is thrown. Code
 * `REDWIRE_MESSAGE_OVERFLOW`.
 *
 * @example
 * ```ts
 * try { for await (const m of stream) await slowWork(m); }
 * catch (e) { if (e instanceof MessageOverflowError) console.log(e.maxBuffered); }
 * ```
 */
export class MessageOverflowError extends RedisError {
  static override readonly brand: string = 'redwire.MessageOverflowError';

  /** The bound that was exceeded. */
  readonly maxBuffered: number;

  /** @param maxBuffered - the stream's bound */
  constructor(maxBuffered: number) {
    super(
      `More than ${maxBuffered} messages arrived faster than they were consumed (maxBuffered, overflow: 'error')`,
      'REDWIRE_MESSAGE_OVERFLOW',
    );
    this.maxBuffered = maxBuffered;
  }
}
