/**
 * The channels of `@redwire/cluster` and `@redwire/cache`, by name, with the fields this package
 * reads of their payloads. Declared here rather than imported: a user of `@redwire/otel` with a
 * standalone client and no cache must not load either package (a unit test checks the names
 * against the packages' own `CLUSTER_CHANNELS` and `CACHE_CHANNELS`).
 */

/** The cluster's own channels: redirects, topology changes, failovers, suspected nodes. */
export const CLUSTER_CHANNEL_NAMES = Object.freeze({
  redirect: 'redwire:redirect',
  topology: 'redwire:topology',
  failover: 'redwire:failover',
  nodeSuspected: 'redwire:cluster:node-suspected',
  nodeCleared: 'redwire:cluster:node-cleared',
} as const);

/** `redwire:cache`. */
export const CACHE_CHANNEL_NAME = 'redwire:cache';

/** What is read of a `redwire:redirect` message. */
export interface RedirectPayload {
  readonly kind: 'MOVED' | 'ASK';
  readonly command: string;
}

/** What is read of `redwire:cluster:node-suspected` and `redwire:cluster:node-cleared`. */
export interface NodeSuspicionPayload {
  readonly address: string;
  readonly port: number;
  readonly role: 'primary' | 'replica';
}

/** What is read of a `redwire:cache` message. */
export interface CachePayload {
  readonly event: string;
  readonly namespace: string;
}
