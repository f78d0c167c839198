/**
 * The client-side cache of a cluster client: one for all its nodes, so that its bounds are the
 * whole process's and a read answered by any replica serves the next. Each node's shared
 * connection tracks for it (its invalidations, and losing it, reach the one cache); the cluster
 * empties it whenever the topology moves a slot (cluster.ts), since the keys of a moved slot
 * live on a node whose connection never tracked this client's reads of them.
 */
import { ClientSideCache, ClientSideCacheError } from '@redwire/client';
import type { ResolvedClusterOptions } from './options.js';

/**
 * The cache `clientSideCache` asks for, or undefined.
 * @throws ClientSideCacheError when the nodes would speak RESP2 (`protocol: 2`, `?protocol=2`)
 */
export function createClusterCache(options: ResolvedClusterOptions): ClientSideCache | undefined {
  const settings = options.clientSideCache;
  if (settings === undefined) return undefined;
  if (options.node.protocol === 2) throw new ClientSideCacheError('createCluster()');
  return new ClientSideCache(settings);
}
