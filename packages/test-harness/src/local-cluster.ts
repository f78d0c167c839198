import { execFile } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify, stripVTControlCharacters } from 'node:util';
import { formatAddress } from './address.js';
import { captureBaseline } from './cluster-baseline.js';
import { HarnessError, HarnessStateError } from './errors.js';
import { HARNESS_DEFAULTS, type WaitOptions } from './options.js';
import { type ProcessIdentity, processIdentity } from './process-state.js';
import { promotionLogName } from './promotion-log.js';
import { RedisServer } from './redis-server.js';
import { sendTextCommand } from './resp-client.js';
import { ServerRegistry } from './server-registry.js';
import { type ClusterSetup, TestCluster } from './test-cluster.js';

const run = promisify(execFile);

/** Options of {@link LocalCluster.start}. */
export interface StartClusterOptions extends WaitOptions {
  /** @default 3 */
  readonly primaries?: number;
  /** @default 1 */
  readonly replicasPerPrimary?: number;
  /** @default HARNESS_DEFAULTS.clusterNodeTimeoutMs */
  readonly nodeTimeoutMs?: number;
  /** @default HARNESS_DEFAULTS.host */
  readonly host?: string;
  /** @default a registry in the default state directory */
  readonly registry?: ServerRegistry;
  /** The run that must stop these servers. @default this process */
  readonly owner?: ProcessIdentity;
}

/**
 * A Redis Cluster of local `redis-server` processes (three primaries and three replicas by
 * default) on free loopback ports, created with `redis-cli --cluster create`. Used by the
 * global setup and the demo CLI; tests reach it through `getTestServers()`.
 */
export class LocalCluster {
  /** Plain data for `new TestCluster(setup)`, in this or another process. */
  readonly setup: ClusterSetup;
  readonly #servers: readonly RedisServer[];

  private constructor(setup: ClusterSetup, servers: readonly RedisServer[]) {
    this.setup = setup;
    this.#servers = servers;
  }

  /**
   * Starts the nodes, creates the cluster and waits until every node reports
   * `cluster_state:ok` and all agree on slots and replicas. On any failure every server
   * started so far is stopped before the error is thrown.
   *
   * @throws ServerStartError, HarnessTimeoutError, or HarnessError when redis-cli fails.
   */
  static async start(options: StartClusterOptions = {}): Promise<LocalCluster> {
    const primaries = options.primaries ?? 3;
    const replicasPerPrimary = options.replicasPerPrimary ?? 1;
    const nodeTimeoutMs = options.nodeTimeoutMs ?? HARNESS_DEFAULTS.clusterNodeTimeoutMs;
    const timeoutMs = options.timeoutMs ?? HARNESS_DEFAULTS.clusterOkTimeoutMs;
    const registry = options.registry ?? new ServerRegistry();
    const owner = options.owner ?? processIdentity(process.pid);
    const count = primaries * (1 + replicasPerPrimary);
    const started = await Promise.allSettled(
      Array.from({ length: count }, () =>
        RedisServer.start({
          cluster: { nodeTimeoutMs },
          label: 'node',
          registry,
          owner,
          ...(options.host === undefined ? {} : { host: options.host }),
        }),
      ),
    );
    const servers = started.flatMap((result) =>
      result.status === 'fulfilled' ? [result.value] : [],
    );
    // redis-cli makes the first `primaries` addresses primaries.
    servers.sort((a, b) => a.port - b.port);
    const promotionLogFile = join(registry.dir, promotionLogName(owner.pid, servers[0]?.port ?? 0));
    try {
      const failure = started.find((result) => result.status === 'rejected');
      if (failure !== undefined) throw failure.reason;
      await createCluster(servers, replicasPerPrimary, timeoutMs);
      const nodes = await Promise.all(
        servers.map(async (server) => ({
          id: await sendTextCommand(server.address, ['CLUSTER', 'MYID']),
          host: server.host,
          port: server.port,
          server: server.config,
        })),
      );
      const setup = {
        nodes,
        baseline: { shards: [] },
        replicasPerPrimary,
        nodeTimeoutMs,
        promotionLogFile,
      };
      const provisional = new TestCluster(setup);
      await provisional.waitForOk({ timeoutMs });
      const baseline = captureBaseline(await provisional.clusterNodes());
      if (baseline.shards.length !== primaries) {
        throw new HarnessStateError(
          `Expected ${primaries} primaries after creation, found ${baseline.shards.length}`,
        );
      }
      return new LocalCluster({ ...setup, baseline }, servers);
    } catch (error) {
      await Promise.allSettled(servers.map((server) => server.stop()));
      rmSync(promotionLogFile, { force: true });
      throw error;
    }
  }

  /** Every node's address as `host:port`. */
  addresses(): string[] {
    return this.setup.nodes.map((node) => formatAddress(node));
  }

  /**
   * Stops every node by the PID currently recorded (so nodes restarted by a test worker are
   * stopped too), removes their directories and releases their ports.
   */
  async stop(): Promise<void> {
    const results = await Promise.allSettled(this.#servers.map((server) => server.stop()));
    rmSync(this.setup.promotionLogFile, { force: true });
    const failure = results.find((result) => result.status === 'rejected');
    if (failure !== undefined) throw failure.reason;
  }
}

async function createCluster(
  servers: readonly RedisServer[],
  replicasPerPrimary: number,
  timeoutMs: number,
): Promise<void> {
  const addresses = servers.map((server) => formatAddress(server.address));
  const args = [
    '--cluster',
    'create',
    ...addresses,
    '--cluster-replicas',
    String(replicasPerPrimary),
    '--cluster-yes',
  ];
  try {
    await run('redis-cli', args, { timeout: timeoutMs, killSignal: 'SIGKILL' });
  } catch (error) {
    const {
      stdout = '',
      stderr = '',
      message,
    } = error as { stdout?: string; stderr?: string; message: string };
    // redis-cli colours its output; the escapes would only clutter the error.
    const output = stripVTControlCharacters(`${stdout}${stderr}`).trim();
    throw new HarnessError(
      'HARNESS_SERVER_START',
      `redis-cli --cluster create failed: ${message}\n${output}`,
      {
        cause: error,
      },
    );
  }
}
