/**
 * Cache metrics on the real standalone server: a cache's hits, misses, loads and load errors by
 * namespace, heard on `redwire:cache` without this package importing the cache.
 */
import { randomUUID } from 'node:crypto';
import { createCache } from '@redwire/cache';
import { createClient } from '@redwire/client';
import { getTestServers } from '@redwire/test-harness';
import { describe, expect, it } from 'vitest';
import { instrumentedMeter } from './test-helpers/test-meter.js';

const { host, port } = getTestServers().standalone.address;
const meter = instrumentedMeter();

describe('cache metrics', () => {
  it('counts hits and misses, loads and load errors, by namespace', async () => {
    const namespace = `otel-${randomUUID().slice(0, 8)}`;
    await using redis = createClient({ host, port });
    await using cache = createCache(redis, { namespace });
    await cache.getOrSet('k', async () => 'v');
    await cache.getOrSet('k', async () => 'v');
    await cache.getOrSet('k', async () => 'v');
    await expect(
      cache.getOrSet('broken', async () => {
        throw new Error('origin down');
      }),
    ).rejects.toThrow('origin down');
    const ns = { 'redwire.cache.namespace': namespace };
    expect(
      await meter.total('redwire.cache.lookups', { ...ns, 'redwire.cache.result': 'hit' }),
    ).toBe(2);
    expect(
      await meter.total('redwire.cache.lookups', { ...ns, 'redwire.cache.result': 'miss' }),
    ).toBe(2);
    expect(await meter.total('redwire.cache.loads', ns)).toBe(2);
    expect(await meter.total('redwire.cache.load_errors', ns)).toBe(1);
    expect(cache.stats).toMatchObject({ hits: 2, misses: 2, loads: 2, loadErrors: 1 });
  });
});
