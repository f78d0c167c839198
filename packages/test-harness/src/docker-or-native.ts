import { DockerCluster } from './docker-cluster.js';
import { probeDockerEngine } from './docker-engine.js';
import { LocalCluster, type StartClusterOptions } from './local-cluster.js';

/** Whether the run asks for the Docker cluster (`REDWIRE_TEST_DOCKER=1`). */
export function dockerRequested(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.REDWIRE_TEST_DOCKER === '1';
}

/** The one line printed when Docker is asked for and no engine answers. */
export function noEngineNotice(reason: string): string {
  return `[test-harness] REDWIRE_TEST_DOCKER=1 but no Docker engine answers (${reason}); running the native cluster instead`;
}

/**
 * The Docker cluster when an engine answers, else (saying so in one line) the local cluster the
 * harness starts by default.
 *
 * @throws what {@link DockerCluster.start} or {@link LocalCluster.start} throws.
 */
export async function startDockerOrNative(
  options: StartClusterOptions = {},
): Promise<DockerCluster | LocalCluster> {
  const engine = await probeDockerEngine();
  if (!engine.available) {
    console.warn(noEngineNotice(engine.reason));
    return LocalCluster.start(options);
  }
  console.warn(
    '[test-harness] running the cluster of docker/docker-compose.yml through testcontainers; the tests that kill, pause or restart its nodes are skipped',
  );
  return DockerCluster.start();
}
