/** The counters a cache keeps, for the user to read and export, and their diagnostics channel. */
import { type CacheDiagnostic, type CacheDiagnosticEvent, cacheChannel } from './diagnostics.js';

/** What a cache counted since it was created. Every field only grows. */
export interface CacheStats {
  /** Reads that found an entry (a remembered "not found" included). */
  hits: number;
  /** Reads that found nothing usable (undecodable entries included). */
  misses: number;
  /** Loader calls made by this cache. */
  loads: number;
  /** Loader calls that threw or rejected. */
  loadErrors: number;
  /** Stale entries served while they were reloaded (stale-while-revalidate). */
  staleServes: number;
  /** Loads this process waited for because another held the key's lock. */
  lockWaits: number;
  /** Waits that reached `lock.wait` and loaded without the lock. */
  lockTimeouts: number;
  /** Background reloads started before an entry expired (XFetch or stale-while-revalidate). */
  earlyRefreshes: number;
  /** Stored entries that could not be decoded (read as misses, emitted as `decodeError`). */
  decodeErrors: number;
}

/** A fresh set of counters, all zero. */
export function emptyStats(): CacheStats {
  return {
    hits: 0,
    misses: 0,
    loads: 0,
    loadErrors: 0,
    staleServes: 0,
    lockWaits: 0,
    lockTimeouts: 0,
    earlyRefreshes: 0,
    decodeErrors: 0,
  };
}

/** The counter each diagnostics event increments. */
const FIELDS: Readonly<Record<CacheDiagnosticEvent, keyof CacheStats>> = {
  hit: 'hits',
  miss: 'misses',
  load: 'loads',
  'load-error': 'loadErrors',
  stale: 'staleServes',
  'lock-wait': 'lockWaits',
  'lock-timeout': 'lockTimeouts',
  'early-refresh': 'earlyRefreshes',
  'decode-error': 'decodeErrors',
};

/**
 * One cache's counters: every count increments its field and, when anyone listens, tells
 * `redwire:cache`, so the stats and an exporter's metrics never disagree.
 */
export class StatsCounter {
  readonly #stats = emptyStats();
  readonly #namespace: string;

  constructor(namespace: string) {
    this.#namespace = namespace;
  }

  /** Counts one `event`. */
  count(event: CacheDiagnosticEvent): void {
    this.#stats[FIELDS[event]]++;
    // Nobody subscribed costs one property read: the payload is built only for a listener.
    if (!cacheChannel.hasSubscribers) return;
    const message: CacheDiagnostic = { event, namespace: this.#namespace };
    cacheChannel.publish(message);
  }

  /** A copy of the counters. */
  snapshot(): CacheStats {
    return { ...this.#stats };
  }
}
