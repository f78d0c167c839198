/**
 * The six nodes as the dashboard shows them: address, role, slot ranges, whose replica, and
 * whether the cluster marks the node failed. Read with CLUSTER NODES from any node that answers
 * (the one that answered last is asked first, so a dead node costs a timeout only once), which
 * is what the cluster itself believes, including a killed primary flagged `fail` until it is
 * back. The client's own slot map holds only the nodes it can route to.
 */
import type { RedisCluster } from 'redwire';
import { type ClusterNodeLine, parseClusterNodes } from '../kill-primary.js';

/** One node on the page. */
export interface NodeView {
  /** `host:port`. */
  readonly address: string;
  readonly role: 'primary' | 'replica';
  /** Slot ranges it serves (`0-5460`), empty for a replica. */
  readonly slots: string;
  /** For a replica, the address of its primary. */
  readonly replicaOf: string | null;
  /** Flagged `fail` or `fail?` by the cluster, or its link is down. */
  readonly failing: boolean;
}

/** Turns CLUSTER NODES lines into the page's rows, sorted by address. */
export function nodeViews(lines: readonly ClusterNodeLine[]): NodeView[] {
  const addressOf = new Map(lines.map((line) => [line.id, line.address]));
  return lines
    .map((line) => ({
      address: line.address,
      role: line.flags.includes('master') ? ('primary' as const) : ('replica' as const),
      slots: line.slots,
      replicaOf: line.primaryId === null ? null : (addressOf.get(line.primaryId) ?? null),
      failing:
        line.flags.includes('fail') ||
        line.flags.includes('fail?') ||
        (!line.flags.includes('myself') && !line.connected),
    }))
    .sort((a, b) => a.address.localeCompare(b.address, 'en', { numeric: true }));
}

/** Reads the cluster's view of its nodes on demand. */
export class ClusterView {
  readonly #cluster: RedisCluster;
  readonly #timeout: number;
  /** The node client that answered last (the cluster hands out the same client per node). */
  #preferred: unknown;

  /** @param timeout - milliseconds to wait for each node asked */
  constructor(cluster: RedisCluster, timeout = 1_000) {
    this.#cluster = cluster;
    this.#timeout = timeout;
  }

  /** The nodes as some node of the cluster sees them; `null` when none answered. */
  async read(): Promise<NodeView[] | null> {
    let clients: Awaited<ReturnType<RedisCluster['nodes']>>;
    try {
      clients = await this.#cluster.nodes('all');
    } catch {
      return null;
    }
    const preferred = clients.filter((client) => client === this.#preferred);
    for (const client of [...preferred, ...clients.filter((c) => c !== this.#preferred)]) {
      try {
        const text = await client.sendCommand(['CLUSTER', 'NODES'], { timeout: this.#timeout });
        this.#preferred = client;
        return nodeViews(parseClusterNodes(String(text)));
      } catch {
        // Down or not answering: ask the next one.
      }
    }
    return null;
  }
}
