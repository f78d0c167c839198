/**
 * The stampede lock across processes: SET NX PX with a random token, released by a script that
 * deletes the lock only if it still holds that token. A holder whose lock expired mid-load (and
 * was taken by another) therefore never deletes the newer holder's lock.
 */
import { randomBytes } from 'node:crypto';
import { defineScript } from '@redwire/client';
import type { CacheRedis } from './cache-redis.js';
import type { CacheKeys } from './keys.js';

const RELEASE = defineScript(
  "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0",
  { numberOfKeys: 1, name: 'redwire-cache-lock-release' },
);

/** One namespace's locks, each living `ttl` ms unless released. */
export class StampedeLock {
  readonly #redis: CacheRedis;
  readonly #keys: CacheKeys;
  readonly #ttl: number;

  /**
   * @param ttl - how long a lock lives, ms: what a holder that died costs the others at most
   */
  constructor(redis: CacheRedis, keys: CacheKeys, ttl: number) {
    this.#redis = redis;
    this.#keys = keys;
    this.#ttl = ttl;
  }

  /** Takes `key`'s lock. @returns the token to release it with, or undefined when another holds it */
  async acquire(key: string): Promise<string | undefined> {
    // 16 random bytes: two processes never draw the same token, so release is never mistaken.
    const token = randomBytes(16).toString('hex');
    const args = ['SET', this.#keys.lock(key), token, 'NX', 'PX', this.#ttl];
    const reply = await this.#redis.sendCommand(args);
    return reply === 'OK' ? token : undefined;
  }

  /** Releases `key`'s lock if `token` still holds it. @returns whether it did */
  async release(key: string, token: string): Promise<boolean> {
    const reply = await RELEASE.run(this.#redis, { keys: [this.#keys.lock(key)], args: [token] });
    return reply === 1;
  }

  /** How long `key`'s lock has left, in ms; 0 when nobody holds it. */
  async remaining(key: string): Promise<number> {
    const reply = await this.#redis.sendCommand(['PTTL', this.#keys.lock(key)]);
    // -2: no lock; -1 cannot happen (locks are always set with PX) but would mean "held".
    if (reply === -1) return this.#ttl;
    return typeof reply === 'number' && reply > 0 ? reply : 0;
  }
}
