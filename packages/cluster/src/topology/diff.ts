/** What changed between two views: the payload of the cluster's `topology` event. */
import { SLOT_COUNT } from './slot-ranges.js';
import type { ClusterView, NodeView, SlotMove, TopologyChange } from './types.js';
import { compareText } from './view-builder.js';

/**
 * The nodes that appeared, left and were promoted, and how many slots changed primary, from
 * `before` to `after`. With no `before` (the first view), every node is added and every slot
 * served counts as moved. Nodes are compared by key (`host:port`), so a node restarted on a new
 * address is one removed and one added. Lists are sorted.
 *
 * @example
 * ```ts
 * diffViews(old, next);
 * // { added: [], removed: [], promoted: ['10.0.0.4:6379'], movedSlots: 5461,
 * //   moves: [{ start: 0, end: 5460, from: '10.0.0.1:6379', to: '10.0.0.4:6379' }] }
 * ```
 */
export function diffViews(before: ClusterView | undefined, after: ClusterView): TopologyChange {
  const was = rolesOf(before);
  const is = rolesOf(after);
  const added: string[] = [];
  const promoted: string[] = [];
  for (const [key, role] of is) {
    const previous = was.get(key);
    if (previous === undefined) added.push(key);
    else if (role === 'primary' && previous === 'replica') promoted.push(key);
  }
  const removed = [...was.keys()].filter((key) => !is.has(key));
  const owners = ownersOf(before);
  const next = ownersOf(after);
  let movedSlots = 0;
  const moves: SlotMove[] = [];
  for (let slot = 0; slot < SLOT_COUNT; slot++) {
    const from = owners[slot];
    const to = next[slot];
    if (from === to) continue;
    movedSlots++;
    const last = moves[moves.length - 1];
    // Consecutive slots with the same pair of owners make one range.
    if (last !== undefined && last.end === slot - 1 && last.from === from && last.to === to) {
      moves[moves.length - 1] = { ...last, end: slot };
    } else {
      moves.push({ start: slot, end: slot, from, to });
    }
  }
  return {
    added: added.sort(compareText),
    removed: removed.sort(compareText),
    promoted: promoted.sort(compareText),
    movedSlots,
    moves,
  };
}

/** Each node's role; a node listed as a primary anywhere counts as a primary. */
function rolesOf(view: ClusterView | undefined): Map<string, NodeView['role']> {
  const roles = new Map<string, NodeView['role']>();
  for (const shard of view?.shards ?? []) {
    for (const replica of shard.replicas) {
      if (!roles.has(replica.key)) roles.set(replica.key, 'replica');
    }
  }
  for (const shard of view?.shards ?? []) roles.set(shard.primary.key, 'primary');
  return roles;
}

/** Slot → its primary's key. */
function ownersOf(view: ClusterView | undefined): (string | undefined)[] {
  const owners = new Array<string | undefined>(SLOT_COUNT).fill(undefined);
  for (const shard of view?.shards ?? []) {
    for (const range of shard.slots) owners.fill(shard.primary.key, range.start, range.end + 1);
  }
  return owners;
}
