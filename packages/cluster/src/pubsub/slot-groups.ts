/**
 * Shard channels grouped the way the cluster needs them: by slot (one SSUBSCRIBE may name only
 * channels of one slot, or the server answers CROSSSLOT), and by the primary that owns each
 * slot (one connection per shard). Pure functions over a `SlotMap`, tested without a server.
 */
import type { ChannelName } from '@redwire/pubsub';
import { slotOf } from '../routing/slot.js';
import type { SlotMap } from '../topology/slot-map.js';
import type { NodeView } from '../topology/types.js';

/** `names` by slot, each group in the order given. */
export function groupBySlot(names: readonly ChannelName[]): Map<number, ChannelName[]> {
  const groups = new Map<number, ChannelName[]>();
  for (const name of names) {
    const slot = slotOf(name);
    const group = groups.get(slot);
    if (group === undefined) groups.set(slot, [name]);
    else group.push(name);
  }
  return groups;
}

/** {@link groupBySlot} as a list: the commands that (re)subscribe `names`. */
export function slotBatches(names: readonly ChannelName[]): ChannelName[][] {
  return [...groupBySlot(names).values()];
}

/** Where one slot's shard channels belong: the slot's primary. */
export interface Placement {
  readonly slot: number;
  readonly owner: NodeView;
  readonly names: ChannelName[];
}

/**
 * Each slot group of `names` with the primary that serves it in `map`; `unserved` gets the
 * names of slots no primary serves (a cluster that lost a shard).
 */
export function placeShardChannels(
  names: readonly ChannelName[],
  map: SlotMap,
): { placements: Placement[]; unserved: ChannelName[] } {
  const placements: Placement[] = [];
  const unserved: ChannelName[] = [];
  for (const [slot, group] of groupBySlot(names)) {
    const owner = map.primaryFor(slot);
    if (owner === undefined) unserved.push(...group);
    else placements.push({ slot, owner, names: group });
  }
  return { placements, unserved };
}

/**
 * The node that holds a subscriber's SUBSCRIBE and PSUBSCRIBE connection (global pub/sub is
 * broadcast to every node): the first healthy replica, so primaries keep their capacity for
 * writes, else the first healthy primary; never `avoid`. Deterministic for one map.
 */
export function pickGlobalNode(map: SlotMap, avoid?: string): NodeView | undefined {
  const healthy = map.nodes().filter((node) => node.health === 'online' && node.key !== avoid);
  return healthy.find((node) => node.role === 'replica') ?? healthy[0];
}

/** Whether `key` names a node of `map` that is not known to have failed. */
export function isUsable(map: SlotMap, key: string): boolean {
  const node = map.node(key);
  return node !== undefined && node.health !== 'failed';
}
