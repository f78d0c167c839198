/**
 * The dashboard's numbers over the last minute: requests, errors, cache hits and misses, and a
 * latency histogram, kept in one bucket per second in a ring of 60. Memory is fixed (60 buckets
 * of a few counters and one histogram each) however much traffic goes through; a bucket older
 * than the window is reset when its slot comes round again.
 */

/**
 * Upper bounds of the latency histogram, in milliseconds: steps of 25 % from 0.5 ms to about a
 * minute, so the p99 shown is at most a quarter above the true one. The last bucket is open.
 */
export const LATENCY_BOUNDS_MS: readonly number[] = (() => {
  const bounds: number[] = [];
  for (let bound = 0.5; bound < 60_000; bound *= 1.25) bounds.push(Number(bound.toPrecision(3)));
  return bounds;
})();

/** What the window says about the seconds it holds. */
export interface WindowSummary {
  /** Seconds covered: 60, or fewer while the window is younger than a minute. */
  readonly seconds: number;
  readonly requests: number;
  /** `requests / seconds`. */
  readonly perSecond: number;
  /** Answers with a 5xx status. */
  readonly errors: number;
  /** Cache hits over hits and misses, 0 to 1; `null` when nothing was read. */
  readonly hitRate: number | null;
  /** Upper bound of the histogram bucket holding the 99th percentile; `null` with no request. */
  readonly p99Ms: number | null;
  /** Requests in each of the last 60 seconds, oldest first (the current second last). */
  readonly series: readonly number[];
}

/** One second of traffic. */
interface Bucket {
  /** The second (`Math.floor(ms / 1000)`) this bucket counts; -1 when unused. */
  second: number;
  requests: number;
  errors: number;
  hits: number;
  misses: number;
  latency: Uint32Array;
}

const SECONDS = 60;

/** A rolling one-minute window of request statistics. */
export class RequestWindow {
  readonly #buckets: Bucket[];
  readonly #now: () => number;
  readonly #startedSecond: number;

  /** @param now - the clock, in milliseconds (tests pass their own) */
  constructor(now: () => number = Date.now) {
    this.#now = now;
    this.#startedSecond = Math.floor(now() / 1000);
    this.#buckets = Array.from({ length: SECONDS }, () => ({
      second: -1,
      requests: 0,
      errors: 0,
      hits: 0,
      misses: 0,
      latency: new Uint32Array(LATENCY_BOUNDS_MS.length + 1),
    }));
  }

  /**
   * Counts one answered request.
   * @param status - its HTTP status; 5xx counts as an error
   * @param ms - how long it took
   * @param cache - what it read from the cache: hits and misses (both 0 when it read none)
   */
  record(status: number, ms: number, cache: { hits: number; misses: number }): void {
    const bucket = this.#current();
    bucket.requests++;
    if (status >= 500) bucket.errors++;
    bucket.hits += cache.hits;
    bucket.misses += cache.misses;
    bucket.latency[latencyIndex(ms)]! += 1;
  }

  /** The last minute, as the dashboard shows it. */
  summary(): WindowSummary {
    const second = Math.floor(this.#now() / 1000);
    const seconds = Math.max(1, Math.min(SECONDS, second - this.#startedSecond + 1));
    const series: number[] = [];
    const latency = new Array<number>(LATENCY_BOUNDS_MS.length + 1).fill(0);
    let requests = 0;
    let errors = 0;
    let hits = 0;
    let misses = 0;
    for (let s = second - SECONDS + 1; s <= second; s++) {
      const bucket = this.#buckets[slotOf(s)]!;
      if (bucket.second !== s) {
        series.push(0);
        continue;
      }
      series.push(bucket.requests);
      requests += bucket.requests;
      errors += bucket.errors;
      hits += bucket.hits;
      misses += bucket.misses;
      bucket.latency.forEach((count, i) => {
        latency[i]! += count;
      });
    }
    return {
      seconds,
      requests,
      perSecond: requests / seconds,
      errors,
      hitRate: hits + misses === 0 ? null : hits / (hits + misses),
      p99Ms: percentile(latency, requests, 0.99),
      series,
    };
  }

  #current(): Bucket {
    const second = Math.floor(this.#now() / 1000);
    const bucket = this.#buckets[slotOf(second)]!;
    if (bucket.second !== second) {
      bucket.second = second;
      bucket.requests = 0;
      bucket.errors = 0;
      bucket.hits = 0;
      bucket.misses = 0;
      bucket.latency.fill(0);
    }
    return bucket;
  }
}

/** The bucket of a latency: the first bound at or above it, or the open last one. */
function latencyIndex(ms: number): number {
  let low = 0;
  let high = LATENCY_BOUNDS_MS.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (LATENCY_BOUNDS_MS[middle]! >= ms) high = middle;
    else low = middle + 1;
  }
  return low;
}

/** Upper bound of the bucket holding quantile `q`; the open bucket reports the last bound. */
function percentile(counts: readonly number[], total: number, q: number): number | null {
  if (total === 0) return null;
  const rank = Math.ceil(q * total);
  let seen = 0;
  for (let i = 0; i < counts.length; i++) {
    seen += counts[i]!;
    if (seen >= rank) return LATENCY_BOUNDS_MS[Math.min(i, LATENCY_BOUNDS_MS.length - 1)]!;
  }
  return LATENCY_BOUNDS_MS[LATENCY_BOUNDS_MS.length - 1]!;
}

/**
 * Cache hits and misses of one answer, from its `x-cache` header: `hit`, `miss`, `bypass` (a
 * miss: Redis was not used) or `2/3` (a batch read: 2 of 3 found in Redis).
 */
export function cacheOutcome(header: unknown): { hits: number; misses: number } {
  if (header === 'hit') return { hits: 1, misses: 0 };
  if (header === 'miss' || header === 'bypass') return { hits: 0, misses: 1 };
  const batch = typeof header === 'string' ? /^(\d+)\/(\d+)$/.exec(header) : null;
  if (batch === null) return { hits: 0, misses: 0 };
  const found = Number(batch[1]);
  const asked = Number(batch[2]);
  return { hits: found, misses: Math.max(0, asked - found) };
}

/** The ring slot of a second (a clock before the epoch, as in tests, gives negative seconds). */
function slotOf(second: number): number {
  return ((second % SECONDS) + SECONDS) % SECONDS;
}
