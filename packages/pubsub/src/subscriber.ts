/**
 * `Subscriber`: channel, pattern and shard-channel subscriptions on a connection of its own,
 * consumed through listeners, per-subscription callbacks or async iterators (all at once if
 * wished), and restored after every reconnect. The connection work is the link's
 * (subscription-link.ts); who gets each message is the router's (message-router.ts).
 */
import type { Buffer } from 'node:buffer';
import { inspect } from 'node:util';
import {
  type Connection,
  type ConnectionStatus,
  type ReconnectingEvent,
  SUBSCRIPTION_COMMANDS,
} from '@redwire/connection';
import type { CommandArgument, RespValue } from '@redwire/protocol';
import { SubscriberModeError } from './errors.js';
import type { SubscriptionKind } from './kinds.js';
import type { Message } from './message.js';
import type { SubscriberOptions } from './options.js';
import { SubscriberFront } from './subscriber-front.js';
import { type ResubscribedEvent, SubscriptionLink } from './subscription-link.js';

export type { DroppedEvent, SubscriberEvents } from './subscriber-front.js';

/** Commands that would change the connection's subscriptions or protocol behind our back. */
const RESERVED = new Set([...SUBSCRIPTION_COMMANDS, 'RESET', 'HELLO', 'QUIT', 'MONITOR']);

/**
 * Subscriptions on a connection of their own. Create one with `client.subscriber()` (it
 * inherits the client's connection options and its strings-or-Buffers choice) or
 * `createSubscriber(url)`. Every subscribe method resolves once the server confirmed every name.
 *
 * @example
 * ```ts
 * await using sub = redis.subscriber();
 * sub.on('message', ({ channel, message }) => console.log(channel, message));
 * await sub.subscribe(['news', 'alerts']);
 * for await (const m of await sub.channel('jobs')) { handle(m.message); break; }
 * ```
 */
export class Subscriber<T extends string | Buffer = string>
  extends SubscriberFront<T>
  implements AsyncIterable<Message<T>>, AsyncDisposable
{
  protected readonly target: SubscriptionLink<T>;
  readonly #buffers: boolean;

  /**
   * @param connection - a connection never opened: the subscriber owns it from now on, puts it
   *   in pub/sub mode and closes it with itself
   * @param options - Buffers or strings (must match `T`), and the streams' defaults
   * @throws RangeError or TypeError for an invalid option
   */
  constructor(connection: Connection, options?: SubscriberOptions) {
    super(options);
    this.#buffers = options?.returnBuffers === true;
    const hooks = {
      message: (message: Message<T>) => this.deliver(message),
      dropped: (kind: SubscriptionKind, name: T) => this.emitSafely('dropped', { kind, name }),
      resubscribed: (event: ResubscribedEvent) => this.emitSafely('resubscribed', event),
      reconnecting: (event: ReconnectingEvent) => this.emitSafely('reconnecting', event),
      error: (error: Error) => this.report(error),
      end: () => this.ended(),
    };
    this.target = new SubscriptionLink<T>(connection, hooks, this.#buffers);
  }

  /** Where the connection is in its life: `idle` until the first subscription, then as `Connection`. */
  get status(): ConnectionStatus {
    return this.target.connection.status;
  }

  /** The RESP version in use (3 unless asked for 2 or the server lacks HELLO). */
  get protocol(): 2 | 3 {
    return this.target.connection.protocol;
  }

  /**
   * Sends an ordinary command on the subscriber's connection. RESP3 allows any command beside
   * subscriptions; RESP2 allows only PING (see {@link SubscriberModeError}).
   * @throws SubscriberModeError for a command the connection cannot take (nothing is sent)
   */
  async sendCommand(args: readonly CommandArgument[]): Promise<RespValue> {
    const name = typeof args[0] === 'string' ? args[0].toUpperCase() : String(args[0]);
    if (RESERVED.has(name)) {
      throw new SubscriberModeError(name, 'it would change its subscriptions or protocol');
    }
    this.assertOpen();
    const connection = this.target.connection;
    if (name !== 'PING') {
      await connection.connect();
      if (connection.protocol === 2) {
        throw new SubscriberModeError(
          name,
          'over RESP2 the server accepts only (P|S)SUBSCRIBE, (P|S)UNSUBSCRIBE, PING, QUIT and RESET in subscribe mode',
        );
      }
    }
    return connection.send(args, { returnBuffers: this.#buffers });
  }

  /** Checks the connection: resolves once the server answered a PING (in any protocol). */
  async ping(): Promise<void> {
    this.assertOpen();
    await this.target.connection.send(['PING']);
  }

  [inspect.custom](): string {
    const counts = this.target.subscriptions.desiredCounts();
    return `Subscriber ${inspect({ status: this.status, protocol: this.protocol, ...counts })}`;
  }
}
