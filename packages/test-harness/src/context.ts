import { inject } from 'vitest';
import { ClusterFaults } from './cluster-faults.js';
import type { ProcessIdentity } from './process-state.js';
import { RedisServer, type RedisServerConfig } from './redis-server.js';
import { type ClusterSetup, TestCluster } from './test-cluster.js';

/** What the global setup hands to every test file: plain data describing the servers. */
export interface TestServersInfo {
  /** The standalone server (always started by the harness). */
  readonly standalone: RedisServerConfig;
  /** The cluster: six local nodes, or an external one named by `REDWIRE_TEST_CLUSTER`. */
  readonly cluster: ClusterSetup;
  /**
   * The run itself: servers a test file starts are recorded in its registry with the run's
   * main process as owner, so the run's teardown and exit handler stop any a file leaves behind.
   */
  readonly run: { readonly owner: ProcessIdentity; readonly registryDir: string };
}

declare module 'vitest' {
  export interface ProvidedContext {
    redwireServers: TestServersInfo;
  }
}

/** The shared servers of an integration run, as handles a test can use. */
export interface TestServers {
  /** The standalone server: `address`, `command()`, and process levers (pause, kill, restart). */
  readonly standalone: RedisServer;
  /** The cluster: nodes, who owns what, `waitForOk()`. */
  readonly cluster: TestCluster;
  /** The cluster's fault levers. */
  readonly faults: ClusterFaults;
}

let cached: TestServers | undefined;

/**
 * The servers started by the global setup (`@redwire/test-harness/global-setup`), for use
 * inside integration tests.
 *
 * @example
 * const { standalone, cluster, faults } = getTestServers();
 * const client = createClient({ ...standalone.address });
 * const seeds = cluster.seeds();
 *
 * @throws Error (from vitest) when called outside the `integration` project.
 */
export function getTestServers(): TestServers {
  if (cached === undefined) {
    const info = inject('redwireServers');
    const cluster = new TestCluster(info.cluster);
    cached = {
      standalone: RedisServer.attach(info.standalone),
      cluster,
      faults: new ClusterFaults(cluster),
    };
  }
  return cached;
}

/** The part of vitest's test context {@link skipWithoutNodeProcesses} needs. */
export interface SkippableContext {
  skip(condition: boolean, note?: string): void;
}

/**
 * Whether the harness holds the processes of the cluster's nodes, so that `faults.kill`,
 * `pause`, `resume` and `restart` work. False when the cluster runs elsewhere (Docker,
 * `REDWIRE_TEST_CLUSTER`); failover and slot migration work either way.
 */
export function hasNodeProcesses(): boolean {
  return getTestServers().cluster.nodes.every((node) => node.server !== null);
}

/**
 * Skips the calling test, saying why, when the cluster's node processes are out of reach. Call
 * it first in a test (or a `beforeEach`) that kills, pauses or restarts cluster nodes.
 *
 * @example
 * it('kill -9 of a primary: ...', async (context) => {
 *   skipWithoutNodeProcesses(context);
 *   await faults.kill(primary);
 * });
 */
export function skipWithoutNodeProcesses(context: SkippableContext): void {
  context.skip(
    !hasNodeProcesses(),
    'kills, pauses or restarts cluster nodes, and this cluster runs outside the harness (REDWIRE_TEST_DOCKER or REDWIRE_TEST_CLUSTER)',
  );
}
