import { ownsSlot } from './cluster-nodes.js';
import { HarnessStateError, HarnessTimeoutError } from './errors.js';
import { HARNESS_DEFAULTS, type WaitOptions } from './options.js';
import { sendCommand } from './resp-client.js';
import type { NodeRef, TestCluster, TestClusterNode } from './test-cluster.js';

/** Options of {@link migrateSlot}. */
export interface MigrateSlotOptions extends WaitOptions {
  /** Keys moved per MIGRATE. @default HARNESS_DEFAULTS.migrateBatchSize */
  readonly batchSize?: number;
}

/** What a slot migration did. */
export interface SlotMigration {
  readonly slot: number;
  readonly from: TestClusterNode;
  readonly to: TestClusterNode;
  readonly keysMoved: number;
}

/** Bound on one MIGRATE batch, inside the server and for our wait on its reply. */
const MIGRATE_TIMEOUT_MS = 5000;

/**
 * Moves `slot` and its keys to the primary `target`, the way the cluster spec describes
 * resharding: IMPORTING on the target, MIGRATING on the source, GETKEYSINSLOT + MIGRATE in
 * batches, then SETSLOT NODE on the target, the source and the other primaries. Resolves once
 * every node agrees on the new owner and the cluster is consistent.
 *
 * @throws HarnessStateError when `target` is not a primary.
 * @throws HarnessTimeoutError when it takes longer than `timeoutMs`.
 */
export async function migrateSlot(
  cluster: TestCluster,
  slot: number,
  target: NodeRef,
  options: MigrateSlotOptions = {},
): Promise<SlotMigration> {
  const timeoutMs = options.timeoutMs ?? HARNESS_DEFAULTS.clusterOkTimeoutMs;
  const deadline = Date.now() + timeoutMs;
  const to = cluster.node(target);
  const from = await cluster.nodeForSlot(slot);
  if (from.id === to.id) return { slot, from, to, keysMoved: 0 };
  const primaries = await cluster.primaries();
  if (!primaries.some((node) => node.id === to.id)) {
    throw new HarnessStateError(
      `Cannot migrate slot ${slot} to ${cluster.describe(to)}: it is not a primary`,
    );
  }

  await cluster.command(to, 'CLUSTER', 'SETSLOT', slot, 'IMPORTING', from.id);
  await cluster.command(from, 'CLUSTER', 'SETSLOT', slot, 'MIGRATING', to.id);
  const batchSize = options.batchSize ?? HARNESS_DEFAULTS.migrateBatchSize;
  let keysMoved = 0;
  for (;;) {
    const keys = await cluster.command(from, 'CLUSTER', 'GETKEYSINSLOT', slot, batchSize);
    if (!Array.isArray(keys) || keys.length === 0) break;
    // REPLACE makes a retried batch harmless; the empty key plus KEYS moves many keys at once.
    const args = [
      'MIGRATE',
      to.host,
      to.port,
      '',
      0,
      MIGRATE_TIMEOUT_MS,
      'REPLACE',
      'KEYS',
      ...keys.map(String),
    ];
    await sendCommand(from.address, args, MIGRATE_TIMEOUT_MS + 1000);
    keysMoved += keys.length;
    if (Date.now() > deadline) {
      throw new HarnessTimeoutError(
        `Timed out after ${timeoutMs} ms migrating slot ${slot} (${keysMoved} keys moved)`,
      );
    }
  }
  // The target first, so it owns the slot before the source starts redirecting there.
  await cluster.command(to, 'CLUSTER', 'SETSLOT', slot, 'NODE', to.id);
  await cluster.command(from, 'CLUSTER', 'SETSLOT', slot, 'NODE', to.id);
  for (const other of primaries) {
    if (other.id === to.id || other.id === from.id || cluster.isDown(other)) continue;
    await cluster.command(other, 'CLUSTER', 'SETSLOT', slot, 'NODE', to.id);
  }
  await cluster.waitForOk({
    timeoutMs: Math.max(deadline - Date.now(), 1000),
    what: `slot ${slot} on ${cluster.describe(to)}`,
    until: (snapshots) => {
      for (const snapshot of snapshots) {
        const owner = snapshot.nodes.find((node) => ownsSlot(node, slot));
        if (owner?.id !== to.id)
          return `${snapshot.address} still sees slot ${slot} on ${owner?.id ?? 'no node'}`;
      }
      return null;
    },
  });
  return { slot, from, to, keysMoved };
}
