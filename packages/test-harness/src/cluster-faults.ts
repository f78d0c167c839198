import { setTimeout as sleep } from 'node:timers/promises';
import { planRestore } from './cluster-baseline.js';
import { type ClusterNodeInfo, ownsSlot } from './cluster-nodes.js';
import { HarnessStateError, HarnessTimeoutError } from './errors.js';
import { HARNESS_DEFAULTS, type WaitOptions } from './options.js';
import type { RedisServer } from './redis-server.js';
import { type MigrateSlotOptions, migrateSlot, type SlotMigration } from './slot-migration.js';
import type { NodeRef, TestCluster } from './test-cluster.js';

/** `cluster-node-timeout` while failure detection is held: far past any pause a test makes. */
export const HELD_NODE_TIMEOUT_MS = 60_000;

/** Beyond the node timeout, how long a promoted primary stays before it may be failed over. */
const SETTLE_MARGIN_MS = 1000;

/** Options of the levers that may wait for the cluster to heal. */
export interface LeverOptions extends WaitOptions {
  /**
   * Whether to wait until the cluster is consistent again (`TestCluster.waitForOk`).
   * Levers that bring a node back default to true; levers that take one away, to false.
   */
  readonly waitForCluster?: boolean;
}

/**
 * How CLUSTER FAILOVER is run: `default` (primary and replica agree, no write is lost),
 * `force` (the primary is unreachable; the replica still asks the other primaries for votes),
 * `takeover` (no vote at all).
 */
export type FailoverMode = 'default' | 'force' | 'takeover';

/** Options of {@link ClusterFaults.failover}. */
export interface FailoverOptions extends WaitOptions {
  /** @default 'default' */
  readonly mode?: FailoverMode;
}

/**
 * The fault levers on the test cluster: pause, resume, kill and restart a node, fail over to a
 * replica, migrate a slot, and restore the initial topology. Each is bounded in time and fails
 * with a `HarnessError` naming what it was waiting for. They work from test workers: processes
 * are found by PID through the state directory.
 *
 * @example
 * const { cluster, faults } = getTestServers();
 * afterAll(() => faults.restore());
 * const primary = await cluster.nodeForKey('user:1');
 * await faults.kill(primary, { waitForCluster: true }); // its replica is now primary
 */
export class ClusterFaults {
  readonly #cluster: TestCluster;

  constructor(cluster: TestCluster) {
    this.#cluster = cluster;
  }

  /**
   * Keeps the cluster from failing over a node that is only slow: every node's
   * `cluster-node-timeout` goes up to {@link HELD_NODE_TIMEOUT_MS}. A node busy for longer than
   * the configured timeout (2 s by default; DEBUG SLEEP 3, a long script) is otherwise flagged
   * failing by the others and, on a loaded machine, may be failed over before it answers.
   * {@link ClusterFaults.releaseFailureDetection} or `restore()` puts the configured timeout back.
   */
  async holdFailureDetection(): Promise<void> {
    await this.#setNodeTimeout(HELD_NODE_TIMEOUT_MS);
  }

  /** Puts the configured `cluster-node-timeout` back on every node (see holdFailureDetection). */
  async releaseFailureDetection(): Promise<void> {
    await this.#setNodeTimeout(this.#cluster.setup.nodeTimeoutMs);
  }

  /** SIGSTOP: the node hangs (its port accepts connections, nothing is answered). */
  async pause(ref: NodeRef, options: LeverOptions = {}): Promise<void> {
    await this.#server(ref, 'pause').pause(options);
    if (options.waitForCluster === true) await this.#cluster.waitForOk(options);
  }

  /** SIGCONT: the paused node runs again; waits until it answers and, by default, rejoins. */
  async resume(ref: NodeRef, options: LeverOptions = {}): Promise<void> {
    await this.#server(ref, 'resume').resume(options);
    if (options.waitForCluster !== false) await this.#cluster.waitForOk(options);
  }

  /** SIGKILL: the node dies at once; a killed primary's replica takes over after the node timeout. */
  async kill(ref: NodeRef, options: LeverOptions = {}): Promise<void> {
    await this.#server(ref, 'kill').kill(options);
    if (options.waitForCluster === true) await this.#cluster.waitForOk(options);
  }

  /**
   * Starts the node again on its port and directory, so it keeps its node id (from nodes.conf)
   * and rejoins; waits, by default, until the cluster is consistent with it. A node still
   * running is killed first.
   *
   * @throws HarnessStateError when it came back with another node id.
   */
  async restart(ref: NodeRef, options: LeverOptions = {}): Promise<void> {
    const node = this.#cluster.node(ref);
    await this.#server(ref, 'restart').restart(options);
    const id = await this.#cluster.command(node, 'CLUSTER', 'MYID');
    if (id !== node.id) {
      throw new HarnessStateError(
        `${this.#cluster.describe(node)} restarted as ${String(id)}, expected ${node.id}`,
      );
    }
    if (options.waitForCluster !== false) await this.#cluster.waitForOk(options);
  }

  /**
   * Runs CLUSTER FAILOVER on `replica` and waits until every node that is up sees it as the
   * primary of its former primary's slots (and the former primary, if up, as its replica).
   *
   * If the current primary was itself promoted less than node-timeout + 1 s ago, this first
   * waits out the rest: Redis 7.0 keeps a node's won-election state for twice the node timeout,
   * and a node demoted sooner "wins" its next election at once with its old, lower epoch, which
   * the other nodes reject, leaving the cluster down for good (seen with 7.0.15).
   *
   * @throws HarnessStateError when the node is not a replica.
   */
  async failover(replica: NodeRef, options: FailoverOptions = {}): Promise<void> {
    const node = this.#cluster.node(replica);
    const nodes = await this.#cluster.clusterNodes();
    const info = nodes.find((candidate) => candidate.id === node.id);
    const formerPrimary = nodes.find((candidate) => candidate.id === info?.primaryId);
    if (info?.role !== 'replica' || formerPrimary === undefined) {
      throw new HarnessStateError(
        `Cannot fail over to ${this.#cluster.describe(node)}: it is not a replica (pass one of cluster.replicaOf(primary))`,
      );
    }
    await this.#waitUntilSettled(formerPrimary.id, nodes);
    const slot = formerPrimary.slots[0]?.start;
    const mode = options.mode ?? 'default';
    await this.#cluster.command(
      node,
      'CLUSTER',
      'FAILOVER',
      ...(mode === 'default' ? [] : [mode.toUpperCase()]),
    );
    const formerUp = !this.#cluster.isDown(formerPrimary);
    await this.#cluster.waitForOk({
      timeoutMs: options.timeoutMs ?? HARNESS_DEFAULTS.clusterOkTimeoutMs,
      what: `${this.#cluster.describe(node)} promoted`,
      until: (snapshots) => {
        for (const snapshot of snapshots) {
          const promoted = snapshot.nodes.find((candidate) => candidate.id === node.id);
          if (promoted?.role !== 'primary')
            return `${snapshot.address} still sees ${node.id} as a replica`;
          if (slot !== undefined && !ownsSlot(promoted, slot))
            return `${snapshot.address} has not moved slot ${slot} yet`;
          const demoted = snapshot.nodes.find((candidate) => candidate.id === formerPrimary.id);
          if (formerUp && demoted?.primaryId !== node.id) {
            return `${snapshot.address} does not see ${formerPrimary.id} as a replica of ${node.id} yet`;
          }
        }
        return null;
      },
    });
  }

  /** Moves `slot` and its keys to the primary `target`; see {@link migrateSlot}. */
  migrateSlot(
    slot: number,
    target: NodeRef,
    options: MigrateSlotOptions = {},
  ): Promise<SlotMigration> {
    return migrateSlot(this.#cluster, slot, target, options);
  }

  /** Waits until the cluster is consistent; see `TestCluster.waitForOk`. */
  waitForClusterOk(options: WaitOptions = {}): Promise<void> {
    return this.#cluster.waitForOk(options);
  }

  /**
   * Brings the cluster back to its initial topology: resumes paused nodes, restarts dead ones,
   * fails back to the original primaries, moves slots back and re-points replicas. Call it in
   * `afterAll` of every file that uses a lever, so later files find the cluster as it started.
   * Data is kept; use `TestCluster.flushAll()` to empty it.
   */
  async restore(options: WaitOptions = {}): Promise<void> {
    const timeoutMs = options.timeoutMs ?? 2 * HARNESS_DEFAULTS.clusterOkTimeoutMs;
    const deadline = Date.now() + timeoutMs;
    const remaining = (): number => Math.max(deadline - Date.now(), 1000);
    for (const node of this.#cluster.nodes) {
      const state = node.server?.state() ?? 'running';
      if (state === 'stopped') await this.resume(node, { waitForCluster: false });
      else if (state !== 'running') await this.restart(node, { waitForCluster: false });
    }
    await this.releaseFailureDetection();
    await this.#cluster.waitForOk({ timeoutMs: remaining() });
    for (;;) {
      const steps = planRestore(this.#cluster.setup.baseline, await this.#cluster.clusterNodes());
      const [step] = steps;
      if (step === undefined) return;
      if (Date.now() > deadline) {
        throw new HarnessTimeoutError(
          `Timed out after ${timeoutMs} ms restoring the cluster (next: ${JSON.stringify(step)})`,
        );
      }
      if (step.kind === 'failover') await this.failover(step.replicaId, { timeoutMs: remaining() });
      else if (step.kind === 'migrate')
        await this.migrateSlot(step.slot, step.targetId, { timeoutMs: remaining() });
      else {
        // Re-pointed together: one at a time would pass through a primary with two replicas
        // and one with none, which the consistency check rejects.
        for (const replicate of steps) {
          if (replicate.kind !== 'replicate') continue;
          await this.#cluster.command(
            replicate.replicaId,
            'CLUSTER',
            'REPLICATE',
            replicate.primaryId,
          );
        }
        await this.#cluster.waitForOk({ timeoutMs: remaining() });
      }
    }
  }

  /** Sets `cluster-node-timeout` on every node; it applies at once. */
  async #setNodeTimeout(ms: number): Promise<void> {
    await Promise.all(
      this.#cluster.nodes.map((node) =>
        this.#cluster.command(node, 'CONFIG', 'SET', 'cluster-node-timeout', String(ms)),
      ),
    );
  }

  async #waitUntilSettled(primaryId: string, view: readonly ClusterNodeInfo[]): Promise<void> {
    const { promotions, setup } = this.#cluster;
    promotions.observe(view);
    const promotedAt = promotions.promotedAt(primaryId) ?? 0;
    const wait = promotedAt + setup.nodeTimeoutMs + SETTLE_MARGIN_MS - Date.now();
    if (wait > 0) await sleep(wait);
  }

  #server(ref: NodeRef, lever: string): RedisServer {
    const node = this.#cluster.node(ref);
    if (node.server === null) {
      throw new HarnessStateError(
        `Cannot ${lever} ${this.#cluster.describe(node)}: the harness did not start this cluster`,
      );
    }
    return node.server;
  }
}
