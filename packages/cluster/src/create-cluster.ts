import { createClusterCore, RedisCluster } from './cluster.js';
import type { ClusterOptions } from './options.js';

/**
 * Creates a client for a Redis Cluster. Lazy: the cluster is discovered from the seed nodes on
 * the first command (or `connect()`).
 *
 * @param options - `nodes` (seed URLs or addresses), the cluster's routing options, and the
 * client options every node connection shares (credentials, TLS, timeouts, pool)
 * @throws TypeError or RangeError when an option is invalid
 * @example
 * ```ts
 * const cluster = createCluster({ nodes: ['redis://127.0.0.1:7001', 'redis://127.0.0.1:7002'] });
 * ```
 */
export function createCluster(options: ClusterOptions): RedisCluster {
  return new RedisCluster(createClusterCore(options));
}
