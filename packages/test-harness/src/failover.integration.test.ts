import { afterAll, describe, expect, it } from 'vitest';
import { planRestore } from './cluster-baseline.js';
import { ownsSlot } from './cluster-nodes.js';
import { getTestServers } from './context.js';
import { HarnessStateError, type ServerReplyError } from './errors.js';
import { keySlot } from './key-slot.js';

const { cluster, faults } = getTestServers();

afterAll(() => faults.restore());

describe('failover (CLUSTER FAILOVER on a replica)', () => {
  it('makes the former replica the primary of those slots on every node, keeping the data', async () => {
    const key = 'harness:failover';
    const primary = await cluster.nodeForKey(key);
    const replica = await cluster.replicaOf(primary);
    await cluster.command(primary, 'SET', key, 'kept');

    await faults.failover(replica);
    for (const view of await cluster.snapshot()) {
      const promoted = view.nodes.find((info) => info.id === replica.id)!;
      expect(promoted.role).toBe('primary');
      expect(ownsSlot(promoted, keySlot(key))).toBe(true);
      expect(view.nodes.find((info) => info.id === primary.id)?.primaryId).toBe(replica.id);
    }
    expect(await cluster.command(replica, 'GET', key)).toBe('kept');
    const moved = await cluster.command(primary, 'SET', key, 'x').catch((error: unknown) => error);
    expect((moved as ServerReplyError).prefix).toBe('MOVED');
  });

  it('refuses to fail over to a node that is already a primary', async () => {
    const [primary] = await cluster.primaries();
    await expect(faults.failover(primary!)).rejects.toBeInstanceOf(HarnessStateError);
  });

  it('restore fails back to the original primary', async () => {
    await faults.restore();
    expect(planRestore(cluster.setup.baseline, await cluster.clusterNodes())).toEqual([]);
  });
});
