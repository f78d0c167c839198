/**
 * The service's own Prometheus metrics: request latency by route and status, the cache's
 * counters, origin lookups, invalidations heard from other processes and degraded operations.
 * Each service has its own registry, so two in one process (the tests) do not mix their counts.
 */
import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';
import type { Cache, CacheStats } from 'redwire';
import type { DegradedLog } from './degraded-log.js';
import type { Catalog } from './origin/catalog.js';

/** The cache counters exported, as `demo_cache_events_total{event}`. */
const CACHE_EVENTS: Readonly<Record<string, keyof CacheStats>> = {
  hit: 'hits',
  miss: 'misses',
  load: 'loads',
  load_error: 'loadErrors',
  stale: 'staleServes',
  lock_wait: 'lockWaits',
  lock_timeout: 'lockTimeouts',
  early_refresh: 'earlyRefreshes',
  decode_error: 'decodeErrors',
};

/** The metrics of one service and how to feed them. */
export interface ServiceMetrics {
  readonly registry: Registry;
  /** Records one answered request. */
  observeRequest(method: string, route: string, status: number, seconds: number): void;
  /** Records an invalidation another process broadcast. */
  invalidationReceived(): void;
}

/**
 * Creates the registry and its metrics. Counters kept elsewhere (the cache's stats, the
 * catalogue's lookups, the degraded log) are read when Prometheus scrapes.
 */
export function createServiceMetrics(
  cache: Cache,
  catalog: Catalog,
  degraded: DegradedLog,
): ServiceMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const latency = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time to answer an HTTP request, by method, route and status.',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  const invalidations = new Counter({
    name: 'demo_cache_invalidations_received_total',
    help: 'Invalidations broadcast by other processes of the service and received here.',
    registers: [registry],
  });
  new Counter({
    name: 'demo_cache_events_total',
    help: 'Cache-aside events of the product cache: hits, misses, loads and the rest.',
    labelNames: ['event'] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const [event, field] of Object.entries(CACHE_EVENTS)) {
        this.inc({ event }, cache.stats[field]);
      }
    },
  });
  new Counter({
    name: 'demo_origin_lookups_total',
    help: 'Product lookups sent to the origin database.',
    registers: [registry],
    collect() {
      this.reset();
      this.inc(catalog.lookups);
    },
  });
  new Counter({
    name: 'demo_degraded_total',
    help: 'Operations that went on without Redis because it failed, by operation.',
    labelNames: ['operation'] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const [operation, count] of degraded.counts) this.inc({ operation }, count);
    },
  });
  return {
    registry,
    observeRequest(method, route, status, seconds) {
      latency.observe({ method, route, status_code: String(status) }, seconds);
    },
    invalidationReceived() {
      invalidations.inc();
    },
  };
}
