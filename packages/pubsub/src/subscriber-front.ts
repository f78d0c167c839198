/**
 * `SubscriberFront`: the consumer side every subscriber shares (the subscribe methods, listeners,
 * per-subscription streams, `for await`, closing), over a {@link SubscriptionTarget} that does
 * the server work. The standalone `Subscriber` puts one link behind it; `@redwire/cluster`'s
 * subscriber puts a set of per-node links behind it and moves names between them.
 */
import type { Buffer } from 'node:buffer';
import { EventEmitter } from 'node:events';
import { ConnectionError, type ReconnectingEvent, ReplyError } from '@redwire/connection';
import { type MessageDiagnostic, messageChannel } from './diagnostics.js';
import type { SubscriptionKind } from './kinds.js';
import type { Message, MessageListener } from './message.js';
import { MessageRouter } from './message-router.js';
import { MessageStream } from './message-stream.js';
import { type ChannelName, type ChannelNames, nameList } from './names.js';
import {
  type ResolvedStreamOptions,
  resolveStreamOptions,
  type StreamOptions,
  SUBSCRIBER_DEFAULTS,
  SUBSCRIBER_OPTION_KEYS,
  type SubscriberOptions,
} from './options.js';
import type { ResubscribedEvent } from './subscription-link.js';
import type { SubscriptionCounts } from './subscription-set.js';

/** Payload of the `dropped` event. */
export interface DroppedEvent<T extends string | Buffer = string> {
  readonly kind: SubscriptionKind;
  readonly name: T;
}

/** Events every subscriber emits. */
export interface SubscriberEvents<T extends string | Buffer = string> {
  /** Every message of every subscription. */
  message: [Message<T>];
  /**
   * After a reconnect, every subscription was confirmed again by the server; messages
   * published from now on are delivered. Those published while the socket was down are lost
   * (pub/sub keeps nothing for absent subscribers).
   */
  resubscribed: [ResubscribedEvent];
  /**
   * The server ended a subscription on its own: a `sunsubscribe` when a shard channel's slot
   * moved to another node. A standalone subscriber does not subscribe it again (the server
   * would refuse with MOVED); the cluster subscriber does, and emits `moved` instead.
   */
  dropped: [DroppedEvent<T>];
  /** The socket was lost; a reconnect follows, then `resubscribed`. */
  reconnecting: [ReconnectingEvent];
  /**
   * The connection reported a failure, restoring failed for another reason than the socket, or
   * a listener threw. Only emitted when someone listens (a listener's exception is otherwise
   * thrown again, outside the socket's read loop).
   */
  error: [Error];
  /** Closed for good: `close()`, `destroy()`, or reconnecting gave up. Every stream has ended. */
  end: [];
}

/** What a subscriber knows of its subscriptions: a `SubscriptionSet` is one. */
export interface SubscriptionView {
  desired(kind: SubscriptionKind): ChannelName[];
  isConfirmed(kind: SubscriptionKind, name: ChannelName): boolean;
  desiredCounts(): SubscriptionCounts;
}

/**
 * What does the server work behind a front: a `SubscriptionLink` is one. `add` resolves once
 * every name is confirmed and, on a refusal, rejects with the `ReplyError` having dropped the
 * names; `remove` resolves once the server confirmed (or at once when there is nothing to undo).
 */
export interface SubscriptionTarget {
  readonly subscriptions: SubscriptionView;
  add(kind: SubscriptionKind, names: readonly ChannelName[]): Promise<void>;
  remove(kind: SubscriptionKind, names: readonly ChannelName[]): Promise<void>;
  close(): Promise<void>;
  destroy(): void;
}

/**
 * The consumer API of a subscriber; subclasses give it a {@link SubscriptionTarget} and feed
 * it through `deliver`, `emitSafely`, `report` and `ended`.
 */
export abstract class SubscriberFront<
    T extends string | Buffer = string,
    E extends SubscriberEvents<T> & Record<keyof E, unknown[]> = SubscriberEvents<T>,
  >
  extends EventEmitter<E>
  implements AsyncIterable<Message<T>>, AsyncDisposable
{
  /** Where subscriptions are made; set by the subclass's constructor. */
  protected abstract readonly target: SubscriptionTarget;
  readonly #router = new MessageRouter<T>();
  readonly #streamDefaults: ResolvedStreamOptions;
  #closing: Promise<void> | undefined;

  /** @throws RangeError or TypeError for an invalid stream option */
  constructor(options?: SubscriberOptions) {
    super();
    this.#streamDefaults = resolveStreamOptions(
      options,
      SUBSCRIBER_DEFAULTS,
      `new ${new.target.name}()`,
      SUBSCRIBER_OPTION_KEYS,
    );
  }

  /** The names subscribed to (or being subscribed to) of one kind, as first given. */
  subscribed(kind: SubscriptionKind = 'channel'): ChannelName[] {
    return this.target.subscriptions.desired(kind);
  }

  /**
   * Subscribes to one channel or several (SUBSCRIBE); resolves once the server confirmed every
   * one. `listener`, if given, receives the messages of these channels (besides `message`
   * listeners and streams).
   * @throws TypeError for a name that is not a string or Buffer (nothing is sent)
   * @throws ReplyError when the server refuses (`NOPERM`)
   * @throws TimeoutError when not confirmed within the connection's `commandTimeout`
   * @throws ConnectionError (`REDWIRE_CONNECTION_CLOSED`) when the subscriber is closed
   */
  subscribe(channels: ChannelNames, listener?: MessageListener<T>): Promise<void> {
    return this.#subscribe('channel', channels, listener, 'subscribe');
  }

  /** Subscribes to glob-style patterns (PSUBSCRIBE: `news.*`); as {@link subscribe}. */
  psubscribe(patterns: ChannelNames, listener?: MessageListener<T>): Promise<void> {
    return this.#subscribe('pattern', patterns, listener, 'psubscribe');
  }

  /** Subscribes to shard channels (SSUBSCRIBE, Redis 7); as {@link subscribe}. */
  ssubscribe(channels: ChannelNames, listener?: MessageListener<T>): Promise<void> {
    return this.#subscribe('shard', channels, listener, 'ssubscribe');
  }

  /**
   * Unsubscribes from channels (all of them when none is named), drops their callbacks and ends
   * the streams opened on them; resolves once the server confirmed.
   */
  unsubscribe(channels?: ChannelNames): Promise<void> {
    return this.#unsubscribe('channel', channels, 'unsubscribe');
  }

  /** Unsubscribes from patterns (all when none is named); as {@link unsubscribe}. */
  punsubscribe(patterns?: ChannelNames): Promise<void> {
    return this.#unsubscribe('pattern', patterns, 'punsubscribe');
  }

  /** Unsubscribes from shard channels (all when none is named); as {@link unsubscribe}. */
  sunsubscribe(channels?: ChannelNames): Promise<void> {
    return this.#unsubscribe('shard', channels, 'sunsubscribe');
  }

  /**
   * Subscribes to `channel` and resolves, once confirmed, with a stream of its messages.
   * Closing the stream (`break`, `return()`, `await using`) unsubscribes, unless `subscribe()`
   * or another stream still holds the channel.
   * @example `for await (const m of await sub.channel('news')) { ... }`
   */
  channel(channel: ChannelName, options?: StreamOptions): Promise<MessageStream<T>> {
    return this.#stream('channel', channel, options, 'channel');
  }

  /** A stream of the messages matching `pattern` (PSUBSCRIBE); as `channel()`. */
  pattern(pattern: ChannelName, options?: StreamOptions): Promise<MessageStream<T>> {
    return this.#stream('pattern', pattern, options, 'pattern');
  }

  /** A stream of the shard channel's messages (SSUBSCRIBE); as `channel()`. */
  shard(channel: ChannelName, options?: StreamOptions): Promise<MessageStream<T>> {
    return this.#stream('shard', channel, options, 'shard');
  }

  /**
   * A stream of every message of every subscription, from now on. It subscribes to nothing,
   * so closing it unsubscribes nothing. `for await (const m of sub)` uses one.
   */
  messages(options?: StreamOptions): MessageStream<T> {
    const settings = resolveStreamOptions(options, this.#streamDefaults, 'messages()');
    const stream: MessageStream<T> = new MessageStream<T>(settings, async () => {
      this.#router.unwatchAll(stream);
    });
    if (this.#closing === undefined) this.#router.watchAll(stream);
    else stream.end();
    return stream;
  }

  [Symbol.asyncIterator](): MessageStream<T> {
    return this.messages();
  }

  /**
   * Closes gracefully: streams end (a pending `next()` resolves done), subscribe calls in flight
   * get their answers, then the connections close, which ends every subscription on the
   * servers. Resolves once they have closed; nothing of the subscriber stays alive.
   */
  close(): Promise<void> {
    this.#closing ??= this.#shutdown();
    return this.#closing;
  }

  /** Closes now: the sockets are destroyed, streams end, pending calls reject. */
  destroy(): void {
    this.#closing ??= Promise.resolve();
    for (const stream of this.#router.clear()) stream.end();
    this.target.destroy();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  /** Hands a message to its listeners and streams; for the target's `message` hook. */
  protected deliver(message: Message<T>): void {
    // Runs inside the socket's read: a listener's exception must not reach the decoder, which
    // would take it for malformed bytes and drop the connection.
    if (messageChannel.hasSubscribers) {
      const kind = message.pattern !== undefined ? 'pattern' : message.shard ? 'shard' : 'channel';
      const event: MessageDiagnostic = { kind, size: message.message.length };
      messageChannel.publish(event);
    }
    try {
      this.#router.deliver(message);
      this.#emit('message', message);
    } catch (error) {
      this.#listenerThrew(error);
    }
  }

  /** Emits `event`; a listener's exception goes where {@link deliver}'s would. */
  protected emitSafely<K extends keyof E & string>(event: K, ...args: E[K]): void {
    try {
      (this as unknown as EventEmitter).emit(event, ...(args as unknown[]));
    } catch (error) {
      this.#listenerThrew(error);
    }
  }

  /** A background failure: emitted as `error` when someone listens, otherwise dropped. */
  protected report(error: Error): void {
    if (this.#listened('error')) this.#emit('error', error);
  }

  /** The target closed for good: streams end, `end` is emitted. */
  protected ended(): void {
    this.#closing ??= Promise.resolve();
    for (const stream of this.#router.clear()) stream.end();
    try {
      this.#emit('end');
    } catch (error) {
      this.#listenerThrew(error);
    }
  }

  /** @throws ConnectionError (`REDWIRE_CONNECTION_CLOSED`) once closing has begun */
  protected assertOpen(): void {
    if (this.#closing === undefined) return;
    throw new ConnectionError('The subscriber is closed', { code: 'REDWIRE_CONNECTION_CLOSED' });
  }

  #listened(event: keyof SubscriberEvents<T>): boolean {
    return (this as unknown as EventEmitter).listenerCount(event) > 0;
  }

  /** The events every subscriber has, typed without the subclass's additions. */
  #emit<K extends keyof SubscriberEvents<T>>(event: K, ...args: SubscriberEvents<T>[K]): void {
    (this as unknown as EventEmitter<SubscriberEvents<T>>).emit(event, ...(args as never));
  }

  async #subscribe(
    kind: SubscriptionKind,
    input: ChannelNames,
    listener: MessageListener<T> | undefined,
    method: string,
  ): Promise<void> {
    const names = nameList(input, method);
    if (listener !== undefined && typeof listener !== 'function') {
      throw new TypeError(`${method}: the listener must be a function, got ${typeof listener}`);
    }
    this.assertOpen();
    for (const name of names) this.#router.holdExplicitly(kind, name, listener);
    await this.#want(kind, names);
  }

  async #unsubscribe(kind: SubscriptionKind, input: ChannelNames | undefined, method: string) {
    const names = input === undefined ? this.subscribed(kind) : nameList(input, method);
    // Closing ends every subscription with the socket.
    if (names.length === 0 || this.#closing !== undefined) return;
    for (const name of names) {
      for (const stream of this.#router.forget(kind, name)) stream.end();
    }
    await this.target.remove(kind, names);
  }

  async #stream(
    kind: SubscriptionKind,
    input: ChannelName,
    options: StreamOptions | undefined,
    method: string,
  ): Promise<MessageStream<T>> {
    if (Array.isArray(input)) throw new TypeError(`${method} takes one name, got an array`);
    const [name] = nameList(input, method) as [ChannelName];
    const settings = resolveStreamOptions(options, this.#streamDefaults, `${method}()`);
    this.assertOpen();
    const stream: MessageStream<T> = new MessageStream<T>(settings, () =>
      this.#releaseStream(kind, name, stream),
    );
    this.#router.holdByStream(kind, name, stream);
    try {
      await this.#want(kind, [name]);
    } catch (error) {
      await stream.close();
      throw error;
    }
    return stream;
  }

  /** Subscribes on the server to those of `names` it has not confirmed yet. */
  async #want(kind: SubscriptionKind, names: readonly ChannelName[]): Promise<void> {
    const subscriptions = this.target.subscriptions;
    const missing = names.filter((name) => !subscriptions.isConfirmed(kind, name));
    if (missing.length === 0) return;
    try {
      await this.target.add(kind, missing);
    } catch (error) {
      // Refused: nothing holds these names any more (the target no longer wants them either).
      if (error instanceof ReplyError) {
        for (const name of missing)
          for (const stream of this.#router.forget(kind, name)) stream.end();
      }
      throw error;
    }
  }

  #releaseStream(kind: SubscriptionKind, name: ChannelName, stream: MessageStream<T>) {
    if (!this.#router.releaseStream(kind, name, stream) || this.#closing !== undefined) {
      return Promise.resolve();
    }
    return this.target.remove(kind, [name]);
  }

  #listenerThrew(error: unknown): void {
    if (this.#listened('error')) {
      this.#emit('error', error as Error);
      return;
    }
    // Unheard, it is thrown again outside the read loop, as an EventEmitter listener's would be.
    process.nextTick(() => {
      throw error;
    });
  }

  async #shutdown(): Promise<void> {
    for (const stream of this.#router.clear()) stream.end();
    await this.target.close();
  }
}
