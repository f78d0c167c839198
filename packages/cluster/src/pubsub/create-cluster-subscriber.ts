/** Builds a cluster's subscriber from its shared core: what `cluster.subscriber()` returns. */
import type { Buffer } from 'node:buffer';
import { Connection } from '@redwire/connection';
import type { StreamOptions } from '@redwire/pubsub';
import type { ClusterCore } from '../cluster-core.js';
import { ClusterSubscriber } from './cluster-subscriber.js';

/**
 * A subscriber whose connections are made with the options every node connection shares
 * (credentials, TLS, protocol, timeouts, name) and follow the cluster's topology.
 * @internal
 */
export function createClusterSubscriber<T extends string | Buffer>(
  core: ClusterCore,
  returnBuffers: boolean,
  options?: StreamOptions,
): ClusterSubscriber<T> {
  const context = {
    topology: core.topology,
    events: core.events,
    connect: ({ host, port }: { host: string; port: number }) =>
      new Connection({ ...core.options.node, host, port }),
  };
  return new ClusterSubscriber<T>(context, { ...options, returnBuffers });
}
