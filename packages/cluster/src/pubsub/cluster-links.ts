/**
 * `ClusterLinks`: the server side of a cluster subscriber. It keeps what the user asked for
 * (desired) in one `SubscriptionSet` and places it on per-node `SubscriptionLink`s: channels
 * and patterns on one node (global pub/sub reaches every node), shard channels on the primary
 * of their slot, one link per primary. Whenever the topology changes, a server drops a shard
 * channel (its slot moved) or a node fails, `reconcile` compares where each name is with where
 * the map says it belongs, and moves what is misplaced. Moving is bookkeeping done at once;
 * the confirmations arrive later and are announced as `moved`.
 */
import type { Buffer } from 'node:buffer';
import type { EventEmitter } from 'node:events';
import {
  type Connection,
  ConnectionError,
  type ReconnectingEvent,
  ReplyError,
} from '@redwire/connection';
import {
  type ChannelName,
  type LinkHooks,
  type Message,
  nameKey,
  type ResubscribedEvent,
  type SubscriptionKind,
  SubscriptionLink,
  SubscriptionSet,
  type SubscriptionTarget,
  type SubscriptionView,
} from '@redwire/pubsub';
import type { ClusterEvents } from '../cluster-core.js';
import type { SlotMap } from '../topology/slot-map.js';
import type { NodeAddress, NodeView } from '../topology/types.js';
import {
  groupBySlot,
  isUsable,
  pickGlobalNode,
  placeShardChannels,
  slotBatches,
} from './slot-groups.js';

/**
 * Payload of a cluster subscriber's `moved` event: names confirmed again after a gap, on another
 * node (or on the same one, `from === to`, when it had dropped shard channels it still owns).
 */
export interface MovedEvent {
  /** `host:port` of the node they were on (`undefined`: they were on none, refused there). */
  readonly from: string | undefined;
  /** `host:port` of the node that confirmed them. */
  readonly to: string;
  readonly channels: readonly ChannelName[];
  readonly patterns: readonly ChannelName[];
  readonly shards: readonly ChannelName[];
}

/** What the links need of the cluster; tests pass fakes. */
export interface ClusterLinksContext {
  readonly topology: {
    readonly map: SlotMap | undefined;
    ready(): Promise<SlotMap>;
    refresh(): Promise<SlotMap>;
  };
  readonly events: EventEmitter<ClusterEvents>;
  /** A new, unopened connection to the node at `address`. */
  connect(address: NodeAddress): Connection;
  readonly buffers: boolean;
}

/** What the links report to the subscriber in front. */
export interface ClusterLinksHooks<T extends string | Buffer> {
  message(message: Message<T>): void;
  moved(event: MovedEvent): void;
  reconnecting(event: ReconnectingEvent): void;
  resubscribed(event: ResubscribedEvent): void;
  error(error: Error): void;
  end(): void;
}

/** One link and the node it talks to. */
interface NodeLink<T extends string | Buffer> {
  readonly key: string;
  readonly link: SubscriptionLink<T>;
  retired: boolean;
}

/** Attempts of one subscribe call that meets MOVED or a node retired under it. */
const MAX_ATTEMPTS = 16;
/** Reconciles that keep meeting MOVED back off up to this long (the map catching up). */
const MAX_RETRY_DELAY_MS = 1_000;

const GLOBAL_KINDS = ['channel', 'pattern'] as const;

export class ClusterLinks<T extends string | Buffer> implements SubscriptionTarget {
  readonly #context: ClusterLinksContext;
  readonly #hooks: ClusterLinksHooks<T>;
  readonly #desired = new SubscriptionSet();
  #global: NodeLink<T> | undefined;
  readonly #shards = new Map<string, NodeLink<T>>();
  /** Shard channels the server dropped while still desired, by name key. */
  readonly #dropped = new Map<string, ChannelName>();
  /** Shard channels a node refused (MOVED) during a move, by name key, with the node they were on. */
  readonly #orphans = new Map<string, { name: ChannelName; from: string | undefined }>();
  /** Graceful closes of retired links still under way: `close()` waits for them too. */
  readonly #closings = new Set<Promise<void>>();
  #retries = 0;
  #retryTimer: NodeJS.Timeout | undefined;
  /** Pauses of subscribe calls retrying after MOVED: `close()` ends them at once. */
  readonly #pauses = new Map<NodeJS.Timeout, () => void>();
  #listening = false;
  #closed = false;
  readonly #onTopology = (): void => this.#reconcileNow();

  readonly subscriptions: SubscriptionView = {
    desired: (kind) => this.#desired.desired(kind),
    desiredCounts: () => this.#desired.desiredCounts(),
    isConfirmed: (kind, name) =>
      this.#holder(kind, name)?.link.subscriptions.isConfirmed(kind, name) ?? false,
  };

  constructor(context: ClusterLinksContext, hooks: ClusterLinksHooks<T>) {
    this.#context = context;
    this.#hooks = hooks;
  }

  /** `host:port` of the node holding `kind`'s subscription of `name` (or the global link for channels and patterns). */
  nodeOf(kind: SubscriptionKind, name?: ChannelName): string | undefined {
    if (kind !== 'shard') return this.#global?.key;
    return name === undefined ? undefined : this.#holder(kind, name)?.key;
  }

  /** Every node a link is open to, global first. */
  nodes(): string[] {
    const keys = [...this.#shards.keys()];
    return this.#global === undefined ? keys : [this.#global.key, ...keys];
  }

  async add(kind: SubscriptionKind, names: readonly ChannelName[]): Promise<void> {
    this.#desired.want(kind, names);
    for (let attempt = 1; ; attempt++) {
      try {
        if (kind === 'shard') await this.#addShards(names);
        else await (await this.#globalLink()).link.add(kind, names);
        return;
      } catch (error) {
        const stillWanted = names.some((name) => this.#desired.isDesired(kind, name));
        if (!this.#closed && stillWanted && attempt < MAX_ATTEMPTS) {
          if (isMoved(error)) {
            await this.#context.topology.refresh().catch(() => {});
            // A map refreshed from nodes that have not caught up yet may move it back: wait a
            // little longer each time rather than spin through the attempts.
            if (attempt > 1) await this.#pause(Math.min(10 * 2 ** attempt, MAX_RETRY_DELAY_MS));
            if (!this.#closed) continue;
          }
          // The link was retired under the call (its node failed, the names moved): try again
          // where they are now.
          if (isClosed(error)) continue;
        }
        if (error instanceof ReplyError) await this.remove(kind, names).catch(() => {});
        throw error;
      }
    }
  }

  async remove(kind: SubscriptionKind, names: readonly ChannelName[]): Promise<void> {
    this.#desired.unwant(kind, names);
    for (const name of names) {
      this.#dropped.delete(nameKey(name));
      this.#orphans.delete(nameKey(name));
    }
    const removals: Promise<void>[] = [];
    if (kind !== 'shard') {
      const global = this.#global;
      if (global !== undefined) removals.push(global.link.remove(kind, names));
    } else {
      for (const holder of this.#shards.values()) {
        const held = names.filter((name) => holder.link.subscriptions.isDesired('shard', name));
        for (const group of slotBatches(held)) removals.push(holder.link.remove('shard', group));
      }
    }
    await Promise.all(removals);
    this.#retireEmpty();
  }

  async close(): Promise<void> {
    this.#stop();
    await Promise.all([...this.#all().map((holder) => holder.link.close()), ...this.#closings]);
    this.#hooks.end();
  }

  destroy(): void {
    this.#stop();
    for (const holder of this.#all()) holder.link.destroy();
    this.#hooks.end();
  }

  // ── placing ─────────────────────────────────────────────────────────────────────────────

  async #addShards(names: readonly ChannelName[]): Promise<void> {
    const map = await this.#context.topology.ready();
    const { placements, unserved } = placeShardChannels(names, map);
    if (unserved.length > 0) {
      throw new ConnectionError(
        `No primary serves the slot of shard channel ${String(unserved[0])}`,
      );
    }
    await Promise.all(
      placements.map(({ owner, names: group }) => {
        const holder = this.#shardLink(owner);
        this.#release(group, holder);
        return holder.link.add('shard', group);
      }),
    );
  }

  async #globalLink(): Promise<NodeLink<T>> {
    if (this.#global !== undefined) return this.#global;
    const map = await this.#context.topology.ready();
    if (this.#global !== undefined) return this.#global;
    const node = pickGlobalNode(map);
    if (node === undefined)
      throw new ConnectionError('No healthy node in the cluster to subscribe on');
    this.#global = this.#open(node, 'global');
    return this.#global;
  }

  #shardLink(owner: NodeView): NodeLink<T> {
    let holder = this.#shards.get(owner.key);
    if (holder === undefined) {
      holder = this.#open(owner, 'shard');
      this.#shards.set(owner.key, holder);
    }
    return holder;
  }

  #open(node: NodeView, role: 'global' | 'shard'): NodeLink<T> {
    this.#listen();
    const holder: NodeLink<T> = {
      key: node.key,
      retired: false,
      link: undefined as unknown as SubscriptionLink<T>,
    };
    const hooks: LinkHooks<T> = {
      message: (message) => this.#hooks.message(message),
      dropped: (kind, name) => this.#onDropped(kind, name),
      resubscribed: (event) => this.#hooks.resubscribed(event),
      reconnecting: (event) => {
        this.#hooks.reconnecting(event);
        // Its node may be failing over or gone: look again, and move what must move.
        this.#refreshThenReconcile();
      },
      error: (error) => {
        if (isMoved(error)) this.#refreshThenReconcile();
        else this.#hooks.error(error);
      },
      end: () => this.#onLinkEnd(holder, role),
    };
    const batches = (kind: SubscriptionKind, names: readonly ChannelName[]) =>
      kind === 'shard' ? slotBatches(names) : [names];
    const connection = this.#context.connect(node.address);
    (holder as { link: SubscriptionLink<T> }).link = new SubscriptionLink<T>(
      connection,
      hooks,
      this.#context.buffers,
      batches,
    );
    return holder;
  }

  /** Takes `names` off every shard link but `keep` (they are being placed there). */
  #release(names: readonly ChannelName[], keep: NodeLink<T>): void {
    for (const holder of this.#shards.values()) {
      if (holder === keep) continue;
      const held = names.filter((name) => holder.link.subscriptions.isDesired('shard', name));
      for (const group of slotBatches(held)) this.#leave(holder, group);
    }
  }

  /** Unsubscribes `group` (one slot) from a link, without waiting: the server may be gone. */
  #leave(holder: NodeLink<T>, group: readonly ChannelName[]): void {
    if (holder.link.connection.status === 'ready') {
      holder.link.remove('shard', group).catch(() => {});
    } else {
      holder.link.subscriptions.unwant('shard', group);
    }
  }

  // ── reconciling ─────────────────────────────────────────────────────────────────────────

  #refreshThenReconcile(): void {
    if (this.#closed) return;
    this.#context.topology.refresh().then(
      () => this.#reconcileNow(),
      (error: unknown) => this.#hooks.error(error as Error),
    );
  }

  /** Moves every misplaced name to where the current map says it belongs. Synchronous. */
  #reconcileNow(): void {
    const map = this.#context.topology.map;
    if (this.#closed || map === undefined) return;
    this.#reconcileGlobal(map);
    this.#reconcileShards(map);
    this.#retireEmpty();
  }

  #reconcileGlobal(map: SlotMap): void {
    const old = this.#global;
    if (old === undefined || isUsable(map, old.key)) return;
    const node = pickGlobalNode(map, old.key);
    if (node === undefined) return;
    this.#global = this.#open(node, 'global');
    this.#retire(old);
    this.#resubscribeGlobal(old.key);
  }

  /** Subscribes every desired channel and pattern on the (new) global link; announces it. */
  #resubscribeGlobal(from: string | undefined): void {
    const holder = this.#global;
    if (holder === undefined) return;
    const channels = this.#desired.desired('channel');
    const patterns = this.#desired.desired('pattern');
    if (channels.length + patterns.length === 0) return;
    const adds = GLOBAL_KINDS.map((kind) => {
      const names = kind === 'channel' ? channels : patterns;
      return names.length === 0 ? undefined : holder.link.add(kind, names);
    });
    Promise.all(adds).then(
      () => {
        if (!holder.retired)
          this.#hooks.moved({ from, to: holder.key, channels, patterns, shards: [] });
      },
      (error: unknown) => {
        if (!holder.retired && !isClosed(error)) this.#hooks.error(error as Error);
      },
    );
  }

  #reconcileShards(map: SlotMap): void {
    // Names to place, grouped by their current holder (undefined: none) and the new owner.
    const moves = new Map<
      string,
      { from: string | undefined; owner: NodeView; names: ChannelName[] }
    >();
    const plan = (from: string | undefined, owner: NodeView, names: readonly ChannelName[]) => {
      const id = `${from ?? ''}>${owner.key}`;
      const move = moves.get(id);
      if (move === undefined) moves.set(id, { from, owner, names: [...names] });
      else move.names.push(...names);
    };
    for (const holder of [...this.#shards.values()]) {
      const { placements } = placeShardChannels(holder.link.subscriptions.desired('shard'), map);
      for (const { owner, names } of placements) {
        if (owner.key !== holder.key) {
          this.#leave(holder, names);
          plan(holder.key, owner, names);
          continue;
        }
        // Still the owner by our map, but the server dropped them: subscribe again there (a
        // stale map answers MOVED, and the next refresh corrects it).
        const dropped = names.filter((name) => this.#dropped.has(nameKey(name)));
        if (dropped.length > 0) plan(holder.key, owner, dropped);
      }
    }
    const orphans = [...this.#orphans.values()];
    this.#orphans.clear();
    for (const { name, from } of orphans) {
      const owner = placeShardChannels([name], map).placements[0]?.owner;
      if (owner === undefined) this.#orphans.set(nameKey(name), { name, from });
      else plan(from, owner, [name]);
    }
    for (const { names } of moves.values())
      for (const name of names) this.#dropped.delete(nameKey(name));
    for (const move of moves.values()) this.#moveShards(move.from, move.owner, move.names);
  }

  #moveShards(from: string | undefined, owner: NodeView, names: readonly ChannelName[]): void {
    const holder = this.#shardLink(owner);
    const groups = [...groupBySlot(names).values()];
    const adds = groups.map((group) =>
      holder.link.add('shard', group).catch((error: unknown) => {
        if (!isMoved(error)) throw error;
        // Refused by a stale map: keep them desired, and try again once the map caught up.
        // They are still announced as coming from where they were, not from the refusing node.
        for (const name of group) {
          if (this.#desired.isDesired('shard', name))
            this.#orphans.set(nameKey(name), { name, from });
        }
        return 'refused' as const;
      }),
    );
    Promise.all(adds).then(
      (outcomes) => {
        const confirmed = groups.filter((_, i) => outcomes[i] !== 'refused').flat();
        const current = confirmed.filter((name) => this.#desired.isDesired('shard', name));
        if (current.length > 0 && !holder.retired) {
          this.#hooks.moved({ from, to: holder.key, channels: [], patterns: [], shards: current });
        }
        if (confirmed.length < names.length) this.#retryLater();
        else this.#retries = 0;
      },
      (error: unknown) => {
        if (!holder.retired && !isClosed(error)) this.#hooks.error(error as Error);
      },
    );
  }

  /** Another reconcile after a growing delay: the refreshed map is still behind the servers. */
  #retryLater(): void {
    if (this.#closed || this.#retryTimer !== undefined) return;
    const delay = Math.min(50 * 2 ** this.#retries++, MAX_RETRY_DELAY_MS);
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = undefined;
      this.#refreshThenReconcile();
    }, delay);
  }

  #onDropped(kind: SubscriptionKind, name: T): void {
    if (kind !== 'shard' || !this.#desired.isDesired('shard', name)) return;
    this.#dropped.set(nameKey(name), name);
    this.#refreshThenReconcile();
  }

  /** A link's connection closed for good: retired by us, or it gave up reconnecting. */
  #onLinkEnd(holder: NodeLink<T>, role: 'global' | 'shard'): void {
    if (holder.retired || this.#closed) return;
    holder.retired = true;
    if (role === 'global') {
      this.#global = undefined;
      const map = this.#context.topology.map;
      const node = map === undefined ? undefined : pickGlobalNode(map, holder.key);
      if (node === undefined) return;
      this.#global = this.#open(node, 'global');
      this.#resubscribeGlobal(holder.key);
      return;
    }
    this.#shards.delete(holder.key);
    for (const name of holder.link.subscriptions.desired('shard')) {
      if (this.#desired.isDesired('shard', name)) {
        this.#orphans.set(nameKey(name), { name, from: holder.key });
      }
    }
    this.#refreshThenReconcile();
  }

  // ── links' lives ────────────────────────────────────────────────────────────────────────

  /** The link holding `kind`'s `name`, if any. */
  #holder(kind: SubscriptionKind, name: ChannelName): NodeLink<T> | undefined {
    if (kind !== 'shard') return this.#global;
    for (const holder of this.#shards.values()) {
      if (holder.link.subscriptions.isDesired('shard', name)) return holder;
    }
    return undefined;
  }

  /** Closes the links that hold nothing any more, and stops listening once none is left. */
  #retireEmpty(): void {
    for (const holder of [...this.#shards.values()]) {
      if (holder.link.subscriptions.desired('shard').length === 0) this.#retire(holder);
    }
    const global = this.#global;
    if (
      global !== undefined &&
      GLOBAL_KINDS.every((k) => global.link.subscriptions.desired(k).length === 0)
    ) {
      this.#retire(global);
    }
    if (this.#all().length === 0) this.#unlisten();
  }

  #retire(holder: NodeLink<T>): void {
    holder.retired = true;
    if (this.#global === holder) this.#global = undefined;
    if (this.#shards.get(holder.key) === holder) this.#shards.delete(holder.key);
    // A healthy node gets a graceful close; one that is down would keep it waiting.
    if (holder.link.connection.status !== 'ready') {
      holder.link.destroy();
      return;
    }
    const closing = holder.link.close().catch(() => {});
    this.#closings.add(closing);
    closing.finally(() => this.#closings.delete(closing));
  }

  #all(): NodeLink<T>[] {
    const all = [...this.#shards.values()];
    if (this.#global !== undefined) all.unshift(this.#global);
    return all;
  }

  #listen(): void {
    if (this.#listening) return;
    this.#listening = true;
    this.#context.events.on('topology', this.#onTopology);
  }

  #unlisten(): void {
    if (!this.#listening) return;
    this.#listening = false;
    this.#context.events.off('topology', this.#onTopology);
  }

  /** Resolves after `ms`, or at once when the links close. */
  #pause(ms: number): Promise<void> {
    if (this.#closed) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.#pauses.delete(timer);
        resolve();
      }, ms);
      this.#pauses.set(timer, resolve);
    });
  }

  #stop(): void {
    this.#closed = true;
    clearTimeout(this.#retryTimer);
    this.#retryTimer = undefined;
    for (const [timer, resolve] of this.#pauses) {
      clearTimeout(timer);
      resolve();
    }
    this.#pauses.clear();
    this.#unlisten();
  }
}

function isMoved(error: unknown): boolean {
  return error instanceof ReplyError && (error.code === 'MOVED' || error.code === 'ASK');
}

/** The connection closed under the command (its link was retired). */
function isClosed(error: unknown): boolean {
  return error instanceof ConnectionError && error.code === 'REDWIRE_CONNECTION_CLOSED';
}
