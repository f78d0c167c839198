import { performance } from 'node:perf_hooks';
import { installExitCleanup } from './exit-cleanup.js';
import { formatClusterState } from './format-cluster-state.js';
import { LocalCluster } from './local-cluster.js';
import { killOwnedServersSync, reapOrphanedServers } from './reaper.js';
import { ServerRegistry } from './server-registry.js';
import { TestCluster } from './test-cluster.js';

/**
 * `tsx src/cli.ts cluster [--once]` (what `scripts/demo.sh` runs): starts a local six-node
 * cluster, prints its state and keeps it until Ctrl-C, then stops every server. `--once` stops
 * right after printing, so the command can be tested.
 */
async function main(argv: readonly string[]): Promise<number> {
  const [command, ...flags] = argv;
  const unknown = flags.filter((flag) => flag !== '--once');
  if (command !== 'cluster' || unknown.length > 0) {
    console.error('usage: cli.ts cluster [--once]');
    return 2;
  }
  const registry = new ServerRegistry();
  const reaped = await reapOrphanedServers(registry);
  if (reaped.length > 0)
    console.log(`Stopped ${reaped.length} redis-server(s) left by an earlier run.`);
  // SIGINT and SIGTERM are handled below, to stop the servers gracefully.
  installExitCleanup(registry, ['SIGHUP']);

  const startedAt = performance.now();
  const local = await LocalCluster.start({ registry });
  const seconds = ((performance.now() - startedAt) / 1000).toFixed(1);
  const view = new TestCluster(local.setup);
  const rows = (await view.clusterNodes()).map((info) => {
    const node = view.nodes.find((candidate) => candidate.id === info.id);
    return { info, pid: node?.server?.pid() ?? null, dir: node?.server?.config.dir ?? null };
  });
  console.log(
    `Redis Cluster ready in ${seconds} s: cluster_state:ok on all ${rows.length} nodes, slots and replicas agreed.\n`,
  );
  console.log(formatClusterState(rows));
  console.log(`\nSeed nodes: ${local.addresses().join(',')}`);

  if (!flags.includes('--once')) {
    console.log('Press Ctrl-C to stop every server.');
    await waitForSignal();
  }
  await local.stop();
  console.log('Stopped every server.');
  return 0;
}

/** Resolves on the first SIGINT/SIGTERM; a second one while stopping kills at once. */
function waitForSignal(): Promise<void> {
  return new Promise((resolve) => {
    // Signal listeners and the unref'd servers do not keep Node running; this timer does.
    const keepAlive = setInterval(() => {}, 1 << 30);
    let received = 0;
    const onSignal = (): void => {
      received += 1;
      if (received === 1) {
        clearInterval(keepAlive);
        resolve();
        return;
      }
      killOwnedServersSync(new ServerRegistry(), process.pid);
      process.exit(130);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(1);
  },
);
