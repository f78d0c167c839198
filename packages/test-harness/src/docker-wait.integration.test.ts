import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { formatAddress } from './address.js';
import { getTestServers } from './context.js';
import { DEFAULT_COMPOSE_FILE, parseComposeText } from './docker-compose-file.js';
import { clusterStateOkCommand } from './docker-compose-plan.js';
import { describeExternalCluster } from './external-cluster.js';

// What the Docker cluster's waits run inside its containers, run here on this run's cluster:
// the same redis-cli and shell, so a wait that could never succeed (or always would) shows here
// without a Docker engine.
const run = promisify(execFile);
const { standalone, cluster } = getTestServers();

/** Exit code of a shell command, with PORT set as compose sets it in a node's environment. */
async function exitCode(command: string, port: number): Promise<number> {
  try {
    await run('sh', ['-c', command], { env: { ...process.env, PORT: String(port) } });
    return 0;
  } catch (error) {
    return (error as { code?: number }).code ?? -1;
  }
}

/** The health test of the compose file's nodes, as the container's shell receives it. */
function composeHealthCheck(): string {
  const services = parseComposeText(readFileSync(DEFAULT_COMPOSE_FILE, 'utf8')).services ?? {};
  const test = services['redis-1']?.healthcheck?.test;
  expect(Array.isArray(test) && test[0] === 'CMD-SHELL').toBe(true);
  // Compose turns `$$` into `$` before the container's shell sees the command.
  return String((test as unknown[])[1]).replaceAll('$$', '$');
}

describe('the Docker cluster’s waits, run against this run’s cluster', () => {
  it("the nodes' health check passes on every node", async () => {
    const test = composeHealthCheck();
    for (const node of cluster.nodes) expect(await exitCode(test, node.port)).toBe(0);
  });

  it('the cluster_state:ok wait passes on every node of a created cluster', async () => {
    await cluster.waitForOk();
    for (const node of cluster.nodes) {
      expect(await exitCode(clusterStateOkCommand(node.port), node.port)).toBe(0);
    }
  });

  it('the cluster_state:ok wait fails on a server that is not in a cluster, or not there', async () => {
    const { port } = standalone.address;
    expect(await exitCode(clusterStateOkCommand(port), port)).not.toBe(0);
    expect(await exitCode(composeHealthCheck(), port)).toBe(0);
  });

  it('describing the cluster from its addresses, as after docker compose up, gives the suite the same cluster', async () => {
    await cluster.waitForOk();
    const described = await describeExternalCluster(
      cluster.nodes.map((node) => formatAddress(node.address)).join(','),
    );
    expect(described.nodes.map((node) => node.id)).toEqual(cluster.nodes.map((node) => node.id));
    expect(described.nodes.every((node) => node.server === null)).toBe(true);
    expect(described.replicasPerPrimary).toBe(cluster.setup.replicasPerPrimary);
    expect(described.nodeTimeoutMs).toBe(cluster.setup.nodeTimeoutMs);
    expect(described.baseline.shards).toHaveLength(3);
  });
});
