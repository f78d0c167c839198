/**
 * The cluster's metrics on the harness's six-node cluster: a MOVED after a slot is migrated by
 * hand is counted by kind and command, with the topology change it reveals, and commands are
 * timed against the node that answered.
 */
import { createClient } from '@redwire/client';
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

  it('counts a node suspected while one long command holds it, and down again once it answers', async () => {
    await using redis = createCluster({ nodes: cluster.seeds(), suspectAfter: 500 });
    // Slots at both ends of the range: two different shards.
    const busy = await cluster.nodeForSlot(100);
    expect((await cluster.nodeForSlot(16_000)).id).not.toBe(busy.id);
    const busyKey = `{${hashTagForSlot(100)}}:otel-busy`;
    const otherKey = `{${hashTagForSlot(16_000)}}:otel-other`;
    await Promise.all([redis.set(busyKey, 'v'), redis.set(otherKey, 'v')]);
    const node = { 'server.address': busy.host, 'server.port': busy.port };
    const role = { ...node, 'redwire.cluster.node.role': 'primary' };

    // Three seconds of DEBUG SLEEP from another connection: the client's GET waits behind it,
    // while the other node keeps answering.
    await using sleeper = createClient({ host: busy.host, port: busy.port });
    await sleeper.ping();
    // Slow, not failed: held, failure detection keeps the other nodes from failing it over
    // while it sleeps past cluster-node-timeout (2 s).
    await faults.holdFailureDetection();
    const sleeping = sleeper.sendCommand(['DEBUG', 'SLEEP', '3'], { timeout: 10_000 });
    // Long enough for the node to have read the DEBUG on a loaded machine, well within the 3 s.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const waiting = redis.get(busyKey);
    const deadline = Date.now() + 10_000;
    while ((await meter.total('redwire.cluster.node.suspicions', role)) === 0) {
      expect(Date.now()).toBeLessThan(deadline);
      await redis.get(otherKey);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(await meter.total('redwire.cluster.node.suspected', role)).toBe(1);
    await sleeping;
    // (On a failure before this, the file's restore() releases it.)
    await faults.releaseFailureDetection();
    expect(await waiting).toBe('v');
    while ((await meter.total('redwire.cluster.node.suspected', role)) !== 0) {
      expect(Date.now()).toBeLessThan(deadline);
      await redis.get(otherKey);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(await meter.total('redwire.cluster.node.suspicions', role)).toBe(1);
  });
});
