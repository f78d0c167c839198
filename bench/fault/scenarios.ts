/**
 * The faults of the bench, each on the primary of one shard of a fresh cluster: a frozen
 * primary (SIGSTOP until its replica is promoted, then SIGCONT; and held frozen 11 s past the
 * promotion), `kill -9` of a primary, and `CLUSTER FAILOVER` on its replica. Each resolves when
 * the promotion is seen by every node.
 */

import { setTimeout as sleep } from 'node:timers/promises';
import type { ClusterFaults, TestCluster } from '@redwire/test-harness/servers';

/** When a fault began and when the cluster had promoted the replica. */
export interface FaultTimes {
  readonly faultAt: number;
  readonly promotedAt: number;
  /** What the fault still does after the promotion (a later SIGCONT); awaited before the end. */
  readonly aftermath?: Promise<void>;
}

/** How long the held freeze lasts after the promotion: past the moment unsettled commands are counted. */
const HELD_AFTER_PROMOTION_MS = 11_000;

/** One fault scenario. */
export interface FaultScenario {
  readonly name: string;
  /** What it does, for the results. */
  readonly description: string;
  inject(
    cluster: TestCluster,
    faults: ClusterFaults,
    primary: { readonly id: string },
  ): Promise<FaultTimes>;
}

export const frozenPrimary: FaultScenario = {
  name: 'frozen primary',
  description: 'SIGSTOP of a primary until its replica is promoted, then SIGCONT',
  async inject(cluster, faults, primary) {
    const faultAt = Date.now();
    await faults.pause(primary);
    // The paused node counts as down: this waits until it is marked failed and owns no slot.
    await cluster.waitForOk();
    const promotedAt = Date.now();
    await faults.resume(primary, { waitForCluster: false });
    return { faultAt, promotedAt };
  },
};

/**
 * The same freeze, held past the promotion: the former primary stays silent (a partition, a VM
 * still frozen), so a client that waits for it to answer stays stuck until it wakes.
 */
export const heldFrozenPrimary: FaultScenario = {
  name: 'frozen primary, held',
  description: `SIGSTOP of a primary, SIGCONT only ${HELD_AFTER_PROMOTION_MS / 1000} s after its replica is promoted`,
  async inject(cluster, faults, primary) {
    const faultAt = Date.now();
    await faults.pause(primary);
    await cluster.waitForOk();
    const promotedAt = Date.now();
    // Stopping the cluster sends SIGCONT anyway: a failed resume is only worth a line.
    const aftermath = sleep(HELD_AFTER_PROMOTION_MS)
      .then(() => faults.resume(primary, { waitForCluster: false }))
      .catch((error: unknown) => console.warn(`SIGCONT after the held freeze failed: ${error}`));
    return { faultAt, promotedAt, aftermath };
  },
};

export const killPrimary: FaultScenario = {
  name: 'kill -9',
  description: 'SIGKILL of a primary; its replica takes over after the node timeout',
  async inject(cluster, faults, primary) {
    const faultAt = Date.now();
    await faults.kill(primary);
    await cluster.waitForOk();
    return { faultAt, promotedAt: Date.now() };
  },
};

export const clusterFailover: FaultScenario = {
  name: 'CLUSTER FAILOVER',
  description: 'CLUSTER FAILOVER on the replica (the manual, lossless handover)',
  async inject(cluster, faults, primary) {
    const replica = await cluster.replicaOf(primary);
    const faultAt = Date.now();
    await faults.failover(replica);
    return { faultAt, promotedAt: Date.now() };
  },
};

export const SCENARIOS: readonly FaultScenario[] = [
  frozenPrimary,
  heldFrozenPrimary,
  killPrimary,
  clusterFailover,
];
