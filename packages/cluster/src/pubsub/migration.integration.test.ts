import { getTestServers } from '@redwire/test-harness';
import { afterAll, describe, expect, it } from 'vitest';
import { delay, testCluster } from '../test-helpers/cluster-client.js';
import type { MovedEvent } from './cluster-links.js';
import { channelIn, nodeAt, until } from './test-helpers.js';

const { cluster, faults } = getTestServers();
const redis = testCluster();
afterAll(async () => {
  await redis.close();
  await faults.restore();
});

const SLOT = 4_321;

describe('a shard channel whose slot migrates while a publisher runs', () => {
  it('is subscribed again at the new owner by itself: `moved` names it, later messages all arrive', async () => {
    await using sub = redis.subscriber();
    const channel = channelIn(SLOT, 'migrating');
    const received = new Set<number>();
    await sub.ssubscribe(channel, (m) => received.add(Number(m.message)));
    const movedEvents: MovedEvent[] = [];
    sub.on('moved', (event) => movedEvents.push(event));

    let sent = 0;
    let running = true;
    const publisher = (async () => {
      while (running) {
        await redis.spublish(channel, String(sent++));
        await delay(2);
      }
    })();
    await until(() => received.size > 20);
    const source = await cluster.nodeForSlot(SLOT);
    const target = (await cluster.primaries()).find((node) => node.id !== source.id)!;
    await faults.migrateSlot(SLOT, target);
    await until(() => movedEvents.length > 0, 10_000);
    const mark = sent;
    await until(() => sent > mark + 100, 10_000);
    running = false;
    await publisher;
    const last = sent;
    await until(() => received.has(last - 1), 2_000);

    expect(movedEvents).toHaveLength(1);
    const [event] = movedEvents;
    expect(event?.shards).toEqual([channel]);
    expect(nodeAt(event!.from!).id).toBe(source.id);
    expect(nodeAt(event!.to).id).toBe(target.id);
    expect(nodeAt(sub.nodeOf('shard', channel)!).id).toBe(target.id);
    const missing = [];
    for (let n = mark; n < last; n++) if (!received.has(n)) missing.push(n);
    expect(missing).toEqual([]);
    console.info(
      `migration: ${last} published, ${received.size} received, gap ${last - received.size}`,
    );
  }, 30_000);
});
