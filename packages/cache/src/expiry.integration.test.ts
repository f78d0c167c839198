import { describe, expect, it } from 'vitest';
import type { Cache } from './cache.js';
import type { CacheOptions } from './options.js';
import {
  cachesOn,
  delay,
  eventually,
  freshNamespace,
  TARGETS,
  type TestRedis,
} from './test-helpers/targets.js';

describe.each(TARGETS)('entry lifetimes on $name', (target) => {
  const opener = cachesOn(target);
  let client: TestRedis;
  let cache: Cache;

  function open(options: CacheOptions): void {
    ({ cache, client } = opener({ earlyRefresh: false, ...options }));
  }

  it('loads again once an entry has expired', async () => {
    open({ namespace: freshNamespace('expiry'), ttl: 1_000, jitter: 0 });
    let calls = 0;
    const loader = async () => ++calls;
    expect(await cache.getOrSet('k', loader)).toBe(1);
    expect(await cache.getOrSet('k', loader)).toBe(1);
    expect(await eventually(async () => (await cache.get('k')) === undefined, 10_000)).toBe(true);
    expect(await cache.getOrSet('k', loader)).toBe(2);
    expect(calls).toBe(2);
  });

  it('remembers a "not found" for negativeTtl, then asks the loader again', async () => {
    const namespace = freshNamespace('negative');
    open({ namespace, ttl: 60_000, negativeTtl: 1_000, jitter: 0 });
    let calls = 0;
    const missingRow = async () => {
      calls++;
      return undefined;
    };
    expect(await cache.getOrSet('user:404', missingRow)).toBeUndefined();
    expect(await cache.getOrSet('user:404', missingRow)).toBeUndefined();
    expect(calls).toBe(1);
    expect(cache.stats.hits).toBe(1);
    const pttl = await client.sendCommand(['PTTL', `${namespace}:v:user:404`]);
    expect(pttl).toBeGreaterThan(0);
    expect(pttl).toBeLessThanOrEqual(1_000);
    await delay(1_100);
    expect(await cache.getOrSet('user:404', missingRow)).toBeUndefined();
    expect(calls).toBe(2);
  });

  it('stores nothing for a "not found" when negativeTtl is 0', async () => {
    const namespace = freshNamespace('no-negative');
    open({ namespace, negativeTtl: 0 });
    let calls = 0;
    const missingRow = async () => {
      calls++;
      return undefined;
    };
    await cache.getOrSet('gone', missingRow);
    await cache.getOrSet('gone', missingRow);
    expect(calls).toBe(2);
    expect(await client.sendCommand(['EXISTS', `${namespace}:v:gone`])).toBe(0);
  });

  it('spreads the TTLs of entries written together by the jitter', async () => {
    const namespace = freshNamespace('jitter');
    open({ namespace, ttl: 100_000, jitter: 0.5 });
    const keys = Array.from({ length: 40 }, (_, i) => `item:${i}`);
    await Promise.all(keys.map((key) => cache.set(key, key)));
    const ttls = (await Promise.all(
      keys.map((key) => client.sendCommand(['PTTL', `${namespace}:v:${key}`])),
    )) as number[];
    for (const ttl of ttls) {
      expect(ttl).toBeGreaterThan(49_000);
      expect(ttl).toBeLessThanOrEqual(100_000);
    }
    // 40 draws over a 50-second range: far more than 10 distinct whole seconds.
    expect(new Set(ttls.map((ttl) => Math.floor(ttl / 1_000))).size).toBeGreaterThan(10);
  });
});
