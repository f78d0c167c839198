import type { StartedDockerComposeEnvironment } from 'testcontainers';
import { formatAddress } from './address.js';
import { DEFAULT_COMPOSE_FILE, readComposeCluster } from './docker-compose-file.js';
import { type DockerComposePlanOptions, dockerComposePlan } from './docker-compose-plan.js';
import { isLocalEngineHost } from './docker-engine.js';
import { composeEnvironment } from './docker-environment.js';
import { HarnessStateError } from './errors.js';
import { describeExternalCluster } from './external-cluster.js';
import { HARNESS_DEFAULTS } from './options.js';
import { canBind } from './ports.js';
import type { ClusterSetup } from './test-cluster.js';

/** Options of {@link DockerCluster.start}. */
export interface StartDockerClusterOptions extends DockerComposePlanOptions {
  /** @default the repository's docker/docker-compose.yml */
  readonly file?: string;
  /** Bound on the cluster becoming consistent once the containers are up. @default 30000 */
  readonly timeoutMs?: number;
}

/**
 * The cluster of docker/docker-compose.yml, started through testcontainers'
 * `DockerComposeEnvironment` and described to the suite as an external cluster: the same
 * {@link ClusterSetup} a local cluster hands over, with no process handles (nodes'
 * `server` is `null`), so the tests that kill, pause or restart nodes skip themselves.
 */
export class DockerCluster {
  /** Plain data for `new TestCluster(setup)`, in this or another process. */
  readonly setup: ClusterSetup;
  readonly #environment: StartedDockerComposeEnvironment;

  private constructor(setup: ClusterSetup, environment: StartedDockerComposeEnvironment) {
    this.setup = setup;
    this.#environment = environment;
  }

  /**
   * Checks the compose file and that its ports are free, runs `docker compose up` through
   * testcontainers with a wait per node (its health check and `cluster_state:ok`), then waits
   * until every node agrees on the topology. The project is taken down if any step fails.
   *
   * @throws HarnessStateError when the compose file is not the expected cluster, a port is
   * taken, or the engine's published ports are not on this machine; testcontainers' errors
   * when a container does not become ready; HarnessTimeoutError from the consistency wait.
   */
  static async start(options: StartDockerClusterOptions = {}): Promise<DockerCluster> {
    const cluster = readComposeCluster(options.file ?? DEFAULT_COMPOSE_FILE);
    const plan = dockerComposePlan(cluster, options);
    for (const node of cluster.nodes) {
      if (!(await canBind(cluster.host, node.port))) {
        const address = formatAddress({ host: cluster.host, port: node.port });
        throw new HarnessStateError(
          `${address} is taken; the Docker cluster publishes its nodes on fixed ports (is another one running? docker compose -f ${cluster.file} down)`,
        );
      }
    }
    const testcontainers = await import('testcontainers');
    const client = await testcontainers.getContainerRuntimeClient();
    const host = client.info.containerRuntime.host;
    if (!isLocalEngineHost(host)) {
      throw new HarnessStateError(
        `The Docker engine publishes ports on ${host}, but the nodes announce ${cluster.host}: run the suite on the engine's machine`,
      );
    }
    const environment = await composeEnvironment(plan, testcontainers).up();
    try {
      const setup = await describeExternalCluster(plan.seeds, {
        timeoutMs: options.timeoutMs ?? HARNESS_DEFAULTS.clusterOkTimeoutMs,
      });
      return new DockerCluster(setup, environment);
    } catch (error) {
      await environment.down({ removeVolumes: true, timeout: 0 });
      throw error;
    }
  }

  /** Removes the containers and their volumes; the nodes are test data, never kept. */
  async stop(): Promise<void> {
    await this.#environment.down({ removeVolumes: true, timeout: 0 });
  }
}
