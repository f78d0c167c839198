import { basename, dirname } from 'node:path';
import type { ComposeCluster } from './docker-compose-file.js';

/** How to know one container of the compose project is ready. */
export interface ContainerWait {
  /** The container's name as testcontainers matches it: the service and its replica number. */
  readonly container: string;
  /** Wait for the health check the compose file declares. */
  readonly healthCheck: boolean;
  /** Shell commands run inside the container (`/bin/sh -c`) that must each exit 0 as well. */
  readonly commands: readonly string[];
}

/** Everything the harness hands testcontainers, as plain data. */
export interface DockerComposePlan {
  /** Folder of the compose file (testcontainers runs `docker compose` there). */
  readonly composeDir: string;
  readonly composeFile: string;
  /** The compose project, unique to the run so its containers are found and reaped by label. */
  readonly projectName: string;
  /** Bound on each container's wait, image pulls excluded. */
  readonly startupTimeoutMs: number;
  readonly waits: readonly ContainerWait[];
  /** The nodes as seen from the host, `host:port,...`, for the external-cluster description. */
  readonly seeds: string;
}

/** Options of {@link dockerComposePlan}. */
export interface DockerComposePlanOptions {
  /** @default `redwire-test-<pid>` */
  readonly projectName?: string;
  /** @default 120000 (a cold start creates six containers and the cluster on a loaded machine) */
  readonly startupTimeoutMs?: number;
}

/**
 * The command a node's wait runs inside its container: it succeeds once that node reports
 * `cluster_state:ok`, which the one-shot create service brings about. Waiting on a node rather
 * than on the create service's exit, because testcontainers only waits on containers still
 * running when `up` returns, and the create service may have finished by then.
 */
export function clusterStateOkCommand(port: number): string {
  return `redis-cli -p ${port} cluster info | grep -q '^cluster_state:ok'`;
}

/**
 * Turns the compose file's description into what testcontainers is given: every node waits on
 * its declared health check and then on `cluster_state:ok`.
 */
export function dockerComposePlan(
  cluster: ComposeCluster,
  options: DockerComposePlanOptions = {},
): DockerComposePlan {
  return {
    composeDir: dirname(cluster.file),
    composeFile: basename(cluster.file),
    projectName: options.projectName ?? `redwire-test-${process.pid}`,
    startupTimeoutMs: options.startupTimeoutMs ?? 120_000,
    waits: cluster.nodes.map((node) => ({
      // Compose v2 names a service's containers <project>-<service>-<n>; testcontainers
      // strips the project.
      container: `${node.service}-1`,
      healthCheck: true,
      commands: [clusterStateOkCommand(node.port)],
    })),
    seeds: cluster.nodes.map((node) => `${cluster.host}:${node.port}`).join(','),
  };
}
