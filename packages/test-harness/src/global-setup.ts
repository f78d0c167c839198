import type { TestProject } from 'vitest/node';
import type { TestServersInfo } from './context.js';
import { DockerCluster } from './docker-cluster.js';
import { dockerRequested, startDockerOrNative } from './docker-or-native.js';
import { installExitCleanup } from './exit-cleanup.js';
import { describeExternalCluster } from './external-cluster.js';
import { LocalCluster } from './local-cluster.js';
import { processIdentity } from './process-state.js';
import { killOwnedServersSync, reapOrphanedServers, removeOrphanedTlsDirs } from './reaper.js';
import { RedisServer } from './redis-server.js';
import { ServerRegistry } from './server-registry.js';

/**
 * vitest global setup of the `integration` project: reaps servers left by a run that died,
 * starts one standalone server and one six-node cluster (once per run, shared by every test
 * file through `getTestServers()`), and stops them by PID afterwards, whatever the outcome.
 * `REDWIRE_TEST_CLUSTER=host:port,...` uses an already running cluster instead of starting one;
 * `REDWIRE_TEST_DOCKER=1` starts docker/docker-compose.yml through testcontainers when a Docker
 * engine answers.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const registry = new ServerRegistry();
  const reaped = await reapOrphanedServers(registry);
  if (reaped.length > 0) {
    console.warn(
      `[test-harness] stopped ${reaped.length} redis-server(s) left by an earlier run (ports ${reaped.join(', ')})`,
    );
  }
  const uninstall = installExitCleanup(registry);
  const external = process.env.REDWIRE_TEST_CLUSTER;
  const [standalone, cluster] = await Promise.allSettled([
    RedisServer.start({ label: 'standalone', registry }),
    external !== undefined && external !== ''
      ? describeExternalCluster(external)
      : dockerRequested()
        ? startDockerOrNative({ registry })
        : LocalCluster.start({ registry }),
  ]);

  const teardown = async (): Promise<void> => {
    try {
      await Promise.allSettled([
        standalone.status === 'fulfilled' ? standalone.value.stop() : undefined,
        cluster.status === 'fulfilled' && hasLifetime(cluster.value)
          ? cluster.value.stop()
          : undefined,
      ]);
    } finally {
      // Whatever a failed stop or a test file left behind; a no-op after a clean run.
      killOwnedServersSync(registry, process.pid);
      removeOrphanedTlsDirs();
      uninstall();
    }
  };

  if (standalone.status === 'rejected' || cluster.status === 'rejected') {
    await teardown();
    throw standalone.status === 'rejected'
      ? standalone.reason
      : (cluster as PromiseRejectedResult).reason;
  }
  const info: TestServersInfo = {
    standalone: standalone.value.config,
    cluster: hasLifetime(cluster.value) ? cluster.value.setup : cluster.value,
    run: { owner: processIdentity(process.pid), registryDir: registry.dir },
  };
  project.provide('redwireServers', info);
  return teardown;
}

/** A cluster this run started (local processes or Docker containers), which it must stop. */
function hasLifetime(cluster: unknown): cluster is LocalCluster | DockerCluster {
  return cluster instanceof LocalCluster || cluster instanceof DockerCluster;
}
