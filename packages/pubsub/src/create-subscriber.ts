import { Connection, type ConnectionOptions } from '@redwire/connection';
import type { SubscriberOptions } from './options.js';
import { Subscriber } from './subscriber.js';

/** Everything `createSubscriber` accepts besides a URL: the connection's and the subscriber's. */
export interface CreateSubscriberOptions extends ConnectionOptions, SubscriberOptions {}

/**
 * Creates a subscriber on a connection of its own. Lazy: the first subscription connects.
 * With `returnBuffers: true` names and payloads are Buffers (`Subscriber<Buffer>`).
 *
 * @param urlOrOptions - `redis://…` (as `createClient`), or options
 * @param options - options that win over the URL's
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
  const first = typeof urlOrOptions === 'object' ? urlOrOptions : undefined;
  const settings: SubscriberOptions = {
    returnBuffers: options?.returnBuffers ?? first?.returnBuffers,
    maxBuffered: options?.maxBuffered ?? first?.maxBuffered,
    overflow: options?.overflow ?? first?.overflow,
  };
  // The connection ignores the subscriber's own fields.
  const connection = new Connection(urlOrOptions, options);
  return settings.returnBuffers === true
    ? new Subscriber<Buffer>(connection, settings)
    : new Subscriber<string>(connection, settings);
}
