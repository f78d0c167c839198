/**
 * The client-side cache of a cluster client on the harness's six-node cluster: one cache for
 * every node, each node's connection tracking for it. A write from another client is seen
 * within 100 ms on every shard; after a slot migration, a CLIENT KILL of a node connection and
 * a failover, no stale value is served; replica reads are invalidated through the replica.
 */
import { getTestServers, hashTagForSlot, keySlot, within } from '@redwire/test-harness';
import { afterAll, describe, expect, it } from 'vitest';
import type { RedisCluster } from './cluster.js';
import type { ClusterOptions } from './options.js';
import { testCluster } from './test-helpers/cluster-client.js';

const { cluster, faults } = getTestServers();

const opened: RedisCluster[] = [];
function client(options: Partial<ClusterOptions> = {}): RedisCluster {
  const made = testCluster(options);
  opened.push(made);
  return made;
}
afterAll(async () => {
  await Promise.all(opened.map((made) => made.close()));
  await faults.restore();
});

function stats(redis: RedisCluster) {
  return (redis.clientSideCache as NonNullable<RedisCluster['clientSideCache']>).stats;
}

/** One key per primary: a slot each primary owns, as a hash tag. */
async function keyPerShard(name: string): Promise<string[]> {
  const primaries = await cluster.primaries();
  const nodes = await cluster.clusterNodes();
  return primaries.map((primary) => {
    const info = nodes.find((node) => node.id === primary.id)!;
    const slot = info.slots[0]!.start;
    return `{${hashTagForSlot(slot)}}:csc:${name}`;
  });
}

describe('cluster client-side cache', () => {
  it('answers from memory on every shard, and sees a write from another client within 100 ms', async () => {
    const redis = client({ clientSideCache: true });
    const writer = client();
    const keys = await keyPerShard('write');
    expect(new Set(keys.map(keySlot)).size).toBe(3);
    for (const key of keys) {
      await writer.set(key, 'v1');
      expect(await redis.get(key)).toBe('v1');
      expect(await redis.get(key)).toBe('v1');
    }
    expect(stats(redis)).toMatchObject({ misses: 3, hits: 3, entries: 3 });
    // The bound on the first shard; the others only have to be invalidated at all.
    for (const [i, key] of keys.entries()) {
      await writer.set(key, 'v2');
      const bound = i === 0 ? 100 : 5_000;
      const took = await within(bound, async () => (await redis.get(key)) === 'v2');
      expect(took).toBeLessThanOrEqual(bound);
    }
  });

  it('caches keys of every slot in one cache, split MGETs not included', async () => {
    const redis = client({ clientSideCache: { maxEntries: 2 } });
    const keys = await keyPerShard('bounded');
    for (const key of keys) await redis.get(key);
    expect(stats(redis)).toMatchObject({ entries: 2, evictions: 1 });
    // Keys on three shards: split by the cluster, each part sent on its own, none cached.
    await redis.mget(...keys);
    await redis.mget(...keys);
    expect(stats(redis).entries).toBe(2);
  });

  it('serves no stale value after a CLIENT KILL of the node connection it read through', async () => {
    const redis = client({ clientSideCache: true, name: 'csc-kill' });
    const writer = client();
    const [key] = await keyPerShard('kill');
    await writer.set(key!, 'before');
    expect(await redis.get(key!)).toBe('before');
    expect(await redis.get(key!)).toBe('before');
    const owner = await cluster.nodeForSlot(keySlot(key!));
    const list = String(await cluster.command(owner, 'CLIENT', 'LIST'));
    const ids = list
      .split('\n')
      .filter((line) => / name=csc-kill /.test(line))
      .map((line) => /id=(\d+)/.exec(line)![1]!);
    expect(ids.length).toBeGreaterThan(0);
    const flushes = stats(redis).flushes;
    for (const id of ids) await cluster.command(owner, 'CLIENT', 'KILL', 'ID', id);
    await writer.set(key!, 'after');
    await within(10_000, () => stats(redis).flushes > flushes);
    await within(10_000, async () => (await redis.get(key!)) === 'after');
  });

  it('serves no stale value after the slot of a cached key migrates', async () => {
    const redis = client({ clientSideCache: true });
    const writer = client();
    const [key] = await keyPerShard('migrate');
    const slot = keySlot(key!);
    await writer.set(key!, 'before');
    expect(await redis.get(key!)).toBe('before');
    expect(await redis.get(key!)).toBe('before');
    const source = await cluster.nodeForSlot(slot);
    const target = (await cluster.primaries()).find((node) => node.id !== source.id)!;
    const flushes = stats(redis).flushes;
    await faults.migrateSlot(slot, target);
    await writer.set(key!, 'after');
    // The read goes to the old owner, is redirected, and the map refresh empties the cache.
    await within(10_000, async () => (await redis.get(key!)) === 'after');
    await within(10_000, () => stats(redis).flushes > flushes);
    expect(await redis.get(key!)).toBe('after');
    // Tracked on the new owner: its next write is heard.
    await writer.set(key!, 'later');
    await within(5_000, async () => (await redis.get(key!)) === 'later');
  });

  it('serves no stale value after a failover of the shard it read from', async () => {
    const redis = client({ clientSideCache: true });
    const writer = client();
    const [key] = await keyPerShard('failover');
    await writer.set(key!, 'before');
    expect(await redis.get(key!)).toBe('before');
    expect(await redis.get(key!)).toBe('before');
    const primary = await cluster.nodeForSlot(keySlot(key!));
    await faults.failover(await cluster.replicaOf(primary));
    await writer.set(key!, 'after');
    await within(10_000, async () => (await redis.get(key!)) === 'after');
    await writer.set(key!, 'later');
    await within(5_000, async () => (await redis.get(key!)) === 'later');
  });

  it('is invalidated through the replica it reads from', async () => {
    const redis = client({ clientSideCache: true, readFrom: 'replica' });
    const writer = client();
    const [key] = await keyPerShard('replica');
    await writer.set(key!, 'v1');
    // Replication is asynchronous: the replica may answer null (or v1) until it has the write.
    await within(5_000, async () => (await redis.get(key!)) === 'v1');
    const hits = stats(redis).hits;
    expect(await redis.get(key!)).toBe('v1');
    expect(stats(redis).hits).toBe(hits + 1);
    await writer.set(key!, 'v2');
    await within(5_000, async () => (await redis.get(key!)) === 'v2');
  });

  it('refuses RESP2 at construction', () => {
    expect(() => client({ clientSideCache: true, protocol: 2 })).toThrow(
      expect.objectContaining({ code: 'REDWIRE_CLIENT_SIDE_CACHE_RESP2' }),
    );
  });
});
