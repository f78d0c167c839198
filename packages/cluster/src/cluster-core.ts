/**
 * What every view of one cluster client shares: options, node connections, the topology, the
 * command specs, events, and the counters tests and dashboards read.
 */
import type { EventEmitter } from 'node:events';
import type { ClientSideCache, RedisClient } from '@redwire/client';
import type { NodeClearedEvent, NodeSuspectedEvent } from './diagnostics.js';
import type { NodeClients } from './node-clients.js';
import type { NodeWatchdog } from './node-watchdog.js';
import type { ClusterOptions, ResolvedClusterOptions } from './options.js';
import type { SpecRegistry } from './routing/spec-registry.js';
import type { NodeView, TopologyChange } from './topology/types.js';
import type { TopologyKeeper } from './topology-keeper.js';

/** Events a `RedisCluster` emits. */
export interface ClusterEvents {
  /** The slot map was rebuilt: which nodes came, went or were promoted, and how many slots moved. */
  topology: [TopologyChange];
  /** Something failed in the background (a topology refresh). Only emitted when someone listens. */
  error: [Error];
  /**
   * A node stopped answering while others answer (see `suspectAfter`): new commands for its
   * slots wait for it to answer or for its slots to move; none fails for this alone.
   */
  'node-suspected': [NodeSuspectedEvent];
  /** A suspected node answered again, was failed over, or left the map. */
  'node-cleared': [NodeClearedEvent];
}

/** Counters of what routing had to do; they only grow. */
export interface ClusterStats {
  /** MOVED replies followed. */
  moved: number;
  /** ASK replies followed. */
  ask: number;
  /** Attempts repeated while the cluster healed (TRYAGAIN, CLUSTERDOWN, a lost connection...). */
  retries: number;
}

/** @internal */
export interface ClusterCore {
  /** The options as the user gave them, for `duplicate()`. */
  readonly given: ClusterOptions;
  readonly options: ResolvedClusterOptions;
  readonly nodes: NodeClients;
  readonly topology: TopologyKeeper;
  /** The client-side cache reads are answered from (`clientSideCache`); every node tracks for it. */
  readonly cache: ClientSideCache | undefined;
  /** Samples the node connections for one that stopped answering (node-watchdog.ts). */
  readonly watchdog: NodeWatchdog;
  readonly specs: SpecRegistry;
  readonly events: EventEmitter<ClusterEvents>;
  readonly stats: ClusterStats;
  /** Timers of retries waiting to run, cancelled by `destroy()`. */
  readonly waits: Set<{ timer: NodeJS.Timeout; cancel: (error: Error) => void }>;
  /** Round-robin position for replica reads. */
  replicaTurn: number;
  closed: boolean;
}

/** The node a command for a slot goes to, per `readFrom`, and its client. */
export interface Target {
  readonly node: NodeView;
  readonly client: RedisClient;
}
