import type { Buffer } from 'node:buffer';
import {
  CONNECTION_OPTION_KEYS,
  Connection,
  type ConnectionOptions,
  checkConnectionOptionKeys,
} from '@redwire/connection';
import { SUBSCRIBER_OPTION_KEYS, type SubscriberOptions } from './options.js';
import { Subscriber } from './subscriber.js';

/** Everything `createSubscriber` accepts besides a URL: the connection's and the subscriber's. */
export interface CreateSubscriberOptions extends ConnectionOptions, SubscriberOptions {}

const CREATE_SUBSCRIBER_OPTION_KEYS = new Set([
  ...CONNECTION_OPTION_KEYS,
  ...SUBSCRIBER_OPTION_KEYS,
]);

/** The connection's share of the options: the subscriber's own fields left out. */
function connectionPart<O extends string | CreateSubscriberOptions | undefined>(
  options: O,
): O | ConnectionOptions {
  if (typeof options !== 'object' || options === null) return options;
  const { returnBuffers: _buffers, maxBuffered: _max, overflow: _overflow, ...rest } = options;
  return rest;
}

/**
 * Creates a subscriber on a connection of its own. Lazy: the first subscription connects.
 * With `returnBuffers: true` names and payloads are Buffers (`Subscriber<Buffer>`).
 *
 * @param urlOrOptions - `redis://…` (as `createClient`), or options
 * @param options - options that win over the URL's
 * @throws UnknownOptionError (a TypeError) for a key neither a connection nor a subscriber has
 * @throws TypeError or RangeError for an invalid option
 * @example
 * ```ts
 * await using sub = createSubscriber('redis://localhost:6379');
 * await sub.subscribe('news', (m) => console.log(m.message));
 * ```
 */
export function createSubscriber(
  urlOrOptions: string | CreateSubscriberOptions | undefined,
  options: CreateSubscriberOptions & { returnBuffers: true },
): Subscriber<Buffer>;
export function createSubscriber(
  options: CreateSubscriberOptions & { returnBuffers: true },
): Subscriber<Buffer>;
export function createSubscriber(
  urlOrOptions?: string | CreateSubscriberOptions,
  options?: CreateSubscriberOptions,
): Subscriber;
export function createSubscriber(
  urlOrOptions?: string | CreateSubscriberOptions,
  options?: CreateSubscriberOptions,
): Subscriber<string> | Subscriber<Buffer> {
  checkConnectionOptionKeys(urlOrOptions, 'createSubscriber()', CREATE_SUBSCRIBER_OPTION_KEYS);
  checkConnectionOptionKeys(options, 'createSubscriber()', CREATE_SUBSCRIBER_OPTION_KEYS);
  const first = typeof urlOrOptions === 'object' ? urlOrOptions : undefined;
  const settings: SubscriberOptions = {
    returnBuffers: options?.returnBuffers ?? first?.returnBuffers,
    maxBuffered: options?.maxBuffered ?? first?.maxBuffered,
    overflow: options?.overflow ?? first?.overflow,
  };
  const connection = new Connection(connectionPart(urlOrOptions), connectionPart(options));
  return settings.returnBuffers === true
    ? new Subscriber<Buffer>(connection, settings)
    : new Subscriber<string>(connection, settings);
}
