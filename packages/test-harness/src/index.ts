/**
 * `@redwire/test-harness` (private): real `redis-server` processes for redwire's integration
 * tests: a standalone server, a six-node cluster shared through vitest's global setup, fault
 * levers, and per-file servers with a password, ACL users, a unix socket or TLS. It is not a Redis client and imports no redwire package (turbo forbids the cycle).
 *
 * @packageDocumentation
 */
export { formatAddress, parseAddress, type ServerAddress } from './address.js';
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
export { getTestServers, type TestServers, type TestServersInfo } from './context.js';
export {
  HarnessConnectionError,
  HarnessError,
  type HarnessErrorCode,
  HarnessStateError,
  HarnessTimeoutError,
  ServerReplyError,
  ServerStartError,
} from './errors.js';
export { parseInfo } from './info.js';
export { hashTagForSlot, keySlot, SLOT_COUNT } from './key-slot.js';
export { LocalCluster, type StartClusterOptions } from './local-cluster.js';
export { HARNESS_DEFAULTS, type HarnessSettings, type WaitOptions } from './options.js';
export type { ProcessState } from './process-state.js';
export { PromotionLog } from './promotion-log.js';
export {
  RedisServer,
  type RedisServerConfig,
  type StartRedisServerOptions,
} from './redis-server.js';
export { type CommandArgs, RespClient, sendCommand, sendTextCommand } from './resp-client.js';
export type { RespValue } from './resp-codec.js';
export {
  formatTarget,
  type RespAuth,
  type RespTarget,
  type TcpTarget,
  type UnixSocketTarget,
} from './resp-target.js';
export type { AclUser, ServerExtras, ServerExtrasOptions } from './server-extras.js';
export type { MigrateSlotOptions, SlotMigration } from './slot-migration.js';
export {
  type ClusterNodeSetup,
  type ClusterSetup,
  type NodeRef,
  TestCluster,
  type TestClusterNode,
  type WaitForOkOptions,
} from './test-cluster.js';
export { startTestServer, type TestServerOptions } from './test-server.js';
export { generateTlsMaterial, type PemFile, type TlsMaterial } from './tls-certs.js';
