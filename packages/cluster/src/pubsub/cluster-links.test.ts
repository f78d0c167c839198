import { EventEmitter } from 'node:events';
import {
  type Connection,
  ConnectionError,
  type ConnectionStatus,
  ReplyError,
} from '@redwire/connection';
import type { CommandArgument, PushFrame } from '@redwire/protocol';
import type { Message, ResubscribedEvent } from '@redwire/pubsub';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ClusterEvents } from '../cluster-core.js';
import { slotOf } from '../routing/slot.js';
import { SlotMap } from '../topology/slot-map.js';
import { node, shard, threeShards } from '../topology/test-replies.js';
import type { NodeAddress, TopologyChange } from '../topology/types.js';
import { ClusterLinks, type ClusterLinksHooks, type MovedEvent } from './cluster-links.js';

const HOST = '10.0.0.1';
const A = `${HOST}:7000`;
const B = `${HOST}:7001`;
const C = `${HOST}:7002`;
/** Replicas of A, B and C in `threeShards()`. */
const A_REPLICA = `${HOST}:7003`;
const B_REPLICA = `${HOST}:7004`;

/** Slots owned by A (two of them), B and C in `threeShards()`. */
const SLOT_A = 100;
const SLOT_A2 = 200;
const SLOT_B = 6000;
const SLOT_C = 12000;

const tagCache = new Map<number, string>();
/** A shard channel name hashing to `slot`, found by search with the client's own `slotOf`. */
function channelIn(slot: number, label: string): string {
  let tag = tagCache.get(slot);
  for (let i = 0; tag === undefined; i++) {
    const candidate = i.toString(36);
    if (slotOf(candidate) === slot) tag = candidate;
  }
  tagCache.set(slot, tag);
  return `{${tag}}:${label}`;
}

/** `threeShards()` with `slot` moved to the shard whose primary listens on `port`. */
function slotMovedTo(slot: number, port: number): SlotMap {
  const view = threeShards(HOST);
  return new SlotMap({
    shards: view.shards.map((s) => {
      const ranges: [number, number][] = [];
      for (const { start, end } of s.slots) {
        if (slot < start || slot > end) ranges.push([start, end]);
        else {
          if (start < slot) ranges.push([start, slot - 1]);
          if (slot < end) ranges.push([slot + 1, end]);
        }
      }
      if (s.primary.address.port === port) ranges.push([slot, slot]);
      return shard(ranges, s.primary, s.replicas);
    }),
  });
}

/** `threeShards()` after A's replica (7003) took over A's shard; A is gone. */
function aFailedOver(): SlotMap {
  const [, ...rest] = threeShards(HOST).shards;
  return new SlotMap({ shards: [shard([[0, 5460]], node(HOST, 7003)), ...rest] });
}

/** `threeShards()` without A's replica (7003), the node the global link picks first. */
function aReplicaRemoved(): SlotMap {
  const [, ...rest] = threeShards(HOST).shards;
  return new SlotMap({ shards: [shard([[0, 5460]], node(HOST, 7000)), ...rest] });
}

interface Settle {
  resolve(frames: PushFrame[]): void;
  reject(error: Error): void;
}

/**
 * A connection whose pub/sub commands the test answers by hand (or automatically, per `mode`),
 * recording every command it was sent.
 */
class FakeConnection extends EventEmitter {
  status: ConnectionStatus = 'ready';
  /** Every command sent, in order, answered or not. */
  readonly log: string[][] = [];
  /** Commands not answered yet. */
  readonly pending: { args: string[]; settle: Settle }[] = [];
  /** `manual`: the test answers; `confirm`: answered at once; a function: its error refuses. */
  mode: 'manual' | 'confirm' | ((args: readonly string[]) => Error | undefined) = 'manual';
  closes = 0;
  destroys = 0;

  constructor(readonly key: string) {
    super();
  }

  usePubSub(): void {}

  sendPubSub(args: readonly CommandArgument[]): Promise<PushFrame[]> {
    const strings = args.map(String);
    this.log.push(strings);
    if (this.status === 'closed' || this.status === 'closing') {
      return Promise.reject(
        new ConnectionError('closed', { code: 'REDWIRE_CONNECTION_CLOSED', address: this.key }),
      );
    }
    return new Promise((resolve, reject) => {
      this.pending.push({ args: strings, settle: { resolve, reject } });
      const mode = this.mode;
      if (mode === 'confirm') queueMicrotask(() => this.answer());
      else if (typeof mode === 'function') {
        const refusal = mode(strings);
        queueMicrotask(() => (refusal === undefined ? this.answer() : this.refuse(refusal)));
      }
    });
  }

  close(): Promise<void> {
    this.closes++;
    this.#end();
    return Promise.resolve();
  }

  destroy(): void {
    this.destroys++;
    this.#end();
  }

  /** Answers the oldest unanswered command with its confirmations, pushed first as a server would. */
  answer(): void {
    const command = this.pending.shift();
    if (command === undefined) throw new Error(`nothing sent to ${this.key}`);
    const kind = (command.args[0] as string).toLowerCase();
    const frames = command.args.slice(1).map((name, i): PushFrame => [kind, name, i + 1]);
    for (const frame of frames) this.emit('push', frame);
    command.settle.resolve(frames);
  }

  answerAll(): void {
    while (this.pending.length > 0) this.answer();
  }

  /** Refuses the oldest unanswered command. */
  refuse(error: Error): void {
    const command = this.pending.shift();
    if (command === undefined) throw new Error(`nothing sent to ${this.key}`);
    command.settle.reject(error);
  }

  /** The connection gave up reconnecting: closed for good, without being asked. */
  endForGood(): void {
    this.#end();
  }

  #end(): void {
    if (this.status === 'closed') return;
    this.status = 'closed';
    const closed = new ConnectionError('closed', {
      code: 'REDWIRE_CONNECTION_CLOSED',
      address: this.key,
    });
    for (const command of this.pending.splice(0)) command.settle.reject(closed);
    this.emit('end');
  }
}

/** The topology a test drives by hand: `set` emits `topology`, `refresh` applies what `next` holds. */
class FakeTopology {
  readonly events = new EventEmitter<ClusterEvents>();
  map: SlotMap | undefined;
  /** Maps the next refreshes find, in order; when empty a refresh finds the map unchanged. */
  readonly next: SlotMap[] = [];
  /** `Date.now()` of every refresh. */
  readonly refreshes: number[] = [];

  constructor(map: SlotMap) {
    this.map = map;
  }

  ready(): Promise<SlotMap> {
    return Promise.resolve(this.map as SlotMap);
  }

  refresh(): Promise<SlotMap> {
    this.refreshes.push(Date.now());
    const next = this.next.shift();
    if (next !== undefined) this.set(next);
    return Promise.resolve(this.map as SlotMap);
  }

  /** The map changed: as the cluster does, swap it and tell the listeners. */
  set(map: SlotMap): void {
    this.map = map;
    const change: TopologyChange = { added: [], removed: [], promoted: [], movedSlots: 1 };
    this.events.emit('topology', change);
  }
}

function harness(map: SlotMap = new SlotMap(threeShards(HOST))) {
  const topology = new FakeTopology(map);
  const connections: FakeConnection[] = [];
  const seen = {
    messages: [] as Message[],
    moved: [] as MovedEvent[],
    resubscribed: [] as ResubscribedEvent[],
    reconnecting: 0,
    errors: [] as Error[],
    ended: 0,
  };
  const hooks: ClusterLinksHooks<string> = {
    message: (message) => seen.messages.push(message),
    moved: (event) => seen.moved.push(event),
    resubscribed: (event) => seen.resubscribed.push(event),
    reconnecting: () => seen.reconnecting++,
    error: (error) => seen.errors.push(error),
    end: () => seen.ended++,
  };
  const links = new ClusterLinks<string>(
    {
      topology,
      events: topology.events,
      connect: (address: NodeAddress) => {
        const connection = new FakeConnection(`${address.host}:${address.port}`);
        connections.push(connection);
        return connection as unknown as Connection;
      },
      buffers: false,
    },
    hooks,
  );
  /** The latest connection opened to `key`. */
  const conn = (key: string): FakeConnection => {
    const found = connections.filter((c) => c.key === key).at(-1);
    if (found === undefined) throw new Error(`no connection to ${key}`);
    return found;
  };
  const opened = (key: string) => connections.filter((c) => c.key === key).length;
  return { links, topology, connections, seen, conn, opened };
}

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));
async function settle(ticks = 4): Promise<void> {
  for (let i = 0; i < ticks; i++) await tick();
}

/** Whether `promise` has settled by now. */
async function isSettled(promise: Promise<unknown>): Promise<boolean> {
  let settled = false;
  promise.then(
    () => {
      settled = true;
    },
    () => {
      settled = true;
    },
  );
  await settle();
  return settled;
}

type Harness = ReturnType<typeof harness>;

/** Subscribes the shard channel `name` of `slot` and has `node` confirm it; returns its name. */
async function subscribed(h: Harness, slot: number, name: string, node: string): Promise<string> {
  const channel = channelIn(slot, name);
  const added = h.links.add('shard', [channel]);
  await settle();
  h.conn(node).answer();
  await added;
  return channel;
}

const moved = (slot: number, key: string) => new ReplyError(`MOVED ${slot} ${key}`);

afterEach(() => {
  vi.useRealTimers();
});

describe('ClusterLinks', () => {
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
