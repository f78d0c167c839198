/**
 * The cluster's side of the node watchdog (node-watchdog.ts): what it samples (each node's
 * shared connection), what suspicion does (events, a topology refresh from the other nodes),
 * and how a suspected node's failover is followed: once the map shows its slots on another
 * node (and the node failed, or gone), its connections are destroyed, so the commands written to
 * it fail at once as lost (`written: true`): reads are sent again to the new owner, writes
 * reject, and held commands go to the new owner. Without this they would wait for their timeout
 * on a socket that never answers.
 */
import { ConnectionError } from '@redwire/connection';
import type { ClusterCore } from './cluster-core.js';
import {
  type NodeClearedEvent,
  type NodeSuspectedEvent,
  nodeClearedChannel,
  nodeSuspectedChannel,
} from './diagnostics.js';
import { type ClearedReason, NodeWatchdog } from './node-watchdog.js';
import type { SlotMap } from './topology/slot-map.js';
import type { NodeView } from './topology/types.js';

/** The watchdog of a cluster, and what it does when the map changes. */
export interface WatchedNodes {
  readonly watchdog: NodeWatchdog;
  /**
   * After the map changed: a suspected primary that serves no slot any more (its replica was
   * promoted; listed as a replica, or not at all) or a suspected node gone from the map is let
   * go, its connections destroyed (see the header).
   */
  followTopology(map: SlotMap): void;
}

/** The cluster's watchdog, wired to its node connections, topology and events (not started). */
export function watchNodes(core: ClusterCore): WatchedNodes {
  /** Each suspected node as it was when suspected: its cleared event names the same node. */
  const suspected = new Map<string, NodeDescription>();
  const watchdog = new NodeWatchdog(core.options.suspectAfter, {
    keys: () => core.nodes.keys(),
    progress: (key) => core.nodes.progress(key),
    lastTopologyAnswer: () => core.topology.lastAnswer,
    refresh: () => core.topology.requestRefresh(),
    suspected: (key, unansweredMs, waiting) => {
      const described = describeNode(key, core.topology.map?.node(key));
      suspected.set(key, described);
      const event: NodeSuspectedEvent = { ...described, unansweredMs, waiting };
      if (nodeSuspectedChannel.hasSubscribers) nodeSuspectedChannel.publish(event);
      core.events.emit('node-suspected', event);
    },
    cleared: (key, reason, suspectedMs) => {
      const described = suspected.get(key) ?? describeNode(key, core.topology.map?.node(key));
      suspected.delete(key);
      const event: NodeClearedEvent = { ...described, reason, suspectedMs };
      if (nodeClearedChannel.hasSubscribers) nodeClearedChannel.publish(event);
      core.events.emit('node-cleared', event);
    },
  });
  const followTopology = (map: SlotMap): void => {
    if (watchdog.suspects.size === 0) return;
    for (const key of [...watchdog.suspects]) {
      let reason: ClearedReason | undefined;
      if (suspected.get(key)?.role === 'primary' && map.primaries().every((p) => p.key !== key)) {
        reason = 'failed-over';
      } else if (map.node(key) === undefined) {
        reason = 'removed';
      }
      if (reason === undefined) continue;
      watchdog.forget(key, reason);
      // Listed online, it has told the cluster of its demotion itself: awake (a manual failover
      // pauses a primary's clients for a moment), it answers what it holds with MOVED, which
      // is followed. Absent or failed, it is frozen: waiting gains nothing.
      const listed = map.node(key);
      const frozen = listed === undefined || listed.health !== 'online';
      const why = new ConnectionError(
        `${key} stopped answering and its slots moved to another node (${reason})`,
        { address: key },
      );
      core.nodes.drop(key, frozen, why).catch(() => {});
    }
  };
  return { watchdog, followTopology };
}

/** The fields both events name a node by. */
type NodeDescription = Pick<NodeSuspectedEvent, 'node' | 'address' | 'port' | 'id' | 'role'>;

function describeNode(key: string, node: NodeView | undefined): NodeDescription {
  const colon = key.lastIndexOf(':');
  return {
    node: key,
    address: node?.address.host ?? key.slice(0, colon).replace(/^\[|\]$/g, ''),
    port: node?.address.port ?? Number(key.slice(colon + 1)),
    id: node?.id,
    role: node?.role ?? 'primary',
  };
}
