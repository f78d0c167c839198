/** Entry lifetimes: the jitter that keeps entries written together from expiring together. */
/**
 * An entry's stored TTL, shortened by a random share of up to `jitter` so that entries written
 * together expire apart. Never below 1 ms (PX refuses 0).
 */
export function jitteredTtl(
  ttl: number,
  jitter: number,
  random: () => number = Math.random,
): number {
  return Math.max(1, Math.round(ttl * (1 - jitter * random())));
}
