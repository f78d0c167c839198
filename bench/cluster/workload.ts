/** What a workload of the cluster benchmark is, and which contenders get one slot for it. */

import type { ClientRun } from '../client/workload.js';
import type { ClusterClient, ClusterContender, OneSlotWorkload } from './contract.js';

export interface ClusterWorkload {
  readonly id: 'concurrent' | OneSlotWorkload;
  /** Row label in the results table. */
  readonly title: string;
  /** What the figure counts, after `scale`: 'ops/s', 'commands/s'. */
  readonly unit: string;
  /** Multiplies operations per second into the unit (commands per operation). */
  readonly scale: number;
  /**
   * Works until about `budgetMs` have passed; rejects on any wrong reply. `oneSlot`: this client
   * gets the hash-tagged keys (see `ClusterContender.oneSlot`).
   */
  run(name: string, client: ClusterClient, budgetMs: number, oneSlot: boolean): Promise<ClientRun>;
}

/** Whether `contender` gets the hash-tagged keys on `workload`. */
export function usesOneSlot(workload: ClusterWorkload, contender: ClusterContender): boolean {
  return workload.id !== 'concurrent' && contender.oneSlot[workload.id] !== undefined;
}
