import { getTestServers } from '@redwire/test-harness';
import { afterAll, describe, expect, it } from 'vitest';
import { testCluster } from '../test-helpers/cluster-client.js';
import { channelIn, clientsNamed, nodeAt, subscribed, until } from './test-helpers.js';

const { cluster } = getTestServers();
const NAME = 'csub-resp2';
const redis = testCluster({ name: NAME, protocol: 2 });
afterAll(() => redis.close());

/** One slot in each of the three initial shards. */
const SLOTS = [200, 6_100, 12_100];

describe('cluster.subscriber() over RESP2 (connections in subscribe mode)', () => {
  it('holds shard channels at each primary and channels and patterns on one node, every connection RESP2', async () => {
    await using sub = redis.subscriber();
    const channels = SLOTS.map((slot) => channelIn(slot, 'resp2'));
    const got: string[] = [];
    await sub.ssubscribe(channels, (m) => got.push(`shard ${m.channel}=${m.message}`));
    await sub.subscribe('csub2:news', (m) => got.push(`channel ${m.message}`));
    await sub.psubscribe('csub2:alerts.*', (m) => got.push(`pattern ${m.channel} ${m.message}`));

    const owners = await Promise.all(SLOTS.map((slot) => cluster.nodeForSlot(slot)));
    for (const [i, channel] of channels.entries()) {
      expect(nodeAt(sub.nodeOf('shard', channel) as string).id).toBe(owners[i]?.id);
    }
    const holders = subscribed(await clientsNamed(NAME));
    // Three shard connections, and the channels' and patterns' one (maybe on a shard's node).
    expect(holders).toHaveLength(4);
    for (const fields of (await clientsNamed(NAME)).values()) expect(fields.resp).toBe('2');

    expect(await Promise.all(channels.map((channel) => redis.spublish(channel, 'hi')))).toEqual([
      1, 1, 1,
    ]);
    await redis.publish('csub2:news', 'a');
    await redis.publish('csub2:alerts.eu', 'b');
    await until(() => got.length === 5);
    expect(got.sort()).toEqual(
      [
        ...channels.map((channel) => `shard ${channel}=hi`),
        'channel a',
        'pattern csub2:alerts.eu b',
      ].sort(),
    );
  });

  it('unsubscribing everything leaves no subscription on any node; close() ends its connections', async () => {
    await redis.ping();
    const before = (await clientsNamed(NAME)).size;
    const sub = redis.subscriber();
    const channels = SLOTS.map((slot) => channelIn(slot, 'resp2-leave'));
    await sub.ssubscribe(channels, () => {});
    await sub.subscribe('csub2:leave', () => {});
    await sub.sunsubscribe(channels);
    await sub.unsubscribe('csub2:leave');
    // Confirmed by every server before the calls resolved: nothing is held anywhere.
    expect(subscribed(await clientsNamed(NAME))).toEqual([]);
    await sub.close();
    // And close() let go of its connections: only the command client's remain.
    let left = (await clientsNamed(NAME)).size;
    for (let i = 0; i < 100 && left !== before; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      left = (await clientsNamed(NAME)).size;
    }
    expect(left).toBe(before);
  });
});
