/**
 * The client-side cache on a real server: reads answered from memory, a write from another
 * connection seen within 100 ms (the bound; the server's push travels one loopback hop),
 * broadcast tracking with prefixes, the LRU bounds, and no stale value after the tracking
 * connection is killed. Keys are prefixed per test: the server is shared with other files.
 */
import { getTestServers, within } from '@redwire/test-harness';
import { afterAll, describe, expect, it } from 'vitest';
import type { RedisClient } from '../client.js';
import { createClient } from '../create-client.js';
import type { ClientOptions } from '../options.js';

const { standalone } = getTestServers();
const { host, port } = standalone.address;

const opened: RedisClient[] = [];
function client(options: ClientOptions = {}): RedisClient {
  const made = createClient({ host, port, ...options });
  opened.push(made);
  return made;
}
afterAll(() => Promise.all(opened.map((made) => made.close())));

/** The cache's counters (the client must have one). */
function stats(redis: RedisClient) {
  return (redis.clientSideCache as NonNullable<RedisClient['clientSideCache']>).stats;
}

describe('client-side cache, default tracking', () => {
  it('answers repeated reads from memory, and a write from another connection within 100 ms', async () => {
    const redis = client({ clientSideCache: true });
    const writer = client();
    await writer.set('csc:a', 'v1');
    expect(await redis.get('csc:a')).toBe('v1');
    for (let i = 0; i < 10; i++) expect(await redis.get('csc:a')).toBe('v1');
    expect(stats(redis)).toMatchObject({ misses: 1, hits: 10, entries: 1 });

    await writer.set('csc:a', 'v2');
    const took = await within(100, async () => (await redis.get('csc:a')) === 'v2');
    expect(took).toBeLessThanOrEqual(100);
    expect(stats(redis).invalidations).toBeGreaterThanOrEqual(1);
  });

  it("sees its own writes at once (the server invalidates the writer's own keys too)", async () => {
    const redis = client({ clientSideCache: true });
    await redis.set('csc:own', '1');
    expect(await redis.get('csc:own')).toBe('1');
    await redis.set('csc:own', '2');
    expect(await redis.get('csc:own')).toBe('2');
    await redis.del('csc:own');
    expect(await redis.get('csc:own')).toBeNull();
  });

  it('caches hashes, lists and multi-key reads, each dropped when any of its keys changes', async () => {
    const redis = client({ clientSideCache: true });
    const writer = client();
    await writer.hset('csc:h', { f: '1' });
    await writer.mset({ 'csc:m1': 'a', 'csc:m2': 'b' });
    expect(await redis.hgetall('csc:h')).toEqual({ f: '1' });
    expect(await redis.hgetall('csc:h')).toEqual({ f: '1' });
    expect(await redis.mget('csc:m1', 'csc:m2')).toEqual(['a', 'b']);
    expect(await redis.mget('csc:m1', 'csc:m2')).toEqual(['a', 'b']);
    expect(stats(redis).hits).toBe(2);
    await writer.set('csc:m2', 'c');
    await writer.hset('csc:h', { g: '2' });
    await within(5_000, async () => (await redis.mget('csc:m1', 'csc:m2'))[1] === 'c');
    await within(5_000, async () => 'g' in (await redis.hgetall('csc:h')));
  });

  it('does not cache reads of an isolated connection, nor random or clock-dependent reads', async () => {
    const redis = client({ clientSideCache: true });
    await redis.set('csc:iso', 'v');
    await redis.isolated(async (conn) => {
      await conn.get('csc:iso');
      await conn.get('csc:iso');
    });
    await redis.ttl('csc:iso');
    await redis.ttl('csc:iso');
    await redis.randomkey();
    expect(stats(redis)).toMatchObject({ hits: 0, misses: 0, entries: 0 });
  });

  it('serves no stale value after CLIENT KILL of its connection, even for a write it could not hear', async () => {
    const redis = client({ clientSideCache: true });
    const writer = client();
    await writer.set('csc:kill', 'before');
    expect(await redis.get('csc:kill')).toBe('before');
    expect(await redis.get('csc:kill')).toBe('before');
    const id = Number(await redis.clientId());
    const flushes = stats(redis).flushes;
    expect(await standalone.command('CLIENT', 'KILL', 'ID', String(id))).toBe(1);
    // Written while the cached client has no connection: no invalidation can ever reach it.
    await writer.set('csc:kill', 'after');
    await within(10_000, () => stats(redis).flushes > flushes);
    expect(await redis.get('csc:kill')).toBe('after');
    expect(Number(await redis.clientId())).not.toBe(id);
    // The new connection tracks again: the next write is heard.
    await writer.set('csc:kill', 'later');
    await within(5_000, async () => (await redis.get('csc:kill')) === 'later');
  });

  it('stores no stale reply when writes from another connection race reads in flight', async () => {
    const redis = client({ clientSideCache: true });
    const writer = client();
    await writer.set('csc:race', '0');
    let running = true;
    const reader = async () => {
      while (running) {
        await redis.get('csc:race');
        // Hits resolve without I/O: let the writer's replies in.
        await new Promise((resolve) => setImmediate(resolve));
      }
    };
    const readers = Array.from({ length: 16 }, reader);
    for (let i = 1; i <= 500; i++) await writer.set('csc:race', String(i));
    running = false;
    await Promise.all(readers);
    // The last write's invalidation was pushed before any later reply on the caching
    // connection: one round trip on it is a barrier.
    await redis.ping();
    expect(await redis.get('csc:race')).toBe('500');
    expect(stats(redis).invalidations).toBeGreaterThan(0);
    expect(redis.clientSideCache?.readsTracked).toBe(0);
  });

  it('refuses to answer once closed', async () => {
    const redis = createClient({ host, port, clientSideCache: true });
    await redis.set('csc:closed', 'v');
    await redis.get('csc:closed');
    await redis.close();
    await expect(redis.get('csc:closed')).rejects.toMatchObject({
      code: 'REDWIRE_CONNECTION_CLOSED',
    });
  });
});

describe('client-side cache, broadcast tracking', () => {
  it('caches only keys under its prefixes, and hears writes to keys it never read', async () => {
    const redis = client({
      clientSideCache: { mode: 'broadcast', prefixes: ['csc:bcast:user:'] },
    });
    const writer = client();
    await writer.set('csc:bcast:user:1', 'ada');
    await writer.set('csc:bcast:item:1', 'lamp');
    expect(await redis.get('csc:bcast:user:1')).toBe('ada');
    expect(await redis.get('csc:bcast:user:1')).toBe('ada');
    expect(await redis.get('csc:bcast:item:1')).toBe('lamp');
    expect(await redis.get('csc:bcast:item:1')).toBe('lamp');
    expect(stats(redis)).toMatchObject({ hits: 1, misses: 1, entries: 1 });

    const heard = stats(redis).invalidations;
    await writer.set('csc:bcast:user:2', 'never read');
    await within(5_000, () => stats(redis).invalidations > heard);
    await writer.set('csc:bcast:user:1', 'grace');
    await within(5_000, async () => (await redis.get('csc:bcast:user:1')) === 'grace');
  });
});

describe('client-side cache bounds', () => {
  it('holds at most maxEntries, evicting the entries not read since they were stored', async () => {
    const redis = client({ clientSideCache: { maxEntries: 5 } });
    const writer = client();
    await writer.mset(
      Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`csc:lru:${i}`, `${i}`])),
    );
    for (let i = 0; i < 10; i++) await redis.get(`csc:lru:${i}`);
    expect(stats(redis)).toMatchObject({ entries: 5, evictions: 5 });
    // The last five read are the ones kept.
    for (let i = 5; i < 10; i++) expect(await redis.get(`csc:lru:${i}`)).toBe(`${i}`);
    expect(stats(redis).hits).toBe(5);
  });

  it('holds at most maxBytes', async () => {
    const maxBytes = 16 * 1024;
    const redis = client({ clientSideCache: { maxBytes } });
    const writer = client();
    const value = 'x'.repeat(1_000);
    for (let i = 0; i < 40; i++) await writer.set(`csc:bytes:${i}`, value);
    for (let i = 0; i < 40; i++) await redis.get(`csc:bytes:${i}`);
    const { bytes, entries, evictions } = stats(redis);
    expect(bytes).toBeLessThanOrEqual(maxBytes);
    // Each entry counts at least its 1,000 characters at two bytes each.
    expect(entries).toBeLessThanOrEqual(8);
    expect(entries).toBeGreaterThan(0);
    expect(evictions).toBe(40 - entries);
  });
});
