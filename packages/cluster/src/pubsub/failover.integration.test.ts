import { getTestServers, skipWithoutNodeProcesses } from '@redwire/test-harness';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { delay, testCluster } from '../test-helpers/cluster-client.js';
import type { MovedEvent } from './cluster-links.js';
import { channelIn, nodeAt, until } from './test-helpers.js';

const { cluster, faults } = getTestServers();
const redis = testCluster();
afterEach(() => faults.restore(), 60_000);
afterAll(() => redis.close());

/** Publishes `message` to `channel` until `done()`, at most for `timeoutMs`. */
async function publishUntil(send: () => Promise<unknown>, done: () => boolean, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`not delivered within ${timeoutMs} ms`);
    await send().catch(() => {});
    await delay(100);
  }
}

describe('kill -9 under a cluster subscriber', () => {
  beforeEach((context) => skipWithoutNodeProcesses(context));

  it('of the primary owning a shard channel: it comes back at the promoted replica', async () => {
    await using sub = redis.subscriber();
    const slot = 9_000;
    const channel = channelIn(slot, 'failover');
    const received: string[] = [];
    await sub.ssubscribe(channel, (m) => received.push(m.message));
    const moved = new Promise<MovedEvent>((resolve) => sub.once('moved', resolve));
    const primary = await cluster.nodeForSlot(slot);
    const replica = await cluster.replicaOf(primary);
    await faults.kill(primary);

    const event = await Promise.race([moved, delay(15_000).then(() => undefined)]);
    expect(event?.shards).toEqual([channel]);
    expect(nodeAt(event!.from!).id).toBe(primary.id);
    expect(nodeAt(event!.to).id).toBe(replica.id);
    // Confirmed at the new owner: what is published from now on arrives.
    await redis.spublish(channel, 'after');
    await until(() => received.includes('after'), 2_000);
  }, 30_000);

  it('of the node holding SUBSCRIBE and PSUBSCRIBE: they move to another node', async () => {
    await using sub = redis.subscriber();
    const received: string[] = [];
    await sub.subscribe('csub:global', (m) => received.push(m.message));
    await sub.psubscribe('csub:global.*', (m) => received.push(`${m.channel} ${m.message}`));
    const moved = new Promise<MovedEvent>((resolve) => sub.once('moved', resolve));
    // Which node that is follows from the map (the first healthy replica): kill that one.
    const holder = nodeAt(sub.nodeOf('channel')!);
    await faults.kill(holder);

    const event = await Promise.race([moved, delay(15_000).then(() => undefined)]);
    expect(event?.channels).toEqual(['csub:global']);
    expect(event?.patterns).toEqual(['csub:global.*']);
    expect(nodeAt(event!.from!).id).toBe(holder.id);
    expect(nodeAt(sub.nodeOf('channel')!).id).not.toBe(holder.id);
    await publishUntil(
      () => redis.publish('csub:global', 'back'),
      () => received.includes('back'),
      5_000,
    );
    await redis.publish('csub:global.eu', 'too');
    await until(() => received.includes('csub:global.eu too'), 2_000);
  }, 30_000);
});
