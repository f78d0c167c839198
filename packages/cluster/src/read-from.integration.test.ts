import { Connection } from '@redwire/connection';
import {
  getTestServers,
  keySlot,
  skipWithoutNodeProcesses,
  type TestClusterNode,
} from '@redwire/test-harness';
import { afterAll, describe, expect, it } from 'vitest';
import { delay, testCluster } from './test-helpers/cluster-client.js';

const { cluster, faults } = getTestServers();

afterAll(() => faults.restore(), 60_000);

/** Waits until the replica has the key (it serves reads after READONLY). */
async function replicated(replica: TestClusterNode, key: string): Promise<void> {
  await using connection = new Connection({ ...replica.address, readOnly: true });
  await expect.poll(() => connection.send(['GET', key])).toBe('v');
}

/** How many GETs a node has served since its stats were reset. */
async function getsServed(node: Parameters<typeof cluster.command>[0]): Promise<number> {
  const info = String(await cluster.command(node, 'INFO', 'commandstats'));
  return Number(/cmdstat_get:calls=(\d+)/.exec(info)?.[1] ?? 0);
}

describe("readFrom: 'replica'", () => {
  it('sends reads to the replica and writes to the primary', { timeout: 30_000 }, async () => {
    await using redis = testCluster({ readFrom: 'replica' });
    const key = 'read-from:k';
    await redis.set(key, 'v');
    const primary = await cluster.nodeForSlot(keySlot(key));
    const replica = await cluster.replicaOf(primary);
    // The replica must have the write before it can serve it.
    await replicated(replica, key);
    // A replica counts as `loading` in CLUSTER SHARDS until its primary has seen it replicate
    // (a few seconds on a fresh cluster): until then reads stay on the primary.
    await expect
      .poll(
        async () => {
          await redis.refreshTopology();
          await cluster.command(replica, 'CONFIG', 'RESETSTAT');
          await redis.get(key);
          return getsServed(replica);
        },
        { timeout: 20_000, interval: 200 },
      )
      .toBe(1);
    await Promise.all([
      cluster.command(primary, 'CONFIG', 'RESETSTAT'),
      cluster.command(replica, 'CONFIG', 'RESETSTAT'),
    ]);
    const replies = await Promise.all(Array.from({ length: 50 }, () => redis.get(key)));
    expect(new Set(replies)).toEqual(new Set(['v']));
    expect(await getsServed(replica)).toBe(50);
    expect(await getsServed(primary)).toBe(0);
  });

  it('falls back to the primary while the replica is down', async (context) => {
    skipWithoutNodeProcesses(context);
    await using redis = testCluster({ readFrom: 'replica' });
    const key = 'read-from:fallback';
    await redis.set(key, 'v');
    const primary = await cluster.nodeForSlot(keySlot(key));
    const replica = await cluster.replicaOf(primary);
    await replicated(replica, key);
    await redis.refreshTopology();
    expect(await redis.get(key)).toBe('v');
    await faults.kill(replica);
    await delay(50);
    // Reads keep succeeding: those that hit the dead replica are retried on the primary.
    for (let i = 0; i < 20; i++) expect(await redis.get(key)).toBe('v');
  }, 30_000);
});
