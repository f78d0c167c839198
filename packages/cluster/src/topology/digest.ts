/**
 * Comparing views cheaply: a digest that two nodes agreeing on the cluster produce alike, and
 * the choice of the view most nodes agree on (the periodic check asks a few nodes and rebuilds
 * only when their digest differs from ours).
 */
import { createHash } from 'node:crypto';
import { countSlots, formatRanges, normalizeRanges } from './slot-ranges.js';
import type { ClusterView, NodeView } from './types.js';
import { compareText } from './view-builder.js';

/**
 * A fingerprint of `view`: its slot ranges, each range's primary (id and address) and the set of
 * its replicas (id, address and health, so a replica failing or coming back changes it), in a
 * canonical order. Shard order, replica order and how ranges are split do not change it.
 *
 * @example
 * ```ts
 * if (viewDigest(sampled) !== viewDigest(map.view)) rebuild(sampled);
 * ```
 */
export function viewDigest(view: ClusterView): string {
  const shards = view.shards
    .map((shard) => {
      const replicas = shard.replicas.map(describe).sort(compareText).join(',');
      return `${formatRanges(normalizeRanges(shard.slots))}=${describe(shard.primary)}[${replicas}]`;
    })
    .sort(compareText);
  return createHash('sha1').update(shards.join('\n')).digest('hex');
}

/**
 * The view most of `views` agree on (by {@link viewDigest}); on a tie, the one covering the most
 * slots, then the first given. Views that cover no slot (a node that has not joined yet, or has
 * been reset) are ignored.
 *
 * @returns the chosen view, or `undefined` when none covers a slot
 */
export function pickMajority(views: readonly ClusterView[]): ClusterView | undefined {
  const groups = new Map<string, { view: ClusterView; votes: number; covered: number }>();
  for (const view of views) {
    const covered = coveredSlots(view);
    if (covered === 0) continue;
    const digest = viewDigest(view);
    const group = groups.get(digest);
    if (group === undefined) groups.set(digest, { view, votes: 1, covered });
    else group.votes++;
  }
  // Map iteration follows first appearance, so keeping the first best group breaks the last tie.
  let best: { view: ClusterView; votes: number; covered: number } | undefined;
  for (const group of groups.values()) {
    if (
      best === undefined ||
      group.votes > best.votes ||
      (group.votes === best.votes && group.covered > best.covered)
    ) {
      best = group;
    }
  }
  return best?.view;
}

/** How many distinct slots the view's shards serve. */
export function coveredSlots(view: ClusterView): number {
  return countSlots(normalizeRanges(view.shards.flatMap((shard) => shard.slots)));
}

function describe(node: NodeView): string {
  const health = node.health === 'online' ? '' : ` ${node.health}`;
  return `${node.id ?? '-'}@${node.key}${health}`;
}
