/**
 * `MessageRouter`: who receives each message, and who holds each subscription. A subscription
 * is held by an explicit `subscribe()` (with its callbacks) and by every stream opened on it;
 * it is wanted while anything holds it. Streams over all messages hold nothing. The router
 * sends nothing: the subscriber asks it what changed and talks to the server itself.
 */
import type { Buffer } from 'node:buffer';
import type { SubscriptionKind } from './kinds.js';
import type { Message, MessageListener } from './message.js';
import type { MessageStream } from './message-stream.js';
import { type ChannelName, nameKey } from './names.js';

/** Everything that holds one subscription. */
interface Interest<T extends string | Buffer> {
  /** Held by `subscribe()` itself, until `unsubscribe()`. */
  explicit: boolean;
  readonly listeners: Set<MessageListener<T>>;
  readonly streams: Set<MessageStream<T>>;
}

/**
 * Routes messages to streams and per-subscription callbacks, and counts who holds each
 * subscription. One router can serve several links (a cluster subscriber's per-node ones).
 */
export class MessageRouter<T extends string | Buffer> {
  readonly #everything = new Set<MessageStream<T>>();
  readonly #interests: Record<SubscriptionKind, Map<string, Interest<T>>> = {
    channel: new Map(),
    pattern: new Map(),
    shard: new Map(),
  };

  /** Hands `message` to the streams over everything and to its subscription's holders. */
  deliver(message: Message<T>): void {
    for (const stream of this.#everything) stream.push(message);
    let interest: Interest<T> | undefined;
    if (message.pattern !== undefined) {
      interest = this.#interests.pattern.get(nameKey(message.pattern));
    } else {
      const kind = message.shard === true ? 'shard' : 'channel';
      interest = this.#interests[kind].get(nameKey(message.channel));
    }
    if (interest === undefined) return;
    for (const listener of interest.listeners) listener(message);
    for (const stream of interest.streams) stream.push(message);
  }

  /** Adds a stream over every message. */
  watchAll(stream: MessageStream<T>): void {
    this.#everything.add(stream);
  }

  /** Stops delivering every message to `stream` (undoes `watchAll`). */
  unwatchAll(stream: MessageStream<T>): void {
    this.#everything.delete(stream);
  }

  /** `subscribe()` holds `name`, with `listener` if given. */
  holdExplicitly(kind: SubscriptionKind, name: ChannelName, listener?: MessageListener<T>): void {
    const interest = this.#interest(kind, name);
    interest.explicit = true;
    if (listener !== undefined) interest.listeners.add(listener);
  }

  /** `stream` holds `name`. */
  holdByStream(kind: SubscriptionKind, name: ChannelName, stream: MessageStream<T>): void {
    this.#interest(kind, name).streams.add(stream);
  }

  /**
   * `stream` lets go of `name`; true when nothing holds it any more (time to unsubscribe).
   */
  releaseStream(kind: SubscriptionKind, name: ChannelName, stream: MessageStream<T>): boolean {
    const key = nameKey(name);
    const interest = this.#interests[kind].get(key);
    if (interest === undefined || !interest.streams.delete(stream)) return false;
    if (interest.explicit || interest.streams.size > 0) return false;
    this.#interests[kind].delete(key);
    return true;
  }

  /**
   * Forgets every holder of `name` (`unsubscribe()`, or the server refused it) and returns the
   * streams that held it, for the caller to end.
   */
  forget(kind: SubscriptionKind, name: ChannelName): MessageStream<T>[] {
    const key = nameKey(name);
    const interest = this.#interests[kind].get(key);
    if (interest === undefined) return [];
    this.#interests[kind].delete(key);
    return [...interest.streams];
  }

  /** Every stream, for the subscriber to end when it closes; the router is emptied. */
  clear(): MessageStream<T>[] {
    const streams = [...this.#everything];
    this.#everything.clear();
    for (const interests of Object.values(this.#interests)) {
      for (const interest of interests.values()) streams.push(...interest.streams);
      interests.clear();
    }
    return streams;
  }

  #interest(kind: SubscriptionKind, name: ChannelName): Interest<T> {
    const key = nameKey(name);
    let interest = this.#interests[kind].get(key);
    if (interest === undefined) {
      interest = { explicit: false, listeners: new Set(), streams: new Set() };
      this.#interests[kind].set(key, interest);
    }
    return interest;
  }
}
