/**
 * The diagnostics channels only a cluster publishes to (`redwire:redirect`, `redwire:topology`,
 * `redwire:failover`, `redwire:cluster:node-suspected`, `redwire:cluster:node-cleared`) and
 * their payloads. A cluster's commands and batches go to the client's
 * `redwire:command` and `redwire:batch`, with the slot, the node and the redirections followed
 * (see `@redwire/client`'s diagnostics.ts); its node connections publish the connection's
 * channels. See docs/observability.md.
 */
import diagnostics, { type TracingChannel } from 'node:diagnostics_channel';
import { type BatchTrace, CLIENT_CHANNELS, type CommandTrace } from '@redwire/client';
import type { TopologyChange } from './topology/types.js';

/** `redwire:redirect`: a command was answered MOVED or ASK and follows it. */
export interface RedirectEvent {
  readonly kind: 'MOVED' | 'ASK';
  readonly slot: number;
  /** The node that answered (`host:port`). */
  readonly from: string;
  /** The node the answer points to. */
  readonly to: string;
  /** The command's name. */
  readonly command: string;
}

/** `redwire:topology`: the slot map was rebuilt and something moved (the `topology` event's payload). */
export type TopologyEvent = TopologyChange;

/**
 * `redwire:failover`: a node took over the slots of a primary that is gone, failed or now a
 * replica: a replica promoted, whether or not the client had seen it as one.
 */
export interface FailoverEvent {
  /** The promoted node (`host:port`). */
  readonly node: string;
  /** The primaries that lost slots to it in this change, if any were known (`host:port`). */
  readonly from: readonly string[];
  /** How many slots it now serves. */
  readonly slots: number;
}

/**
 * `redwire:cluster:node-suspected`: a node's connection has had commands awaiting replies and
 * read none for `suspectAfter` ms while other nodes answered (frozen, partitioned, or busy with
 * one long command). New commands for its slots wait (within their deadlines) and the topology
 * is asked of the other nodes until it answers again or its slots move.
 */
export interface NodeSuspectedEvent {
  /** `host:port`. */
  readonly node: string;
  readonly address: string;
  readonly port: number;
  /** The node's cluster id, when the map knows it. */
  readonly id: string | undefined;
  /** Its role in the map when suspected. */
  readonly role: 'primary' | 'replica';
  /** How long its connection has read no reply while commands awaited one, in ms. */
  readonly unansweredMs: number;
  /** Commands queued on or awaiting a reply from its connection. */
  readonly waiting: number;
}

/** `redwire:cluster:node-cleared`: a suspected node is not suspected any more. */
export interface NodeClearedEvent {
  readonly node: string;
  readonly address: string;
  readonly port: number;
  readonly id: string | undefined;
  /** Its role when it was suspected. */
  readonly role: 'primary' | 'replica';
  /**
   * `answered`: it read a reply again (slow, not gone); `failed-over`: the map moved its slots
   * to another node and its connections were destroyed; `removed`: the map no longer lists it.
   */
  readonly reason: 'answered' | 'failed-over' | 'removed';
  /** How long it was suspected, in ms. */
  readonly suspectedMs: number;
}

/** The names of the cluster's own channels, as subscribers pass them to `diagnostics_channel`. */
export const CLUSTER_CHANNELS = Object.freeze({
  redirect: 'redwire:redirect',
  topology: 'redwire:topology',
  failover: 'redwire:failover',
  nodeSuspected: 'redwire:cluster:node-suspected',
  nodeCleared: 'redwire:cluster:node-cleared',
} as const);

/** @internal */
export const redirectChannel = diagnostics.channel(CLUSTER_CHANNELS.redirect);
/** @internal */
export const topologyChannel = diagnostics.channel(CLUSTER_CHANNELS.topology);
/** @internal */
export const failoverChannel = diagnostics.channel(CLUSTER_CHANNELS.failover);
/** @internal */
export const nodeSuspectedChannel = diagnostics.channel(CLUSTER_CHANNELS.nodeSuspected);
/** @internal */
export const nodeClearedChannel = diagnostics.channel(CLUSTER_CHANNELS.nodeCleared);
/** The client's command channel: the same channel, found by its name. @internal */
export const commandChannel: TracingChannel<object, CommandTrace> = diagnostics.tracingChannel(
  CLIENT_CHANNELS.command,
);
/** The client's batch channel, found by its name. @internal */
export const batchChannel: TracingChannel<object, BatchTrace> = diagnostics.tracingChannel(
  CLIENT_CHANNELS.batch,
);

/**
 * Publishes a topology change on `redwire:topology`, and each promotion in it on
 * `redwire:failover`, when anyone listens.
 * @internal
 */
export function publishTopology(change: TopologyChange): void {
  if (topologyChannel.hasSubscribers) topologyChannel.publish(change);
  if (!failoverChannel.hasSubscribers) return;
  for (const node of change.promoted) {
    const won = change.moves.filter((move) => move.to === node);
    const from = [...new Set(won.flatMap((move) => (move.from === undefined ? [] : [move.from])))];
    const slots = won.reduce((sum, move) => sum + move.end - move.start + 1, 0);
    const event: FailoverEvent = { node, from, slots };
    failoverChannel.publish(event);
  }
}
