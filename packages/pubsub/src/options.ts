/** What a subscriber and its message streams can be told, with their defaults. */
import { checkOptionKeys, type OptionKeySet, optionKeys } from '@redwire/protocol';

/**
 * What a message stream does when `maxBuffered` messages wait for its consumer and another
 * arrives: `'dropOldest'` drops the oldest waiting message and counts it (`stream.dropped`);
 * `'error'` ends the stream with `MessageOverflowError` once the waiting messages are taken.
 */
export type OverflowPolicy = 'dropOldest' | 'error';

/** Options of one message stream (`sub.channel(name, options)`, `sub.messages(options)`). */
export interface StreamOptions {
  /**
   * Most messages that wait in the stream for its consumer; must be a whole number `>= 1`.
   * @defaultValue `10_000`
   */
  maxBuffered?: number | undefined;
  /** What happens when `maxBuffered` messages wait and another arrives. @defaultValue `'error'` */
  overflow?: OverflowPolicy | undefined;
}

/** Options of a `Subscriber`: its streams' defaults, and strings or Buffers. */
export interface SubscriberOptions extends StreamOptions {
  /**
   * Channel names, patterns and payloads as Buffers (arbitrary bytes) instead of UTF-8 strings.
   * @defaultValue `false`
   */
  returnBuffers?: boolean | undefined;
}

/** Stream options with every field resolved. */
export interface ResolvedStreamOptions {
  readonly maxBuffered: number;
  readonly overflow: OverflowPolicy;
}

/** The value of every {@link SubscriberOptions} field. */
export const SUBSCRIBER_DEFAULTS = Object.freeze({
  maxBuffered: 10_000,
  overflow: 'error',
  returnBuffers: false,
} as const satisfies SubscriberOptions);

/** Every key of {@link StreamOptions}. */
export const STREAM_OPTION_KEYS: OptionKeySet = optionKeys<StreamOptions>({
  maxBuffered: true,
  overflow: true,
});

/** Every key of {@link SubscriberOptions}. */
export const SUBSCRIBER_OPTION_KEYS: OptionKeySet = optionKeys<SubscriberOptions>({
  maxBuffered: true,
  overflow: true,
  returnBuffers: true,
});

/**
 * `options` over `defaults`, checked.
 * @param where - the function the caller called, for the error naming an unknown key
 * @param keys - the keys `where` accepts: a stream's, or a subscriber's
 * @throws UnknownOptionError (a TypeError) for a key not in `keys` for a `maxBuffered` that is not a whole number `>= 1`
 * @throws TypeError for an `overflow` other than `'dropOldest'` or `'error'`
 */
export function resolveStreamOptions(
  options: StreamOptions | undefined,
  defaults: ResolvedStreamOptions = SUBSCRIBER_DEFAULTS,
  where = 'resolveStreamOptions()',
  keys: OptionKeySet = STREAM_OPTION_KEYS,
): ResolvedStreamOptions {
  if (typeof options === 'object' && options !== null) checkOptionKeys(options, keys, where);
  const maxBuffered = options?.maxBuffered ?? defaults.maxBuffered;
  if (!Number.isSafeInteger(maxBuffered) || maxBuffered < 1) {
    throw new RangeError(`maxBuffered must be a whole number >= 1, got ${String(maxBuffered)}`);
  }
  const overflow = options?.overflow ?? defaults.overflow;
  if (overflow !== 'dropOldest' && overflow !== 'error') {
    throw new TypeError(`overflow must be 'dropOldest' or 'error', got ${String(overflow)}`);
  }
  return { maxBuffered, overflow };
}
