import { describe, expect, it } from 'vitest';
import type { InvalidationEvent } from './cache.js';
import { cachesOn, eventually, freshNamespace, TARGETS } from './test-helpers/targets.js';

describe.each(TARGETS)('invalidation on $name', (target) => {
  const opener = cachesOn(target);
  const open = (namespace: string) => opener({ namespace });

  it('deletes one key, and many keys spread over every slot range', async () => {
    const { cache } = open(freshNamespace('delete'));
    const keys = Array.from({ length: 30 }, (_, i) => `user:${i}`);
    await Promise.all(keys.map((key) => cache.set(key, { id: key })));
    expect(await cache.delete('user:0')).toBe(true);
    expect(await cache.delete('user:0')).toBe(false);
    expect(await cache.deleteMany(keys)).toBe(29);
    expect(await Promise.all(keys.map((key) => cache.get(key)))).toEqual(keys.map(() => undefined));
  });

  it('drops every entry of a tag, on every shard, and only those', async () => {
    const namespace = freshNamespace('tags');
    const { cache, client } = open(namespace);
    const tagged = Array.from({ length: 30 }, (_, i) => `product:${i}`);
    await Promise.all(tagged.map((key) => cache.set(key, key, { tags: ['catalog', 'shop'] })));
    const primaries = await target.primaries(client);
    const onEach = () =>
      Promise.all(
        primaries.map(
          async (node) =>
            ((await node.sendCommand(['KEYS', `${namespace}:v:product:*`])) as string[]).length,
        ),
      );
    // On the cluster the 30 entries sit on all three shards.
    const before = await onEach();
    expect(before).toHaveLength(target.name === 'cluster' ? 3 : 1);
    for (const count of before) expect(count).toBeGreaterThan(0);
    await cache.getOrSet('product:loaded', async () => 'loaded', { tags: ['catalog'] });
    await cache.set('user:1', 'not in the catalog', { tags: ['users'] });

    expect(await cache.invalidateTags('catalog')).toBe(31);
    expect(await onEach()).toEqual(before.map(() => 0));
    expect(await Promise.all(tagged.map((key) => cache.get(key)))).toEqual(
      tagged.map(() => undefined),
    );
    expect(await cache.get('product:loaded')).toBeUndefined();
    expect(await cache.get('user:1')).toBe('not in the catalog');
    expect(await client.sendCommand(['EXISTS', `${namespace}:t:{catalog}`])).toBe(0);
    // The other tag's set still names the keys; dropping it finds nothing left to delete.
    expect(await cache.invalidateTags(['shop'])).toBe(0);
  });

  it('gives a tag set the lifetime of its longest-lived entry', async () => {
    const namespace = freshNamespace('tag-ttl');
    const { cache, client } = open(namespace);
    await cache.set('a', 1, { tags: ['t'], ttl: 5_000 });
    await cache.set('b', 2, { tags: ['t'], ttl: 50_000 });
    await cache.set('c', 3, { tags: ['t'], ttl: 1_000 });
    const pttl = (await client.sendCommand(['PTTL', `${namespace}:t:{t}`])) as number;
    expect(pttl).toBeGreaterThan(40_000);
    expect(pttl).toBeLessThanOrEqual(50_000);
  });

  it('broadcasts invalidations to another process, not back to the one that sent them', async () => {
    const namespace = freshNamespace('broadcast');
    const writer = open(namespace).cache;
    const reader = open(namespace).cache;
    const heard: InvalidationEvent[] = [];
    reader.on('invalidate', (event) => heard.push(event));
    await reader.connect();
    await writer.connect();
    const writerHeard: InvalidationEvent[] = [];
    writer.on('invalidate', (event) => writerHeard.push(event));

    await writer.set('price:1', 10);
    expect(await reader.get('price:1')).toBe(10);
    await writer.set('price:1', 12);
    await writer.delete('price:1');
    await writer.invalidateTags('prices');
    expect(await eventually(() => heard.length === 2, 10_000)).toBe(true);
    // In either order: on a cluster each PUBLISH goes to a primary picked at random, and two
    // primaries' messages reach the reader's node over separate links of the cluster bus.
    expect(heard).toHaveLength(2);
    expect(heard).toEqual(
      expect.arrayContaining([
        { keys: ['price:1'], tags: [] },
        { keys: [], tags: ['prices'] },
      ]),
    );
    // A cache does not hear its own invalidations.
    expect(writerHeard).toEqual([]);
    expect(await reader.get('price:1')).toBeUndefined();
  });
});
