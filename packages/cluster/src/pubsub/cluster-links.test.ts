import { ConnectionError, ReplyError } from '@redwire/connection';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  A,
  A_REPLICA,
  aFailedOver,
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

describe('ClusterLinks: subscribing, and following slots and nodes', () => {
  it('ssubscribe sends one SSUBSCRIBE per slot to the slot primary and resolves once every one is confirmed', async () => {
    const h = harness();
    const a1 = channelIn(SLOT_A, 'a1');
    const a2 = channelIn(SLOT_A, 'a2');
    const a3 = channelIn(SLOT_A2, 'a3');
    const b = channelIn(SLOT_B, 'b');
    const c = channelIn(SLOT_C, 'c');
    const added = h.links.add('shard', [a1, b, a2, c, a3]);
    await settle();

    expect(h.conn(A).log).toEqual([
      ['SSUBSCRIBE', a1, a2],
      ['SSUBSCRIBE', a3],
    ]);
    expect(h.conn(B).log).toEqual([['SSUBSCRIBE', b]]);
    expect(h.conn(C).log).toEqual([['SSUBSCRIBE', c]]);
    expect(h.connections.map((c) => c.key)).toEqual([A, B, C]);
    expect(h.links.subscriptions.isConfirmed('shard', a1)).toBe(false);

    h.conn(A).answerAll();
    h.conn(B).answerAll();
    expect(await isSettled(added)).toBe(false);

    h.conn(C).answerAll();
    await expect(added).resolves.toBeUndefined();
    expect(h.links.nodes()).toEqual([A, B, C]);
    expect(h.links.nodeOf('shard', a3)).toBe(A);
    expect(h.links.nodeOf('shard', b)).toBe(B);
    expect(h.links.nodeOf('shard', c)).toBe(C);
    for (const name of [a1, a2, a3, b, c]) {
      expect(h.links.subscriptions.isConfirmed('shard', name)).toBe(true);
    }
    expect(h.links.subscriptions.desiredCounts()).toEqual({ channels: 0, patterns: 0, shards: 5 });

    h.conn(B).emit('push', ['smessage', b, 'hello']);
    expect(h.seen.messages).toEqual([{ channel: b, message: 'hello', shard: true }]);
    expect(h.seen.moved).toEqual([]);
    expect(h.seen.errors).toEqual([]);
  });

  it('subscribe and psubscribe share one connection to one node, opened once for concurrent calls', async () => {
    const h = harness();
    const channels = h.links.add('channel', ['news', 'sport']);
    const patterns = h.links.add('pattern', ['log:*']);
    await settle();

    expect(h.connections).toHaveLength(1);
    // The first healthy replica: primaries keep their capacity for writes.
    const global = h.conn(A_REPLICA);
    expect(global.log).toEqual([
      ['SUBSCRIBE', 'news', 'sport'],
      ['PSUBSCRIBE', 'log:*'],
    ]);
    global.answerAll();
    await Promise.all([channels, patterns]);

    expect(h.links.nodeOf('channel')).toBe(A_REPLICA);
    expect(h.links.nodeOf('pattern')).toBe(A_REPLICA);
    expect(h.links.nodes()).toEqual([A_REPLICA]);
    expect(h.links.subscriptions.isConfirmed('channel', 'sport')).toBe(true);
    expect(h.links.subscriptions.isConfirmed('pattern', 'log:*')).toBe(true);

    global.emit('push', ['pmessage', 'log:*', 'log:1', 'x']);
    expect(h.seen.messages).toEqual([{ channel: 'log:1', message: 'x', pattern: 'log:*' }]);
  });

  it('a slot moved to another primary is unsubscribed on the old node, subscribed on the new one, and announced once confirmed', async () => {
    const h = harness();
    const a = channelIn(SLOT_A, 'a');
    const kept = channelIn(SLOT_A2, 'kept');
    const b = channelIn(SLOT_B, 'b');
    const c = channelIn(SLOT_C, 'c');
    const added = h.links.add('shard', [a, kept, b, c]);
    await settle();
    for (const key of [A, B, C]) h.conn(key).answerAll();
    await added;

    h.topology.set(slotMovedTo(SLOT_A, 7002));
    await settle();
    expect(h.conn(A).log.at(-1)).toEqual(['SUNSUBSCRIBE', a]);
    expect(h.conn(C).log.at(-1)).toEqual(['SSUBSCRIBE', a]);
    expect(h.conn(B).log).toEqual([['SSUBSCRIBE', b]]);
    expect(h.links.nodeOf('shard', a)).toBe(C);
    expect(h.seen.moved).toEqual([]); // not before the new node confirmed

    h.conn(A).answer(); // the asked-for sunsubscribe: no drop, no refresh
    h.conn(C).answer();
    await settle();
    expect(h.seen.moved).toEqual([{ from: A, to: C, channels: [], patterns: [], shards: [a] }]);
    expect(h.links.subscriptions.isConfirmed('shard', a)).toBe(true);
    expect(h.links.nodeOf('shard', kept)).toBe(A);
    expect(h.conn(A).status).toBe('ready'); // still holds `kept`
    expect(h.topology.refreshes).toEqual([]);
    expect(h.connections).toHaveLength(3);
    expect(h.seen.errors).toEqual([]);
  });

  it('a node left with no shard channel after its slot moved is closed', async () => {
    const h = harness();
    const a = channelIn(SLOT_A, 'a');
    const b = channelIn(SLOT_B, 'b');
    const added = h.links.add('shard', [a, b]);
    await settle();
    h.conn(A).answerAll();
    h.conn(B).answerAll();
    await added;

    h.topology.set(slotMovedTo(SLOT_B, 7000));
    await settle();
    expect(h.conn(B).log.at(-1)).toEqual(['SUNSUBSCRIBE', b]);
    expect(h.conn(B).closes).toBe(1);
    expect(h.conn(B).status).toBe('closed');
    expect(h.links.nodes()).toEqual([A]);

    h.conn(A).answer();
    await settle();
    expect(h.seen.moved).toEqual([{ from: B, to: A, channels: [], patterns: [], shards: [b] }]);
    expect(h.seen.errors).toEqual([]);
  });

  it('a sunsubscribe pushed for a desired shard channel refreshes the map and subscribes it again at its new owner', async () => {
    const h = harness();
    const a = await subscribed(h, SLOT_A, 'a', A);

    // The slot migrated: the server ends the subscription on its own.
    h.topology.next.push(slotMovedTo(SLOT_A, 7001));
    h.conn(A).emit('push', ['sunsubscribe', a, 0]);
    expect(h.links.subscriptions.isConfirmed('shard', a)).toBe(false);
    expect(h.topology.refreshes).toHaveLength(1);
    await settle();

    expect(h.conn(B).log).toEqual([['SSUBSCRIBE', a]]);
    expect(h.conn(A).status).toBe('closed'); // held nothing else
    expect(h.seen.moved).toEqual([]);
    h.conn(B).answer();
    await settle();
    expect(h.seen.moved).toEqual([{ from: A, to: B, channels: [], patterns: [], shards: [a] }]);
    expect(h.links.nodeOf('shard', a)).toBe(B);
    expect(h.links.subscriptions.isConfirmed('shard', a)).toBe(true);
    expect(h.topology.refreshes).toHaveLength(1);
  });

  it('a shard channel dropped by a node that still owns it per the refreshed map is subscribed there again (from === to)', async () => {
    const h = harness();
    const a = await subscribed(h, SLOT_A, 'a', A);

    h.conn(A).emit('push', ['sunsubscribe', a, 0]);
    await settle();
    expect(h.topology.refreshes).toHaveLength(1);
    expect(h.conn(A).log).toEqual([
      ['SSUBSCRIBE', a],
      ['SSUBSCRIBE', a],
    ]);
    h.conn(A).answer();
    await settle();
    expect(h.seen.moved).toEqual([{ from: A, to: A, channels: [], patterns: [], shards: [a] }]);
    expect(h.connections).toHaveLength(1);
  });

  it('a sunsubscribe for a shard channel no longer desired changes nothing', async () => {
    const h = harness();
    const a = channelIn(SLOT_A, 'a');
    const kept = channelIn(SLOT_A2, 'kept');
    const added = h.links.add('shard', [a, kept]);
    await settle();
    h.conn(A).answerAll();
    await added;
    const removed = h.links.remove('shard', [a]);
    h.conn(A).answer();
    await removed;

    h.conn(A).emit('push', ['sunsubscribe', a, 0]);
    await settle();
    expect(h.topology.refreshes).toEqual([]);
    expect(h.conn(A).log).toHaveLength(3);
    expect(h.seen.moved).toEqual([]);
  });

  it('a subscribe answered with MOVED refreshes the map and is retried at the new owner; add() resolves', async () => {
    const h = harness();
    const a = channelIn(SLOT_A, 'a');
    const added = h.links.add('shard', [a]);
    await settle();
    expect(h.conn(A).log).toEqual([['SSUBSCRIBE', a]]);

    h.topology.next.push(slotMovedTo(SLOT_A, 7001));
    h.conn(A).refuse(moved(SLOT_A, B));
    await settle();
    expect(h.topology.refreshes).toHaveLength(1);
    expect(h.conn(B).log).toEqual([['SSUBSCRIBE', a]]);
    expect(h.conn(A).status).toBe('closed'); // the refused node holds nothing
    expect(await isSettled(added)).toBe(false);

    h.conn(B).answer();
    await expect(added).resolves.toBeUndefined();
    expect(h.links.nodeOf('shard', a)).toBe(B);
    expect(h.links.nodes()).toEqual([B]);
    expect(h.links.subscriptions.isConfirmed('shard', a)).toBe(true);
    expect(h.seen.errors).toEqual([]);
    expect(h.seen.moved).toEqual([]); // a first subscription is no move
  });

  it('a subscribe refused for another reason than MOVED rejects and is no longer desired', async () => {
    const h = harness();
    const a = channelIn(SLOT_A, 'a');
    const added = h.links.add('shard', [a]);
    await settle();
    const refusal = new ReplyError('NOPERM this user has no permissions to access the channel');
    h.conn(A).refuse(refusal);
    await expect(added).rejects.toBe(refusal);
    await settle();
    expect(h.topology.refreshes).toEqual([]);
    expect(h.links.subscriptions.desiredCounts()).toEqual({ channels: 0, patterns: 0, shards: 0 });
    expect(h.conn(A).status).toBe('closed');
    expect(h.links.nodes()).toEqual([]);
  });

  it('when the global node leaves the map, channels and patterns are subscribed on another node and moved names both', async () => {
    const h = harness();
    const channels = h.links.add('channel', ['news']);
    const patterns = h.links.add('pattern', ['log:*']);
    await settle();
    h.conn(A_REPLICA).answerAll();
    await Promise.all([channels, patterns]);

    h.topology.set(aReplicaRemoved());
    await settle();
    expect(h.conn(A_REPLICA).status).toBe('closed');
    const next = h.conn(B_REPLICA);
    expect(next.log).toEqual([
      ['SUBSCRIBE', 'news'],
      ['PSUBSCRIBE', 'log:*'],
    ]);
    expect(h.links.nodeOf('channel')).toBe(B_REPLICA);
    expect(h.links.nodes()).toEqual([B_REPLICA]);
    expect(h.seen.moved).toEqual([]);

    next.answer();
    await settle();
    expect(h.seen.moved).toEqual([]); // patterns not confirmed yet
    next.answer();
    await settle();
    expect(h.seen.moved).toEqual([
      { from: A_REPLICA, to: B_REPLICA, channels: ['news'], patterns: ['log:*'], shards: [] },
    ]);
    expect(h.links.subscriptions.isConfirmed('channel', 'news')).toBe(true);
    expect(h.seen.errors).toEqual([]);
  });

  it('when the global connection ends for good, channels are subscribed again on another node', async () => {
    const h = harness();
    const channels = h.links.add('channel', ['news']);
    await settle();
    h.conn(A_REPLICA).answer();
    await channels;

    h.conn(A_REPLICA).endForGood();
    await settle();
    expect(h.conn(B_REPLICA).log).toEqual([['SUBSCRIBE', 'news']]);
    h.conn(B_REPLICA).answer();
    await settle();
    expect(h.seen.moved).toEqual([
      { from: A_REPLICA, to: B_REPLICA, channels: ['news'], patterns: [], shards: [] },
    ]);
    expect(h.seen.ended).toBe(0);
  });

  it('a shard link whose connection ends for good is reopened at the owner and its channels subscribed again', async () => {
    const h = harness();
    const a = await subscribed(h, SLOT_A, 'a', A);

    h.conn(A).endForGood();
    await settle();
    expect(h.topology.refreshes).toHaveLength(1);
    expect(h.opened(A)).toBe(2);
    expect(h.conn(A).log).toEqual([['SSUBSCRIBE', a]]);
    h.conn(A).answer();
    await settle();
    expect(h.seen.moved).toEqual([{ from: A, to: A, channels: [], patterns: [], shards: [a] }]);
    expect(h.links.subscriptions.isConfirmed('shard', a)).toBe(true);
  });

  it('after a failover seen through a reconnecting link, shard channels move to the promoted replica', async () => {
    const h = harness();
    const a = await subscribed(h, SLOT_A, 'a', A);

    h.topology.next.push(aFailedOver());
    const old = h.conn(A);
    old.status = 'reconnecting';
    old.emit('reconnecting', {
      attempt: 1,
      delay: 10,
      error: new ConnectionError('lost', { code: 'REDWIRE_CONNECTION' }),
    });
    expect(h.seen.reconnecting).toBe(1);
    await settle();
    expect(h.topology.refreshes).toHaveLength(1);
    expect(old.log).toEqual([['SSUBSCRIBE', a]]); // nothing written to a node that is down
    expect(old.destroys).toBe(1);
    expect(h.conn(A_REPLICA).log).toEqual([['SSUBSCRIBE', a]]);

    h.conn(A_REPLICA).answer();
    await settle();
    expect(h.seen.moved).toEqual([
      { from: A, to: A_REPLICA, channels: [], patterns: [], shards: [a] },
    ]);
    expect(h.links.nodes()).toEqual([A_REPLICA]);
  });
});
