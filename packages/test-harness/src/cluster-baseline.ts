import { type ClusterNodeInfo, ownsSlot, type SlotRange } from './cluster-nodes.js';
import { SLOT_COUNT } from './key-slot.js';

/** One primary with its slots and replicas. */
export interface ShardBaseline {
  readonly primaryId: string;
  readonly slots: readonly SlotRange[];
  readonly replicaIds: readonly string[];
}

/** The topology right after the cluster was created, which `ClusterFaults.restore()` returns to. */
export interface ClusterBaseline {
  readonly shards: readonly ShardBaseline[];
}

/** One action bringing the cluster closer to its baseline. */
export type RestoreStep =
  | { readonly kind: 'failover'; readonly replicaId: string }
  | { readonly kind: 'migrate'; readonly slot: number; readonly targetId: string }
  | { readonly kind: 'replicate'; readonly replicaId: string; readonly primaryId: string };

/** Records the current topology (CLUSTER NODES from any node) as the baseline. */
export function captureBaseline(nodes: readonly ClusterNodeInfo[]): ClusterBaseline {
  const shards = nodes
    .filter((node) => node.role === 'primary' && node.slots.length > 0)
    .map((primary) => ({
      primaryId: primary.id,
      slots: primary.slots,
      replicaIds: nodes.filter((node) => node.primaryId === primary.id).map((node) => node.id),
    }));
  return { shards };
}

/**
 * The steps from `current` back to `baseline`, in the order they must run: failovers first (a
 * baseline primary that is now a replica takes its slots back from its primary), then slots
 * moved back to their baseline owner, then replicas re-pointed at their baseline primary.
 * Apply the first step and plan again: each step changes what the next should be.
 */
export function planRestore(
  baseline: ClusterBaseline,
  current: readonly ClusterNodeInfo[],
): RestoreStep[] {
  const byId = new Map(current.map((node) => [node.id, node]));
  const steps: RestoreStep[] = [];
  for (const shard of baseline.shards) {
    if (byId.get(shard.primaryId)?.role === 'replica')
      steps.push({ kind: 'failover', replicaId: shard.primaryId });
  }
  for (const shard of baseline.shards) {
    const primary = byId.get(shard.primaryId);
    if (primary === undefined || primary.role !== 'primary') continue;
    for (const range of shard.slots) {
      for (let slot = range.start; slot <= range.end && slot < SLOT_COUNT; slot++) {
        if (!ownsSlot(primary, slot))
          steps.push({ kind: 'migrate', slot, targetId: shard.primaryId });
      }
    }
  }
  for (const shard of baseline.shards) {
    for (const replicaId of shard.replicaIds) {
      if (byId.get(replicaId)?.primaryId !== shard.primaryId) {
        steps.push({ kind: 'replicate', replicaId, primaryId: shard.primaryId });
      }
    }
  }
  return steps;
}
