import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  A,
  A_REPLICA,
  aReplicaRemoved,
  B,
  B_REPLICA,
  C,
  channelIn,
  harness,
  isSettled,
  moved,
  SLOT_A,
  SLOT_A2,
  SLOT_B,
  SLOT_C,
  settle,
  slotMovedTo,
  subscribed,
} from './links-harness.js';

afterEach(() => {
  vi.useRealTimers();
});

describe('ClusterLinks: retiring links, backing off, closing', () => {
  it('removing everything retires every link and closes its connection', async () => {
    const h = harness();
    const a = channelIn(SLOT_A, 'a');
    const kept = channelIn(SLOT_A2, 'kept');
    const b = channelIn(SLOT_B, 'b');
    const c = channelIn(SLOT_C, 'c');
    const shards = h.links.add('shard', [a, kept, b, c]);
    const channels = h.links.add('channel', ['news']);
    const patterns = h.links.add('pattern', ['log:*']);
    await settle();
    for (const connection of h.connections) connection.answerAll();
    await Promise.all([shards, channels, patterns]);
    expect(h.links.nodes()).toEqual([A_REPLICA, A, B, C]);
    expect(h.topology.events.listenerCount('topology')).toBe(1);

    // Part of a node's channels: it stays.
    let removed = h.links.remove('shard', [a]);
    h.conn(A).answer();
    await removed;
    expect(h.conn(A).log.at(-1)).toEqual(['SUNSUBSCRIBE', a]);
    expect(h.conn(A).status).toBe('ready');

    removed = h.links.remove('shard', [kept, b, c]);
    await settle();
    expect(h.conn(A).log.at(-1)).toEqual(['SUNSUBSCRIBE', kept]);
    expect(h.conn(B).log.at(-1)).toEqual(['SUNSUBSCRIBE', b]);
    expect(h.conn(C).log.at(-1)).toEqual(['SUNSUBSCRIBE', c]);
    for (const key of [A, B, C]) h.conn(key).answer();
    await removed;
    for (const key of [A, B, C]) {
      expect(h.conn(key).status).toBe('closed');
      expect(h.conn(key).closes).toBe(1);
    }
    expect(h.links.nodes()).toEqual([A_REPLICA]);

    removed = h.links.remove('channel', ['news']);
    h.conn(A_REPLICA).answer();
    await removed;
    expect(h.conn(A_REPLICA).status).toBe('ready'); // still holds the pattern

    removed = h.links.remove('pattern', ['log:*']);
    h.conn(A_REPLICA).answer();
    await removed;
    expect(h.conn(A_REPLICA).log.slice(-2)).toEqual([
      ['UNSUBSCRIBE', 'news'],
      ['PUNSUBSCRIBE', 'log:*'],
    ]);
    expect(h.conn(A_REPLICA).status).toBe('closed');
    expect(h.links.nodes()).toEqual([]);
    expect(h.links.subscriptions.desiredCounts()).toEqual({ channels: 0, patterns: 0, shards: 0 });
    // Nothing left to move: the topology is no longer listened to.
    expect(h.topology.events.listenerCount('topology')).toBe(0);
    h.topology.set(slotMovedTo(SLOT_A, 7001));
    await settle();
    expect(h.connections).toHaveLength(4);
    expect(h.seen.ended).toBe(0);
  });

  it('close() closes every connection, ends once, and leaves no retry timer', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const h = harness();
    const a = channelIn(SLOT_A, 'a');
    const b = channelIn(SLOT_B, 'b');
    const shards = h.links.add('shard', [a, b]);
    const channels = h.links.add('channel', ['news']);
    await settle();
    for (const connection of h.connections) connection.answerAll();
    await Promise.all([shards, channels]);

    // C refuses the moved slot (its map is ahead of the servers): a retry is scheduled.
    h.topology.set(slotMovedTo(SLOT_A, 7002));
    await settle();
    h.conn(C).refuse(moved(SLOT_A, A));
    await settle();
    expect(vi.getTimerCount()).toBe(1);

    await h.links.close();
    expect(h.seen.ended).toBe(1);
    expect(vi.getTimerCount()).toBe(0);
    for (const connection of h.connections) expect(connection.status).toBe('closed');
    expect(h.connections.map((c) => c.key).sort()).toEqual([A, B, C, A_REPLICA].sort());

    const refreshes = h.topology.refreshes.length;
    await vi.advanceTimersByTimeAsync(10_000);
    h.topology.set(slotMovedTo(SLOT_A, 7001));
    await settle();
    expect(h.topology.refreshes).toHaveLength(refreshes);
    expect(h.connections).toHaveLength(4);
    expect(h.topology.events.listenerCount('topology')).toBe(0);
    expect(h.seen.ended).toBe(1);
    expect(h.seen.errors).toEqual([]);
  });

  it('a move refused once is announced from the node the channels were on, not the refusing one', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const h = harness();
    const a = await subscribed(h, SLOT_A, 'a', A);
    h.topology.set(slotMovedTo(SLOT_A, 7001));
    await settle();
    h.conn(B).refuse(moved(SLOT_A, A)); // B has not imported the slot yet
    await settle();
    await vi.advanceTimersByTimeAsync(50); // the retry: B now owns it
    expect(h.conn(B).log).toEqual([
      ['SSUBSCRIBE', a],
      ['SSUBSCRIBE', a],
    ]);
    h.conn(B).answer();
    await settle();
    expect(h.seen.moved).toEqual([{ from: A, to: B, channels: [], patterns: [], shards: [a] }]);
  });

  it('a subscribe that keeps meeting MOVED waits longer each time, and close() ends the wait', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const h = harness();
    const a = channelIn(SLOT_A, 'a');
    // A sends it to B, but the refreshed map (from nodes behind) keeps saying A.
    const added = h.links.add('shard', [a]);
    await settle();
    h.conn(A).refuse(moved(SLOT_A, B));
    await settle();
    expect(h.topology.refreshes).toHaveLength(1);
    expect(vi.getTimerCount()).toBe(0); // the first retry goes at once
    h.conn(A).refuse(moved(SLOT_A, B));
    await settle();
    expect(h.topology.refreshes).toHaveLength(2);
    expect(vi.getTimerCount()).toBe(1); // the second waits
    const opened = h.opened(A);
    await h.links.close();
    expect(vi.getTimerCount()).toBe(0);
    await expect(added).rejects.toMatchObject({ code: 'MOVED' });
    expect(h.opened(A)).toBe(opened); // nothing opened after close()
  });

  it('reconciles that keep meeting MOVED back off: at most about one refresh a second once the delay is capped', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'], now: 0 });
    const h = harness();
    const a = await subscribed(h, SLOT_A, 'a', A);

    // The map says B owns the slot; B keeps saying A does (the map is ahead of the servers).
    h.topology.set(slotMovedTo(SLOT_A, 7001));
    h.conn(B).mode = () => moved(SLOT_A, A);
    h.conn(B).refuse(moved(SLOT_A, A));
    await vi.advanceTimersByTimeAsync(10_000);

    const times = h.topology.refreshes;
    // 50 ms, doubling, capped at one second.
    const capped = Array.from({ length: 8 }, (_, i) => 2_550 + 1_000 * i);
    expect(times).toEqual([50, 150, 350, 750, 1_550, ...capped]);
    const gaps = times.slice(1).map((t, i) => t - (times[i] as number));
    for (const [i, gap] of gaps.entries()) {
      expect(gap).toBeGreaterThanOrEqual(gaps[i - 1] ?? 50);
      expect(gap).toBeLessThanOrEqual(1_000);
    }
    // No second of the run holds more than five refreshes, the capped tail one.
    for (const t of times) {
      expect(times.filter((u) => u >= t && u < t + 1_000).length).toBeLessThanOrEqual(5);
    }
    expect(times.filter((t) => t >= 5_000).length).toBeLessThanOrEqual(5);
    expect(h.conn(B).log.length).toBe(times.length + 1);
    expect(h.seen.moved).toEqual([]);

    // B confirms at last: the move is announced and the retries stop.
    h.conn(B).mode = 'confirm';
    await vi.advanceTimersByTimeAsync(1_000);
    expect(h.seen.moved).toHaveLength(1);
    expect(h.seen.moved[0]).toMatchObject({ to: B, shards: [a] });
    expect(h.links.subscriptions.isConfirmed('shard', a)).toBe(true);
    const settled = h.topology.refreshes.length;
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(h.topology.refreshes).toHaveLength(settled);
    expect(h.seen.errors).toEqual([]);
    await h.links.close();
  });
  it('a subscribe in flight on the global node when it leaves the map is completed on the next one', async () => {
    const h = harness();
    const channels = h.links.add('channel', ['news']);
    await settle();
    expect(h.conn(A_REPLICA).log).toEqual([['SUBSCRIBE', 'news']]);

    h.topology.set(aReplicaRemoved());
    await settle();
    expect(h.conn(A_REPLICA).status).toBe('closed');
    const next = h.conn(B_REPLICA);
    expect(next.log.length).toBeGreaterThan(0);
    expect(await isSettled(channels)).toBe(false); // not before the next node confirmed
    next.answerAll();
    await expect(channels).resolves.toBeUndefined();
    await settle();
    // Only the channel asked for, on the next node (the retry and the move may both send it).
    expect(new Set(next.log.map((args) => args.join(' ')))).toEqual(new Set(['SUBSCRIBE news']));
    expect(h.links.nodeOf('channel')).toBe(B_REPLICA);
    expect(h.links.subscriptions.isConfirmed('channel', 'news')).toBe(true);
    expect(h.seen.moved).toEqual([
      { from: A_REPLICA, to: B_REPLICA, channels: ['news'], patterns: [], shards: [] },
    ]);
    expect(h.seen.errors).toEqual([]);
  });

  it('destroy() destroys every connection at once and ends once', async () => {
    const h = harness();
    const shards = h.links.add('shard', [channelIn(SLOT_A, 'a'), channelIn(SLOT_B, 'b')]);
    const channels = h.links.add('channel', ['news']);
    await settle();
    h.links.destroy();
    await expect(shards).rejects.toMatchObject({ code: 'REDWIRE_CONNECTION_CLOSED' });
    await expect(channels).rejects.toMatchObject({ code: 'REDWIRE_CONNECTION_CLOSED' });
    for (const connection of h.connections) {
      expect(connection.destroys).toBe(1);
      expect(connection.closes).toBe(0);
    }
    expect(h.connections).toHaveLength(3);
    expect(h.seen.ended).toBe(1);
    expect(h.topology.events.listenerCount('topology')).toBe(0);
  });
});
