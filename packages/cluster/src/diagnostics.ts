/**
 * The diagnostics channels only a cluster publishes to (`redwire:redirect`, `redwire:topology`,
 * `redwire:failover`) and their payloads. A cluster's commands and batches go to the client's
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

/** `redwire:failover`: a replica became the primary of its shard. */
export interface FailoverEvent {
  /** The promoted node (`host:port`). */
  readonly node: string;
  /** The primaries that lost slots to it in this change, if any were known (`host:port`). */
  readonly from: readonly string[];
  /** How many slots it now serves. */
  readonly slots: number;
}

/** The names of the cluster's own channels, as subscribers pass them to `diagnostics_channel`. */
export const CLUSTER_CHANNELS = Object.freeze({
  redirect: 'redwire:redirect',
  topology: 'redwire:topology',
  failover: 'redwire:failover',
} as const);

/** @internal */
export const redirectChannel = diagnostics.channel(CLUSTER_CHANNELS.redirect);
/** @internal */
export const topologyChannel = diagnostics.channel(CLUSTER_CHANNELS.topology);
/** @internal */
export const failoverChannel = diagnostics.channel(CLUSTER_CHANNELS.failover);
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
