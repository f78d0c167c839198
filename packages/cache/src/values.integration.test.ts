import { describe, expect, it } from 'vitest';
import { CacheAbortError, type CacheDecodeError, CacheSerializationError } from './errors.js';
import type { Serializer } from './serializer.js';
import { cachesOn, delay, freshNamespace, TARGETS } from './test-helpers/targets.js';

describe.each(TARGETS)('values, failures and cancellation on $name', (target) => {
  const open = cachesOn(target);

  const rich = {
    at: new Date(1_700_000_000_000),
    id: 2n ** 70n,
    byId: new Map([[1, new Set(['x'])]]),
    bytes: Buffer.from([1, 2, 3]),
  };

  it.each(['json', 'msgpack'] as const)(
    'stores and reads rich values with %s',
    async (serializer) => {
      const { cache } = open({ namespace: freshNamespace(serializer), serializer });
      await cache.set('rich', rich);
      expect(await cache.get('rich')).toEqual(rich);
      expect(await cache.getOrSet('null', async () => null)).toBeNull();
      expect(await cache.get('null')).toBeNull();
    },
  );

  it('runs a custom serializer', async () => {
    const upper: Serializer = {
      name: 'upper',
      serialize: (value) => String(value).toUpperCase(),
      deserialize: (bytes) => bytes.toString('utf8'),
    };
    const { cache } = open({ namespace: freshNamespace('custom'), serializer: upper });
    await cache.set('k', 'shout');
    expect(await cache.get('k')).toBe('SHOUT');
  });

  it('refuses an unserializable value with a typed error and writes nothing', async () => {
    const namespace = freshNamespace('unserializable');
    const { cache, client } = open({ namespace });
    await cache.set('k', 'previous');
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    const refused = await cache.set('k', cycle).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(CacheSerializationError);
    expect(refused).toMatchObject({
      code: 'REDWIRE_CACHE_SERIALIZE',
      key: 'k',
      serializer: 'json',
    });
    expect(await cache.get('k')).toBe('previous');
    await expect(cache.getOrSet('fn', async () => () => 1)).rejects.toBeInstanceOf(
      CacheSerializationError,
    );
    expect(await client.sendCommand(['EXISTS', `${namespace}:v:fn`])).toBe(0);
  });

  it('reads an entry it cannot decode as a reported miss, then replaces it', async () => {
    const namespace = freshNamespace('undecodable');
    const json = open({ namespace }).cache;
    const { cache: msgpack, client } = open({ namespace, serializer: 'msgpack' });
    const reported: CacheDecodeError[] = [];
    json.on('decodeError', (error) => reported.push(error));
    await client.sendCommand(['SET', `${namespace}:v:legacy`, 'written by the old app']);
    await msgpack.set('other-format', { a: 1 });

    expect(await json.get('legacy')).toBeUndefined();
    expect(await json.get('other-format')).toBeUndefined();
    expect(await json.getOrSet('legacy', async () => 'reloaded')).toBe('reloaded');
    expect(await json.get('legacy')).toBe('reloaded');
    expect(reported.map((error) => [error.code, error.key])).toEqual([
      ['REDWIRE_CACHE_DECODE', 'legacy'],
      ['REDWIRE_CACHE_DECODE', 'other-format'],
      ['REDWIRE_CACHE_DECODE', 'legacy'],
    ]);
    expect(json.stats).toMatchObject({ decodeErrors: 3, misses: 3, hits: 1, loads: 1 });
  });

  it('abandons one caller on its signal while the shared load finishes for the others', async () => {
    const { cache } = open({ namespace: freshNamespace('signal') });
    let calls = 0;
    const slow = async () => {
      calls++;
      await delay(500);
      return 'loaded';
    };
    const controller = new AbortController();
    const impatient = cache.getOrSet('k', slow, { signal: controller.signal });
    const patient = cache.getOrSet('k', slow);
    await delay(100);
    controller.abort();
    await expect(impatient).rejects.toBeInstanceOf(CacheAbortError);
    expect(await patient).toBe('loaded');
    expect(await cache.get('k')).toBe('loaded');
    expect(calls).toBe(1);
  });

  it('counts a lock wait and a timeout when the holder outlasts lock.wait', async () => {
    const namespace = freshNamespace('lock-timeout');
    const holder = open({ namespace }).cache;
    const waiter = open({ namespace, lock: { ttl: 10_000, wait: 500 } }).cache;
    let release!: () => void;
    const slowLoad = holder.getOrSet(
      'k',
      () => new Promise<string>((resolve) => (release = () => resolve('holder'))),
    );
    await delay(200);
    expect(await waiter.getOrSet('k', async () => 'waiter')).toBe('waiter');
    expect(waiter.stats).toMatchObject({ lockWaits: 1, lockTimeouts: 1, loads: 1 });
    release();
    expect(await slowLoad).toBe('holder');
  });

  it('refuses calls once closed', async () => {
    const { cache } = open({ namespace: freshNamespace('closed') });
    await cache.close();
    await expect(cache.get('k')).rejects.toMatchObject({ code: 'REDWIRE_CACHE_CLOSED' });
  });
});
