/**
 * The diagnostics channel a cache publishes to: `redwire:cache`, one message per counted event,
 * so a metrics exporter (`@redwire/otel`) can count hits and misses of every cache in the process
 * without a reference to any of them, and without importing this package. See
 * docs/observability.md.
 */
import diagnostics from 'node:diagnostics_channel';

/** What a `redwire:cache` message counts: one per increment of the matching `cache.stats` field. */
export type CacheDiagnosticEvent =
  | 'hit'
  | 'miss'
  | 'load'
  | 'load-error'
  | 'stale'
  | 'lock-wait'
  | 'lock-timeout'
  | 'early-refresh'
  | 'decode-error';

/** `redwire:cache`: a cache counted an event. Keys and values are the application's: never sent. */
export interface CacheDiagnostic {
  readonly event: CacheDiagnosticEvent;
  /** The cache's namespace (`createCache`'s `namespace` option). */
  readonly namespace: string;
}

/** The names of the cache's channels, as subscribers pass them to `diagnostics_channel`. */
export const CACHE_CHANNELS = Object.freeze({
  cache: 'redwire:cache',
} as const);

/** @internal */
export const cacheChannel = diagnostics.channel(CACHE_CHANNELS.cache);
