/**
 * `@redwire/test-harness/servers`: the harness's `redis-server` processes for programs that are
 * not vitest runs (the benchmarks, scripts): start, talk to, stop, and clean up after a crash.
 * It never imports `vitest`, which throws at load time outside a vitest run; the main entry adds
 * the helpers that need one (`getTestServers`, `startTestServer`) and the cluster levers.
 *
 * @packageDocumentation
 */
export { formatAddress, parseAddress, type ServerAddress } from './address.js';
// The cluster levers need no vitest either: the fault bench drives them from a plain process.
export {
  type ClientKillStorm,
  type ClientKillStormOptions,
  clientKillStorm,
} from './client-kill-storm.js';
export {
  ClusterFaults,
  type FailoverMode,
  type FailoverOptions,
  type LeverOptions,
} from './cluster-faults.js';
export { type ClusterNodeInfo, parseClusterNodes } from './cluster-nodes.js';
export {
  HarnessConnectionError,
  HarnessError,
  type HarnessErrorCode,
  HarnessStateError,
  HarnessTimeoutError,
  ServerReplyError,
  ServerStartError,
} from './errors.js';
export { installExitCleanup } from './exit-cleanup.js';
export { parseInfo } from './info.js';
export { LocalCluster, type StartClusterOptions } from './local-cluster.js';
export { HARNESS_DEFAULTS, type HarnessSettings, type WaitOptions } from './options.js';
export type { ProcessIdentity, ProcessState } from './process-state.js';
export { killOwnedServersSync, reapOrphanedServers, removeOrphanedTlsDirs } from './reaper.js';
export {
  RedisServer,
  type RedisServerConfig,
  type StartRedisServerOptions,
} from './redis-server.js';
export { waitForReplicasInSync } from './replica-sync.js';
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
export { type ServerRecord, ServerRegistry } from './server-registry.js';
export { type ClusterNodeSetup, type ClusterSetup, TestCluster } from './test-cluster.js';
export { generateTlsMaterial, type PemFile, type TlsMaterial } from './tls-certs.js';
