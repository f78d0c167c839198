/**
 * The stage the ClusterLinks unit tests play on: fake node connections that record what is sent
 * and answer when told, a fake topology whose map the test changes, and the node addresses and
 * slots of a three-shard cluster.
 */
import { EventEmitter } from 'node:events';
import {
  type Connection,
  ConnectionError,
  type ConnectionStatus,
  ReplyError,
} from '@redwire/connection';
import type { CommandArgument, PushFrame } from '@redwire/protocol';
import type { Message, ResubscribedEvent } from '@redwire/pubsub';
import type { ClusterEvents } from '../cluster-core.js';
import { slotOf } from '../routing/slot.js';
import { SlotMap } from '../topology/slot-map.js';
import { node, shard, threeShards } from '../topology/test-replies.js';
import type { NodeAddress, TopologyChange } from '../topology/types.js';
import { ClusterLinks, type ClusterLinksHooks, type MovedEvent } from './cluster-links.js';

export const HOST = '10.0.0.1';
export const A = `${HOST}:7000`;
export const B = `${HOST}:7001`;
export const C = `${HOST}:7002`;
/** Replicas of A, B and C in `threeShards()`. */
export const A_REPLICA = `${HOST}:7003`;
export const B_REPLICA = `${HOST}:7004`;

/** Slots owned by A (two of them), B and C in `threeShards()`. */
export const SLOT_A = 100;
export const SLOT_A2 = 200;
export const SLOT_B = 6000;
export const SLOT_C = 12000;

const tagCache = new Map<number, string>();
/** A shard channel name hashing to `slot`, found by search with the client's own `slotOf`. */
export function channelIn(slot: number, label: string): string {
  let tag = tagCache.get(slot);
  for (let i = 0; tag === undefined; i++) {
    const candidate = i.toString(36);
    if (slotOf(candidate) === slot) tag = candidate;
  }
  tagCache.set(slot, tag);
  return `{${tag}}:${label}`;
}

/** `threeShards()` with `slot` moved to the shard whose primary listens on `port`. */
export function slotMovedTo(slot: number, port: number): SlotMap {
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
export function aFailedOver(): SlotMap {
  const [, ...rest] = threeShards(HOST).shards;
  return new SlotMap({ shards: [shard([[0, 5460]], node(HOST, 7003)), ...rest] });
}

/** `threeShards()` without A's replica (7003), the node the global link picks first. */
export function aReplicaRemoved(): SlotMap {
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
export class FakeConnection extends EventEmitter {
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
export class FakeTopology {
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
    const change: TopologyChange = {
      added: [],
      removed: [],
      promoted: [],
      movedSlots: 1,
      moves: [],
    };
    this.events.emit('topology', change);
  }
}

export function harness(map: SlotMap = new SlotMap(threeShards(HOST))) {
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

export const tick = () => new Promise<void>((resolve) => setImmediate(resolve));
export async function settle(ticks = 4): Promise<void> {
  for (let i = 0; i < ticks; i++) await tick();
}

/** Whether `promise` has settled by now. */
export async function isSettled(promise: Promise<unknown>): Promise<boolean> {
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

export type Harness = ReturnType<typeof harness>;

/** Subscribes the shard channel `name` of `slot` and has `node` confirm it; returns its name. */
export async function subscribed(
  h: Harness,
  slot: number,
  name: string,
  node: string,
): Promise<string> {
  const channel = channelIn(slot, name);
  const added = h.links.add('shard', [channel]);
  await settle();
  h.conn(node).answer();
  await added;
  return channel;
}

export const moved = (slot: number, key: string) => new ReplyError(`MOVED ${slot} ${key}`);
