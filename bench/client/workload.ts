/** What every workload of the client benchmark reports for one timed run of one client. */

import type { PipeliningClient } from '../lib/clients/contract.js';
import type { MeteredRun } from '../lib/metered-contender.js';
import type { FloorPlan } from './wire-floor.js';

export interface ClientRun extends MeteredRun {
  /** Per-operation latency in microseconds; only the one-in-flight workload records it. */
  readonly latencyUs?: { readonly median: number; readonly p99: number };
}

export interface ClientWorkload {
  /** Row label in the results table. */
  readonly title: string;
  /** What the figure counts, after `scale`: 'ops/s', 'commands/s', 'MB/s'. */
  readonly unit: string;
  /** Multiplies operations per second into the unit (commands or megabytes per operation). */
  readonly scale: number;
  /** Works until about `budgetMs` have passed; rejects on any wrong reply. */
  run(name: string, client: PipeliningClient, budgetMs: number): Promise<ClientRun>;
  /** The same commands for the wire floor (wire-floor.ts); none where the commands vary. */
  readonly floor?: FloorPlan;
}
