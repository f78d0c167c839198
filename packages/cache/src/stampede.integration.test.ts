import { describe, expect, it } from 'vitest';
import type { Cache } from './cache.js';
import { cachesOn, delay, eventually, freshNamespace, TARGETS } from './test-helpers/targets.js';

describe.each(TARGETS)('stampede protection on $name', (target) => {
  const open = cachesOn(target);

  /** `n` caches on one namespace, each on a client of its own: `n` processes. */
  function processes(n: number, namespace: string, lock = { ttl: 10_000, wait: 20_000 }): Cache[] {
    return Array.from({ length: n }, () => open({ namespace, lock }).cache);
  }

  it('runs the loader at most once per process for 1,000 concurrent misses across 4 processes', async () => {
    const four = processes(4, freshNamespace('stampede'));
    let calls = 0;
    const loader = async () => {
      calls++;
      await delay(300);
      return { price: 42 };
    };
    const results = await Promise.all(
      Array.from({ length: 1_000 }, (_, i) => (four[i % 4] as Cache).getOrSet('product:1', loader)),
    );
    expect(results).toHaveLength(1_000);
    for (const result of results) expect(result).toEqual({ price: 42 });
    expect(calls).toBeGreaterThanOrEqual(1);
    expect(calls).toBeLessThanOrEqual(4);
    const stats = four.map((cache) => cache.stats);
    expect(stats.reduce((sum, s) => sum + s.loads, 0)).toBe(calls);
    expect(stats.reduce((sum, s) => sum + s.misses + s.hits, 0)).toBe(1_000);
    console.info(`[${target.name}] 1,000 misses over 4 processes: loader ran ${calls} time(s)`);
  });

  it('lets the waiters load when the lock holder dies mid-load', async () => {
    const namespace = freshNamespace('holder-dies');
    const lock = { ttl: 1_500, wait: 20_000 };
    const { cache: holder, client: holderClient } = open({ namespace, lock });
    // The holder's loader never finishes: its process dies with the lock held.
    const hung = holder.getOrSet('report', () => new Promise<string>(() => {}));
    hung.catch(() => {});
    const lockKey = `${namespace}:l:report`;
    const held = async () => (await holderClient.sendCommand(['EXISTS', lockKey])) === 1;
    expect(await eventually(held, 10_000)).toBe(true);

    const others = processes(2, namespace, lock);
    let calls = 0;
    const waiting = others.map((cache) =>
      cache.getOrSet('report', async () => {
        calls++;
        return 'fresh report';
      }),
    );
    await delay(200);
    holderClient.destroy();

    const started = Date.now();
    expect(await Promise.all(waiting)).toEqual(['fresh report', 'fresh report']);
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(calls).toBeGreaterThanOrEqual(1);
    expect(calls).toBeLessThanOrEqual(2);
    expect(others.reduce((sum, cache) => sum + cache.stats.lockWaits, 0)).toBeGreaterThanOrEqual(1);
  });

  it('gives every caller of one process the loader error, and stores nothing', async () => {
    const { cache } = open({ namespace: freshNamespace('load-error') });
    let calls = 0;
    const failing = async (): Promise<string> => {
      calls++;
      await delay(50);
      throw new Error('origin down');
    };
    const outcomes = await Promise.allSettled(
      Array.from({ length: 50 }, () => cache.getOrSet('k', failing)),
    );
    expect(calls).toBe(1);
    for (const outcome of outcomes) {
      expect(outcome).toMatchObject({ status: 'rejected', reason: { message: 'origin down' } });
    }
    expect(await cache.get('k')).toBeUndefined();
    expect(cache.stats.loadErrors).toBe(1);
  });
});
