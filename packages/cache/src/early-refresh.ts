/**
 * Whether a hit should also reload its entry in the background, before it expires.
 *
 * XFetch (Vattani, Chierichetti and Lowenstein, "Optimal Probabilistic Cache Stampede
 * Prevention", VLDB 2015): reload when `now - delta * beta * ln(rand) >= expiry`, with `delta` the
 * time the last load took and `rand` uniform in (0, 1]. `-ln(rand)` is exponentially distributed,
 * so the chance grows smoothly as expiry nears and slow loads start earlier, which spreads the
 * reloads of a hot key over its last moments instead of stampeding at the end.
 *
 * Stale-while-revalidate: an entry past its fresh time, still stored, is served and reloaded.
 */
import type { EntryHeader } from './entry.js';

/** What a hit means for its entry. */
export type Freshness = 'fresh' | 'refresh' | 'stale';

/** The early-refresh settings a check needs (a resolved `earlyRefresh`). */
export type RefreshPolicy =
  | { readonly strategy: 'xfetch'; readonly beta: number }
  | { readonly strategy: 'stale-while-revalidate'; readonly staleTtl: number }
  | false;

/**
 * XFetch's test: should a hit at `now` reload an entry fresh until `freshUntil` whose load took
 * `loadMs`? `random` is uniform in [0, 1) (Math.random's range); it is turned into (0, 1] so the
 * logarithm stays finite.
 */
export function xfetchDue(
  now: number,
  freshUntil: number,
  loadMs: number,
  beta: number,
  random: number,
): boolean {
  return now - loadMs * beta * Math.log(1 - random) >= freshUntil;
}

/** What a hit at `now` should do with `entry` under `policy`. */
export function freshness(
  entry: Pick<EntryHeader, 'freshUntil' | 'loadMs' | 'kind'>,
  policy: RefreshPolicy,
  now: number,
  random: () => number = Math.random,
): Freshness {
  // A remembered "not found" is not refreshed: it is short-lived by design and simply expires.
  if (policy === false || entry.kind === 'not-found') return 'fresh';
  if (policy.strategy === 'stale-while-revalidate') {
    return now < entry.freshUntil ? 'fresh' : 'stale';
  }
  return xfetchDue(now, entry.freshUntil, entry.loadMs, policy.beta, random())
    ? 'refresh'
    : 'fresh';
}
