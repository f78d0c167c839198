import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { ownsSlot } from './cluster-nodes.js';
import { getTestServers, skipWithoutNodeProcesses } from './context.js';
import { HarnessTimeoutError } from './errors.js';
import { sendCommand } from './resp-client.js';

const { cluster, faults } = getTestServers();

afterAll(() => faults.restore());

describe('pause and resume (SIGSTOP / SIGCONT)', () => {
  beforeEach((context) => skipWithoutNodeProcesses(context));

  it('a paused node stops answering PING, and answers again after resume', async () => {
    const [replica] = await cluster.replicas();
    await faults.pause(replica!);
    expect(replica!.server?.state()).toBe('stopped');
    await expect(sendCommand(replica!.address, ['PING'], 300)).rejects.toBeInstanceOf(
      HarnessTimeoutError,
    );

    await faults.resume(replica!);
    expect(await cluster.command(replica!, 'PING')).toBe('PONG');
  });

  it('a primary paused past the node timeout is replaced by its replica, and rejoins as a replica', async () => {
    const primary = await cluster.nodeForKey('harness:paused');
    const replica = await cluster.replicaOf(primary);
    const slot = (await cluster.clusterNodes()).find((info) => info.id === primary.id)!.slots[0]!
      .start;

    await faults.pause(primary);
    expect(cluster.isDown(primary)).toBe(true);
    await faults.waitForClusterOk();
    expect((await cluster.nodeForSlot(slot)).id).toBe(replica.id);

    await faults.resume(primary);
    expect((await cluster.primaryOf(primary)).id).toBe(replica.id);
  });

  it('restore brings the initial topology back', async () => {
    await faults.restore();
    const primaries = (await cluster.primaries()).map((node) => node.id).sort();
    expect(primaries).toEqual(cluster.setup.baseline.shards.map((shard) => shard.primaryId).sort());
    const nodes = await cluster.clusterNodes();
    for (const shard of cluster.setup.baseline.shards) {
      const primary = nodes.find((info) => info.id === shard.primaryId)!;
      expect(
        shard.slots.every(
          (range) => ownsSlot(primary, range.start) && ownsSlot(primary, range.end),
        ),
      ).toBe(true);
    }
  });
});
