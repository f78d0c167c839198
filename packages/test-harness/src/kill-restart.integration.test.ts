import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { planRestore } from './cluster-baseline.js';
import { getTestServers, skipWithoutNodeProcesses } from './context.js';
import { HarnessConnectionError } from './errors.js';

const { cluster, faults } = getTestServers();

afterAll(() => faults.restore());

describe('kill (SIGKILL) and restart', () => {
  beforeEach((context) => skipWithoutNodeProcesses(context));

  it('a killed primary refuses connections, its replica takes over, and it restarts with the same node id', async () => {
    const primary = await cluster.nodeForKey('harness:killed');
    const replica = await cluster.replicaOf(primary);
    const pid = primary.server!.pid();

    await faults.kill(primary);
    expect(['gone', 'zombie']).toContain(primary.server!.state());
    await expect(cluster.command(primary, 'PING')).rejects.toBeInstanceOf(HarnessConnectionError);
    await faults.waitForClusterOk();
    expect((await cluster.nodeForKey('harness:killed')).id).toBe(replica.id);

    await faults.restart(primary);
    expect(primary.server!.pid()).not.toBe(pid);
    expect(await cluster.command(primary, 'CLUSTER', 'MYID')).toBe(primary.id);
    expect((await cluster.primaryOf(primary)).id).toBe(replica.id);
  });

  it('a killed replica is marked failed, then rejoins its primary after restart', async () => {
    const primary = await cluster.nodeForKey('harness:replica-killed');
    const replica = await cluster.replicaOf(primary);

    await faults.kill(replica, { waitForCluster: true });
    const views = await cluster.snapshot();
    for (const view of views) {
      expect(view.nodes.find((info) => info.id === replica.id)?.flags).toContain('fail');
    }

    await faults.restart(replica);
    expect(await cluster.command(replica, 'CLUSTER', 'MYID')).toBe(replica.id);
    expect((await cluster.primaryOf(replica)).id).toBe(primary.id);
  });

  it('restore fails back to the original primaries', async () => {
    await faults.restore();
    expect(planRestore(cluster.setup.baseline, await cluster.clusterNodes())).toEqual([]);
  });
});
