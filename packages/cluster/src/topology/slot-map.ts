/**
 * `SlotMap`: which shard serves each of the 16384 hash slots. Pure data: it knows nothing of
 * connections or refreshes; the cluster builds one per view and patches it on MOVED.
 */
import { nodeKey } from './address.js';
import { isSlot, SLOT_COUNT } from './slot-ranges.js';
import type { ClusterView, NodeAddress, NodeView, ShardView, SlotRange } from './types.js';

/** The owner of a slot no shard serves. */
const NONE = 0xffff;
const NO_REPLICAS: readonly NodeView[] = Object.freeze([]);

/** Lists derived from the table, built when first asked for and dropped on the next change. */
interface Derived {
  shards?: readonly ShardView[];
  primaries?: readonly NodeView[];
  nodes?: readonly NodeView[];
}

/**
 * The slot table of one {@link ClusterView}, patched slot by slot as MOVED replies come in.
 *
 * `primaryFor` and `shardFor` are two array reads, no allocation: they run for every command.
 *
 * @example
 * ```ts
 * const map = new SlotMap(parseShards(reply, { source }));
 * map.primaryFor(slot)?.address; // where a write for `slot` goes
 * map.patch(3999, { host: '10.0.0.7', port: 6381 }); // after `MOVED 3999 10.0.0.7:6381`
 * ```
 */
export class SlotMap {
  /** The view the map was built from; `patch()` leaves it as it was. */
  readonly view: ClusterView;
  /** Slot → index in `#shards`, `NONE` when no shard serves it. */
  readonly #owner = new Uint16Array(SLOT_COUNT).fill(NONE);
  /** Shards by index; a promotion replaces an entry in place, so its slots follow. */
  readonly #shards: ShardView[] = [];
  /** Every node key → the shard it belongs to. */
  readonly #shardOf = new Map<string, number>();
  #covered = 0;
  /** Whether the view's own shards still describe the table: no patch, no overlapping ranges. */
  #asBuilt = true;
  #derived: Derived = {};

  constructor(view: ClusterView) {
    this.view = view;
    for (const shard of view.shards) {
      const index = this.#add(shard);
      for (const range of shard.slots) {
        for (let slot = range.start; slot <= range.end; slot++) this.#assign(slot, index);
      }
    }
  }

  /**
   * The shard serving `slot`, or `undefined` when none does (or `slot` is not a slot number).
   * Its `slots` are those the view gave (a patch moves slots in the table only):
   * {@link SlotMap.shards} has the ranges served now.
   */
  shardFor(slot: number): ShardView | undefined {
    const index = this.#owner[slot];
    return index === undefined || index === NONE ? undefined : this.#shards[index];
  }

  /** The primary serving `slot`, or `undefined` when none does (or `slot` is not a slot number). */
  primaryFor(slot: number): NodeView | undefined {
    const index = this.#owner[slot];
    return index === undefined || index === NONE ? undefined : this.#shards[index]?.primary;
  }

  /** The replicas of the shard serving `slot` (failed and loading ones included, flagged by `health`). */
  replicasFor(slot: number): readonly NodeView[] {
    return this.shardFor(slot)?.replicas ?? NO_REPLICAS;
  }

  /** The node known by this key (`host:port`), primary or replica. */
  node(key: string): NodeView | undefined {
    const index = this.#shardOf.get(key);
    if (index === undefined) return undefined;
    const shard = this.#shards[index];
    if (shard?.primary.key === key) return shard.primary;
    return shard?.replicas.find((replica) => replica.key === key);
  }

  /** Whether every slot has a primary. */
  get isComplete(): boolean {
    return this.#covered === SLOT_COUNT;
  }

  /** The slots no shard serves, as ranges (empty when the map is complete). */
  uncoveredSlots(): SlotRange[] {
    if (this.isComplete) return [];
    const ranges: SlotRange[] = [];
    let start = -1;
    for (let slot = 0; slot <= SLOT_COUNT; slot++) {
      const free = slot < SLOT_COUNT && this.#owner[slot] === NONE;
      if (free && start === -1) start = slot;
      if (!free && start !== -1) {
        ranges.push({ start, end: slot - 1 });
        start = -1;
      }
    }
    return ranges;
  }

  /** The shards serving at least one slot now, with the ranges they serve, by first slot. */
  shards(): readonly ShardView[] {
    this.#derived.shards ??= this.#currentShards();
    return this.#derived.shards;
  }

  /** The primaries serving at least one slot now, by first slot. */
  primaries(): readonly NodeView[] {
    this.#derived.primaries ??= this.shards().map((shard) => shard.primary);
    return this.#derived.primaries;
  }

  /** Every distinct node of the shards serving slots now: each primary, then its replicas. */
  nodes(): readonly NodeView[] {
    if (this.#derived.nodes === undefined) {
      const nodes = new Map<string, NodeView>();
      for (const shard of this.shards()) {
        if (!nodes.has(shard.primary.key)) nodes.set(shard.primary.key, shard.primary);
        for (const replica of shard.replicas) {
          if (!nodes.has(replica.key)) nodes.set(replica.key, replica);
        }
      }
      this.#derived.nodes = [...nodes.values()];
    }
    return this.#derived.nodes;
  }

  /**
   * After `MOVED slot address`: the slot now belongs to the node at `address` (as dialled:
   * through `nodeAddressMap`, as `parseRedirection` gives it when handed the map).
   *
   * - A known primary: the slot points at its shard (a migration).
   * - A known replica: it was promoted (a failover), and a promoted replica takes over its
   *   whole shard: it becomes that shard's primary for every slot the shard serves, and the old
   *   primary leaves the map until the next view says what became of it. The slot then points
   *   at that shard, so one MOVED moves the shard rather than one MOVED per slot.
   * - An unknown node: a new shard with it as primary and no replicas (a node added since).
   *
   * @returns whether the map changed
   */
  patch(slot: number, address: NodeAddress): boolean {
    if (!isSlot(slot)) return false;
    const key = nodeKey(address);
    let index = this.#shardOf.get(key);
    let changed = false;
    if (index === undefined) {
      const primary: NodeView = { id: undefined, address, key, role: 'primary', health: 'online' };
      index = this.#add({ slots: [{ start: slot, end: slot }], primary, replicas: [] });
    } else if (this.#shards[index]?.primary.key !== key) {
      this.#promote(index, key);
      changed = true;
    }
    if (this.#owner[slot] !== index) {
      this.#assign(slot, index);
      changed = true;
    }
    if (changed) {
      this.#derived = {};
      this.#asBuilt = false;
    }
    return changed;
  }

  #add(shard: ShardView): number {
    const index = this.#shards.length;
    this.#shards.push(shard);
    for (const replica of shard.replicas) {
      if (!this.#shardOf.has(replica.key)) this.#shardOf.set(replica.key, index);
    }
    // A primary is known by its own shard, even when an inconsistent view also lists it as a replica elsewhere.
    this.#shardOf.set(shard.primary.key, index);
    return index;
  }

  #assign(slot: number, index: number): void {
    const previous = this.#owner[slot] as number;
    if (previous === NONE) this.#covered++;
    else this.#asBuilt = false;
    this.#owner[slot] = index;
  }

  /** Makes the replica `key` the primary of shard `index`, in place. */
  #promote(index: number, key: string): void {
    const shard = this.#shards[index] as ShardView;
    const replica = shard.replicas.find((node) => node.key === key) as NodeView;
    if (this.#shardOf.get(shard.primary.key) === index) this.#shardOf.delete(shard.primary.key);
    this.#shards[index] = {
      slots: shard.slots,
      primary: { ...replica, role: 'primary', health: 'online' },
      replicas: shard.replicas.filter((node) => node.key !== key),
    };
  }

  #currentShards(): readonly ShardView[] {
    if (this.#asBuilt) return this.view.shards;
    const ranges = this.#shards.map((): SlotRange[] => []);
    let start = 0;
    for (let slot = 1; slot <= SLOT_COUNT; slot++) {
      const owner = this.#owner[start] as number;
      if (slot < SLOT_COUNT && this.#owner[slot] === owner) continue;
      if (owner !== NONE) ranges[owner]?.push({ start, end: slot - 1 });
      start = slot;
    }
    const shards: ShardView[] = [];
    for (const [index, shard] of this.#shards.entries()) {
      const slots = ranges[index] ?? [];
      if (slots.length > 0) shards.push({ ...shard, slots });
    }
    return shards.sort((a, b) => (a.slots[0]?.start ?? 0) - (b.slots[0]?.start ?? 0));
  }
}
