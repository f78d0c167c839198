/**
 * The shape every cluster client under test is wrapped into: the client benchmark's
 * `PipeliningClient` plus MGET, and, per contender, the workloads whose keys it must get
 * hash-tagged into one slot because its API cannot spread them over the cluster.
 */

import type { ServerAddress } from '@redwire/test-harness/servers';
import type { PipeliningClient } from '../lib/clients/contract.js';

/** The name of redwire run on the peers' hash-tagged keys: compared with them, never one of them. */
export const REDWIRE_TAGGED = 'redwire, tagged keys';

/** The workloads a contender may need one slot for (the 100 workers never do). */
export type OneSlotWorkload = 'pipeline' | 'mget';

export interface ClusterClient extends PipeliningClient {
  /** MGET through the library's own method; resolves to the values in key order. */
  mget(keys: readonly string[]): Promise<unknown[]>;
}

export interface ClusterContender {
  /** Short name for the table. */
  readonly name: string;
  /** Package, version and the settings that matter, for the results header. */
  readonly source: string;
  /**
   * Workloads this client gets hash-tagged keys for (every key in one slot, so on one node),
   * each with what the library does with keys that span slots: said next to its figure.
   */
  readonly oneSlot: Readonly<Partial<Record<OneSlotWorkload, string>>>;
  /** Discovers the cluster from `seeds` and resolves once it can route commands. */
  connect(seeds: readonly ServerAddress[]): Promise<ClusterClient>;
}
