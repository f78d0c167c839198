/**
 * A fixed-window rate limiter on writes, as one Lua script: INCR the client's counter and start
 * its window on the first hit, atomically, so concurrent requests of one client (on any process
 * of the service) are counted exactly once each. A fixed window lets a client burst up to twice
 * the limit across a window's edge; for a demo's write throttle that is the right trade for one
 * key and two commands per request.
 */
import { defineScript, type RedisCluster } from 'redwire';
import type { DegradedLog } from './degraded-log.js';

// KEYS[1]: the client's counter; ARGV[1]: the window in ms. Returns { count, ms left }.
// A key without a TTL (set by something else, or a lost PEXPIRE) gets one, so it never sticks.
const FIXED_WINDOW = defineScript(
  `local count = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if count == 1 or ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return { count, ttl }`,
  { numberOfKeys: 1, name: 'fixed-window' },
);

/** The limiter's decision for one request. */
export interface RateDecision {
  readonly allowed: boolean;
  /** Writes left in this window. */
  readonly remaining: number;
  /** Whole seconds until the window ends (what `Retry-After` says). */
  readonly retryAfter: number;
}

/** Limits each client to `limit` writes per `window` milliseconds. */
export class RateLimiter {
  readonly #cluster: RedisCluster;
  readonly #degraded: DegradedLog;
  readonly #prefix: string;
  readonly #limit: number;
  readonly #window: number;

  constructor(
    cluster: RedisCluster,
    degraded: DegradedLog,
    options: { keyPrefix: string; limit: number; window: number },
  ) {
    this.#cluster = cluster;
    this.#degraded = degraded;
    this.#prefix = `${options.keyPrefix}:ratelimit:writes:`;
    this.#limit = options.limit;
    this.#window = options.window;
  }

  /** The most writes per window. */
  get limit(): number {
    return this.#limit;
  }

  /**
   * Counts one write by `client` (its IP address). When Redis fails the write is allowed: an
   * outage of the limiter should not become an outage of the service.
   */
  async hit(client: string): Promise<RateDecision> {
    try {
      const reply = (await FIXED_WINDOW.run(this.#cluster, {
        keys: [this.#prefix + client],
        args: [this.#window],
      })) as [number, number];
      const [count, ttl] = reply;
      return {
        allowed: count <= this.#limit,
        remaining: Math.max(0, this.#limit - count),
        retryAfter: Math.max(1, Math.ceil(ttl / 1000)),
      };
    } catch (error) {
      this.#degraded.record('rate limit', error);
      return { allowed: true, remaining: this.#limit, retryAfter: 0 };
    }
  }
}
