/**
 * The faults of the bench, each on the primary of one shard of a fresh cluster: a frozen
 * primary (SIGSTOP until its replica is promoted, then SIGCONT), `kill -9` of a primary, and
 * `CLUSTER FAILOVER` on its replica. Each resolves when the promotion is seen by every node.
 */

import type { ClusterFaults, TestCluster } from '@redwire/test-harness/servers';

/** When a fault began and when the cluster had promoted the replica. */
export interface FaultTimes {
  readonly faultAt: number;
  readonly promotedAt: number;
}

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

export const SCENARIOS: readonly FaultScenario[] = [frozenPrimary, killPrimary, clusterFailover];
