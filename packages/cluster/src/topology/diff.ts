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
 * A node is promoted when it was not a primary before and now serves slots whose primary is now
 * gone, failed or a replica: the server's failover, told from the slots rather than from the
 * node's old role, because the old view need not have listed the node (a replica added, or
 * first seen, between the two views). Such a node is also `added`. Slots that had no primary,
 * and slots moved off a primary that still serves, are not a failover; neither are slots a
 * primary already known gains. One case looks the same and is not: a node added, given every
 * slot of a primary by migration and that primary removed, all between two views.
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
  const added = [...is.keys()].filter((key) => !was.has(key));
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
  const promoted = new Set<string>();
  for (const { from, to } of moves) {
    if (from !== undefined && to !== undefined && tookOver(from, to, was, is)) promoted.add(to);
  }
  return {
    added: added.sort(compareText),
    removed: removed.sort(compareText),
    promoted: [...promoted].sort(compareText),
    movedSlots,
    moves,
  };
}

/**
 * Whether slots going from `from` to `to` are a failover: `to` was no primary before, and `from`
 * is now gone, failed or a replica. The old primary may linger in the view, flagged failed, until
 * it rejoins as a replica: failed counts whatever role it is listed with.
 */
function tookOver(from: string, to: string, was: Roles, is: Roles): boolean {
  if (was.get(to)?.role === 'primary') return false;
  const old = is.get(from);
  return old === undefined || old.health === 'failed' || old.role === 'replica';
}

/** Each node's role and health, by key. */
type Roles = Map<string, Pick<NodeView, 'role' | 'health'>>;

/** Each node's role; a node listed as a primary anywhere counts as a primary. */
function rolesOf(view: ClusterView | undefined): Roles {
  const roles: Roles = new Map();
  for (const shard of view?.shards ?? []) {
    for (const replica of shard.replicas) {
      if (!roles.has(replica.key)) roles.set(replica.key, replica);
    }
  }
  for (const shard of view?.shards ?? []) roles.set(shard.primary.key, shard.primary);
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
