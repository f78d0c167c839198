import { formatAddress, type ServerAddress } from './address.js';
import type { ClusterBaseline } from './cluster-baseline.js';
import { checkClusterConsistency, type NodeSnapshot } from './cluster-consistency.js';
import { type ClusterNodeInfo, ownsSlot, parseClusterNodes } from './cluster-nodes.js';
import { snapshotNode } from './cluster-snapshot.js';
import { HarnessStateError } from './errors.js';
import { keySlot } from './key-slot.js';
import { HARNESS_DEFAULTS, type WaitOptions } from './options.js';
import { PromotionLog } from './promotion-log.js';
import { RedisServer, type RedisServerConfig } from './redis-server.js';
import { type CommandArgs, sendCommand, sendTextCommand } from './resp-client.js';
import type { RespValue } from './resp-codec.js';
import { done, notYet, waitUntil } from './wait-until.js';

/** One node of a cluster as set up: plain data, so it can travel to test workers. */
export interface ClusterNodeSetup {
  readonly id: string;
  readonly host: string;
  readonly port: number;
  /** How to control its process; `null` for a cluster the harness did not start. */
  readonly server: RedisServerConfig | null;
}

/** A cluster as set up: its nodes and the topology `ClusterFaults.restore()` returns to. */
export interface ClusterSetup {
  readonly nodes: readonly ClusterNodeSetup[];
  readonly baseline: ClusterBaseline;
  readonly replicasPerPrimary: number;
  /** The nodes' `cluster-node-timeout`. */
  readonly nodeTimeoutMs: number;
  /** File of the {@link PromotionLog} shared by every process of the run. */
  readonly promotionLogFile: string;
}

/** A node of the test cluster. Its role changes with failovers; ask the cluster for that. */
export interface TestClusterNode {
  readonly id: string;
  readonly host: string;
  readonly port: number;
  readonly address: ServerAddress;
  /** Its process, or `null` for an external cluster (process levers then throw). */
  readonly server: RedisServer | null;
}

/** A node given by id, or by anything carrying one (a {@link TestClusterNode}, a parsed line). */
export type NodeRef = string | { readonly id: string };

/** Options of {@link TestCluster.waitForOk}. */
export interface WaitForOkOptions extends WaitOptions {
  /** An extra condition on the snapshots: `null` when met, else the reason it is not. */
  readonly until?: (snapshots: readonly NodeSnapshot[]) => string | null;
  /** What the extra condition means, for the timeout message. */
  readonly what?: string;
}

/**
 * The shared six-node cluster, seen from a test: its nodes, who owns what right now, and a wait
 * for the cluster to be consistent. The fault levers live in `ClusterFaults`.
 */
export class TestCluster {
  /** The plain data this handle was built from. */
  readonly setup: ClusterSetup;
  /** Every node, in port order of creation (the first three started as primaries). */
  readonly nodes: readonly TestClusterNode[];
  /** When each node last became primary, as seen by any process of the run. */
  readonly promotions: PromotionLog;

  constructor(setup: ClusterSetup) {
    this.setup = setup;
    this.promotions = new PromotionLog(setup.promotionLogFile);
    this.nodes = setup.nodes.map((node) => ({
      id: node.id,
      host: node.host,
      port: node.port,
      address: { host: node.host, port: node.port },
      server: node.server === null ? null : RedisServer.attach(node.server),
    }));
  }

  /** Every node's address, as seed nodes for a cluster client. */
  seeds(): ServerAddress[] {
    return this.nodes.map((node) => node.address);
  }

  /**
   * The node with this id.
   *
   * @throws HarnessStateError for an id not in this cluster.
   */
  node(ref: NodeRef): TestClusterNode {
    const id = typeof ref === 'string' ? ref : ref.id;
    const node = this.nodes.find((candidate) => candidate.id === id);
    if (node === undefined) throw new HarnessStateError(`No node ${id} in the test cluster`);
    return node;
  }

  /** Sends one command to one node and returns the reply. */
  command(ref: NodeRef, ...args: CommandArgs): Promise<RespValue> {
    return sendCommand(this.node(ref).address, args);
  }

  /** Whether a node's process is paused or not running (always false on an external cluster). */
  isDown(ref: NodeRef): boolean {
    const state = this.node(ref).server?.state() ?? 'running';
    return state !== 'running';
  }

  /** CLUSTER NODES, parsed, from the first node that is up and answers. */
  async clusterNodes(): Promise<ClusterNodeInfo[]> {
    let lastError: unknown;
    for (const node of this.nodes) {
      if (this.isDown(node)) continue;
      try {
        return parseClusterNodes(await sendTextCommand(node.address, ['CLUSTER', 'NODES']));
      } catch (error) {
        lastError = error;
      }
    }
    throw new HarnessStateError('No node of the test cluster answered CLUSTER NODES', {
      cause: lastError,
    });
  }

  /** The nodes that are primaries now. */
  async primaries(): Promise<TestClusterNode[]> {
    return (await this.clusterNodes())
      .filter((info) => info.role === 'primary')
      .map((info) => this.node(info));
  }

  /** The nodes that are replicas now. */
  async replicas(): Promise<TestClusterNode[]> {
    return (await this.clusterNodes())
      .filter((info) => info.role === 'replica')
      .map((info) => this.node(info));
  }

  /**
   * A replica of `primary` now (the first listed).
   *
   * @throws HarnessStateError when it has none.
   */
  async replicaOf(primary: NodeRef): Promise<TestClusterNode> {
    const id = this.node(primary).id;
    const replica = (await this.clusterNodes()).find((info) => info.primaryId === id);
    if (replica === undefined) throw new HarnessStateError(`Node ${id} has no replica`);
    return this.node(replica);
  }

  /**
   * The primary `replica` follows now.
   *
   * @throws HarnessStateError when the node is not a replica.
   */
  async primaryOf(replica: NodeRef): Promise<TestClusterNode> {
    const id = this.node(replica).id;
    const info = (await this.clusterNodes()).find((candidate) => candidate.id === id);
    if (info?.primaryId == null) throw new HarnessStateError(`Node ${id} is not a replica`);
    return this.node(info.primaryId);
  }

  /**
   * The primary that owns `slot` now.
   *
   * @throws HarnessStateError when no node owns it.
   */
  async nodeForSlot(slot: number): Promise<TestClusterNode> {
    const owner = (await this.clusterNodes()).find(
      (info) => info.role === 'primary' && ownsSlot(info, slot),
    );
    if (owner === undefined) throw new HarnessStateError(`No node owns slot ${slot}`);
    return this.node(owner);
  }

  /** The primary that owns `key`'s slot now. */
  nodeForKey(key: string): Promise<TestClusterNode> {
    return this.nodeForSlot(keySlot(key));
  }

  /** FLUSHALL on every primary: empties the cluster between tests. */
  async flushAll(): Promise<void> {
    await Promise.all((await this.primaries()).map((node) => this.command(node, 'FLUSHALL')));
  }

  /** Asks every node that is up for its view of the cluster. */
  async snapshot(): Promise<NodeSnapshot[]> {
    const up = this.setup.nodes.filter((node) => !this.isDown(node));
    return Promise.all(
      up.map((node) =>
        snapshotNode(
          { host: node.host, port: node.port },
          node.id,
          HARNESS_DEFAULTS.commandTimeoutMs,
        ),
      ),
    );
  }

  /**
   * Waits until every node that is up reports `cluster_state:ok` and they all agree on slot
   * owners, roles and replicas, with every node whose process is paused or dead marked `fail`
   * and owning no slot (so after a primary is killed, this waits for its replica's promotion).
   *
   * @throws HarnessTimeoutError naming the last inconsistency seen.
   */
  async waitForOk(options: WaitForOkOptions = {}): Promise<void> {
    const what =
      options.what === undefined
        ? 'a consistent cluster'
        : `a consistent cluster with ${options.what}`;
    await waitUntil(
      async () => {
        const down = new Set(this.nodes.filter((node) => this.isDown(node)).map((node) => node.id));
        const snapshots = await this.snapshot();
        const reason =
          checkClusterConsistency(snapshots, {
            nodeCount: this.nodes.length,
            down,
            replicasPerPrimary: this.setup.replicasPerPrimary,
          }) ?? options.until?.(snapshots);
        if (reason != null) return notYet(reason);
        // Only a view every node agrees on is recorded, so a stale view never counts as a promotion.
        if (snapshots[0] !== undefined) this.promotions.observe(snapshots[0].nodes);
        return done(undefined);
      },
      {
        what,
        timeoutMs: options.timeoutMs ?? HARNESS_DEFAULTS.clusterOkTimeoutMs,
        intervalMs: HARNESS_DEFAULTS.pollIntervalMs,
      },
    );
  }

  /** `host:port` of a node, for messages. */
  describe(ref: NodeRef): string {
    return formatAddress(this.node(ref).address);
  }
}
