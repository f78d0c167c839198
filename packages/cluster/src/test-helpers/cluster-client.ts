/** Cluster clients for the integration tests, pointed at the harness's six-node cluster. */
import { getTestServers } from '@redwire/test-harness';
import type { RedisCluster } from '../cluster.js';
import { createCluster } from '../create-cluster.js';
import type { ClusterOptions } from '../options.js';

/** A cluster client on the harness cluster, seeded with every node. */
export function testCluster(options: Partial<ClusterOptions> = {}): RedisCluster {
  const { cluster } = getTestServers();
  return createCluster({ nodes: cluster.seeds(), ...options });
}

/** Resolves after `ms`. */
export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
