/**
 * `@redwire/cluster`: `RedisCluster`, the same command surface as `RedisClient` over a Redis
 * Cluster: slot routing from the commands' own key specs, MOVED/ASK, waits through failovers,
 * fan-out by command tips, cross-slot commands split and merged, pipelines across nodes.
 *
 * @packageDocumentation
 * @module @redwire/cluster
 */
export { ProtocolError, RedisError, ReplyError, UnknownOptionError } from '@redwire/protocol';
export { type NodeRole, RedisCluster } from './cluster.js';
export type { ClusterEvents, ClusterStats } from './cluster-core.js';
export { createCluster } from './create-cluster.js';
export {
  CLUSTER_CHANNELS,
  type FailoverEvent,
  type NodeClearedEvent,
  type NodeSuspectedEvent,
  type RedirectEvent,
  type TopologyEvent,
} from './diagnostics.js';
export { ClusterDownError, CrossSlotError, TooManyRedirectsError } from './errors.js';
export {
  CLUSTER_DEFAULTS,
  CLUSTER_OPTION_KEYS,
  type ClusterNodeOptions,
  type ClusterOptions,
  type NodeOnlyOption,
  type ReadFrom,
  type ResolvedClusterOptions,
} from './options.js';
export type { MovedEvent } from './pubsub/cluster-links.js';
export { ClusterSubscriber, type ClusterSubscriberEvents } from './pubsub/cluster-subscriber.js';
export type {
  ClusterView,
  NodeAddress,
  NodeAddressMap,
  NodeView,
  ShardView,
  SlotMove,
  SlotRange,
  TopologyChange,
} from './topology/types.js';
