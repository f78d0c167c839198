import { getTestServers } from '@redwire/test-harness';
import { afterAll, describe, expect, it } from 'vitest';
import { testCluster } from '../test-helpers/cluster-client.js';
import { channelIn, clientsNamed, nodeAt, subscribed, until } from './test-helpers.js';

const { cluster } = getTestServers();
const redis = testCluster({ name: 'csub-delivery' });
afterAll(() => redis.close());

/** One slot in each of the three initial shards. */
const SLOTS = [100, 6_000, 12_000];

describe('cluster.subscriber() delivers', () => {
  it('shard channels on all three shards, each subscribed at its primary; spublish is routed by slot', async () => {
    await using sub = redis.subscriber();
    const channels = SLOTS.map((slot) => channelIn(slot, 'deliver'));
    const got: string[] = [];
    await sub.ssubscribe(channels, (m) => got.push(`${m.channel}=${m.message}`));
    const owners = await Promise.all(SLOTS.map((slot) => cluster.nodeForSlot(slot)));
    expect(new Set(owners.map((node) => node.id)).size).toBe(3);
    for (const [i, channel] of channels.entries()) {
      expect(nodeAt(sub.nodeOf('shard', channel) as string).id).toBe(owners[i]?.id);
    }
    const before = redis.stats.moved;
    // SPUBLISH answers how many subscribers of its node got it: 1 means it went to the owner.
    const counts = await Promise.all(channels.map((channel) => redis.spublish(channel, 'hi')));
    expect(counts).toEqual([1, 1, 1]);
    expect(redis.stats.moved).toBe(before);
    await until(() => got.length === 3);
    expect(got.sort()).toEqual(channels.map((channel) => `${channel}=hi`).sort());
  });

  it('channels and patterns published on another node than the one subscribed to', async () => {
    await using sub = redis.subscriber();
    const got: string[] = [];
    await sub.subscribe('csub:news', (m) => got.push(`channel ${m.message}`));
    await sub.psubscribe('csub:alerts.*', (m) => got.push(`pattern ${m.channel} ${m.message}`));
    const holder = nodeAt(sub.nodeOf('channel') as string);
    const other = cluster.nodes.find((node) => node.id !== holder.id);
    await cluster.command(other!, 'PUBLISH', 'csub:news', 'a');
    await cluster.command(other!, 'PUBLISH', 'csub:alerts.eu', 'b');
    await until(() => got.length === 2);
    expect(got).toEqual(['channel a', 'pattern csub:alerts.eu b']);
  });

  it('Buffers with arbitrary bytes on a withBuffers() view, through a shard stream', async () => {
    await using sub = redis.withBuffers().subscriber();
    const channel = channelIn(SLOTS[1]!, 'bytes');
    const stream = await sub.shard(channel);
    const payload = Buffer.from([0, 255, 13, 10, 128, 36]);
    await redis.spublish(channel, payload);
    const { value } = await stream.next();
    expect(Buffer.isBuffer(value?.channel)).toBe(true);
    expect(value?.message).toEqual(payload);
    expect(value?.shard).toBe(true);
  });

  it('streams and for await across shards; maxBuffered with dropOldest', async () => {
    await using sub = redis.subscriber({ maxBuffered: 2, overflow: 'dropOldest' });
    const channels = SLOTS.map((slot) => channelIn(slot, 'iter'));
    await sub.ssubscribe(channels);
    const all = sub.messages();
    for (const [i, channel] of channels.entries()) await redis.spublish(channel, String(i));
    await until(() => all.buffered + all.dropped === 3);
    expect(all.dropped).toBe(1);
    const seen: string[] = [];
    for await (const m of all) {
      seen.push(m.message);
      if (seen.length === 2) break;
    }
    expect(seen).toHaveLength(2);
  });
});

describe('releasing what it opened', () => {
  it('breaking out of for await over shard streams, then disposing, closes every connection', async () => {
    const opened = new Set<string>();
    {
      await using sub = redis.subscriber();
      await sub.subscribe('csub:life');
      const streams = await Promise.all(SLOTS.map((slot) => sub.shard(channelIn(slot, 'life'))));
      expect(sub.nodes()).toHaveLength(4);
      for (const id of subscribed(await clientsNamed('csub-delivery'))) opened.add(id);
      expect(opened.size).toBe(4);
      await redis.spublish(channelIn(SLOTS[0]!, 'life'), 'x');
      for await (const _ of streams[0]!) break;
      // The shard that held only that stream's channel closed its connection.
      expect(sub.nodes()).toHaveLength(3);
    }
    const left = await clientsNamed('csub-delivery');
    expect([...opened].filter((id) => left.has(id))).toEqual([]);
  });
});
