import { formatAddress, type ServerAddress } from './address.js';
import type { NodeSnapshot } from './cluster-consistency.js';
import { parseClusterNodes } from './cluster-nodes.js';
import { parseInfo } from './info.js';
import { RespClient } from './resp-client.js';

/**
 * Asks one node for CLUSTER INFO, CLUSTER NODES and INFO replication over a single connection
 * (the three are pipelined), for {@link checkClusterConsistency}.
 *
 * @throws HarnessConnectionError / HarnessTimeoutError when the node does not answer.
 */
export async function snapshotNode(
  address: ServerAddress,
  expectedId: string | null,
  timeoutMs: number,
): Promise<NodeSnapshot> {
  const client = await RespClient.connect(address, timeoutMs);
  try {
    const [info, nodes, replication] = await Promise.all([
      client.command(['CLUSTER', 'INFO']),
      client.command(['CLUSTER', 'NODES']),
      client.command(['INFO', 'replication']),
    ]);
    return {
      address: formatAddress(address),
      expectedId,
      clusterInfo: parseInfo(String(info)),
      nodes: parseClusterNodes(String(nodes)),
      replication: parseInfo(String(replication)),
    };
  } finally {
    client.close();
  }
}
