/**
 * The cluster's metrics on the harness's six-node cluster: a MOVED after a slot is migrated by
 * hand is counted by kind and command, with the topology change it reveals, and commands are
 * timed against the node that answered.
 */
import { createCluster } from '@redwire/cluster';
import { getTestServers, hashTagForSlot } from '@redwire/test-harness';
import { afterAll, describe, expect, it } from 'vitest';
import { instrumentedMeter } from './test-helpers/test-meter.js';

const { cluster, faults } = getTestServers();
const meter = instrumentedMeter();

/** The slot migrated by hand: not the one the cluster package's diagnostics test moves. */
const SLOT = 5678;

afterAll(async () => {
  // A failure midway would leave the slot migrating, which restore() waits on for ever.
  for (const node of await cluster.primaries()) {
    await cluster.command(node, 'CLUSTER', 'SETSLOT', SLOT, 'STABLE').catch(() => undefined);
  }
  await faults.restore();
});

describe('cluster metrics', () => {
  it('counts a MOVED by kind and command, and the topology change it reveals', async () => {
    await using redis = createCluster({ nodes: cluster.seeds() });
    const key = `{${hashTagForSlot(SLOT)}}:otel`;
    await redis.set(key, 'v');
    const owner = await cluster.nodeForSlot(SLOT);
    expect(
      await meter.count('db.client.operation.duration', {
        'db.operation.name': 'SET',
        'server.address': owner.host,
        'server.port': owner.port,
        'db.namespace': '0',
      }),
    ).toBe(1);
    const topologyBefore = await meter.total('redwire.cluster.topology.changes');

    const target = (await cluster.primaries()).find((node) => node.id !== owner.id)!;
    await faults.migrateSlot(SLOT, target);
    expect(await redis.get(key)).toBe('v');

    expect(
      await meter.total('redwire.cluster.redirects', {
        'redwire.cluster.redirect.kind': 'MOVED',
        'db.operation.name': 'GET',
      }),
    ).toBe(1);
    expect(
      await meter.total('redwire.cluster.redirects', { 'redwire.cluster.redirect.kind': 'ASK' }),
    ).toBe(0);
    // The MOVED made the client refresh its map, which saw the slot's new owner.
    const deadline = Date.now() + 10_000;
    while ((await meter.total('redwire.cluster.topology.changes')) === topologyBefore) {
      expect(Date.now()).toBeLessThan(deadline);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    // The GET that followed the MOVED is one operation, timed at the node that answered.
    expect(
      await meter.count('db.client.operation.duration', {
        'db.operation.name': 'GET',
        'server.address': target.host,
        'server.port': target.port,
      }),
    ).toBe(1);
  });
});
