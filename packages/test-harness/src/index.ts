/**
 * `@redwire/test-harness` (private): real `redis-server` processes for redwire's integration
 * tests: a standalone server, a six-node cluster shared through vitest's global setup, fault
 * levers, and per-file servers with a password, ACL users, a unix socket or TLS. It is not a Redis client and imports no redwire package (turbo forbids the cycle).
 *
 * @packageDocumentation
 */

export { resourcesLeftSince, runFixture } from './child-fixture.js';
export {
  type ClientKillStorm,
  type ClientKillStormOptions,
  clientKillStorm,
} from './client-kill-storm.js';
export {
  type ClusterBaseline,
  captureBaseline,
  planRestore,
  type RestoreStep,
  type ShardBaseline,
} from './cluster-baseline.js';
export {
  type ConsistencyExpectation,
  checkClusterConsistency,
  type NodeSnapshot,
} from './cluster-consistency.js';
export {
  ClusterFaults,
  type FailoverMode,
  type FailoverOptions,
  type LeverOptions,
} from './cluster-faults.js';
export {
  type ClusterNodeInfo,
  formatSlotRanges,
  type OpenSlot,
  ownsSlot,
  parseClusterNodes,
  type SlotRange,
} from './cluster-nodes.js';
export {
  getTestServers,
  hasNodeProcesses,
  type SkippableContext,
  skipWithoutNodeProcesses,
  type TestServers,
  type TestServersInfo,
} from './context.js';
export { hashTagForSlot, keySlot, SLOT_COUNT } from './key-slot.js';
export { PromotionLog } from './promotion-log.js';
export { waitForReplicasInSync } from './replica-sync.js';
// The vitest-free part of the harness, each name listed in servers.ts.
export * from './servers.js';
export type { MigrateSlotOptions, SlotMigration } from './slot-migration.js';
export {
  type NodeRef,
  TestCluster,
  type TestClusterNode,
  type WaitForOkOptions,
} from './test-cluster.js';
export { startTestServer, type TestServerOptions } from './test-server.js';
export { within } from './within.js';
