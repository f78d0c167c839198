/** What every workload of the client benchmark reports for one timed run of one client. */

import type { PipeliningClient } from '../lib/clients/contract.js';

export interface ClientRun {
  /** Operations completed; what an "operation" is depends on the workload. */
  readonly ops: number;
  readonly seconds: number;
  /** Commands those operations sent, cross-checked with the server's own count. */
  readonly commands: number;
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
}
