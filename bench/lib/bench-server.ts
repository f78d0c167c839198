/**
 * The servers of one benchmark run, from the test harness: a single `redis-server` or a
 * six-node `LocalCluster` (three primaries, three replicas), on free loopback ports, nothing
 * written to disk, stopped by PID at the end. A server left running would skew the next run
 * (and steal a core from it), so it is also killed on `exit` and on SIGINT, SIGTERM and SIGHUP,
 * and one left by a benchmark that was SIGKILLed is reaped when the next run starts.
 */

import {
  installExitCleanup,
  killOwnedServersSync,
  LocalCluster,
  RedisServer,
  reapOrphanedServers,
  ServerRegistry,
} from '@redwire/test-harness/servers';

/**
 * Starts a server, runs `body` with it, and stops the server whatever `body` did.
 *
 * @example
 * await withBenchServer(async (server) => {
 *   await server.command('PING');
 * });
 */
export function withBenchServer<T>(body: (server: RedisServer) => Promise<T>): Promise<T> {
  return withOwnedServers((registry) => RedisServer.start({ label: 'bench', registry }), body);
}

/**
 * Starts a cluster, runs `body` with it, and stops every node whatever `body` did.
 *
 * @example
 * await withBenchCluster(async (cluster) => console.log(cluster.addresses()));
 */
export function withBenchCluster<T>(body: (cluster: LocalCluster) => Promise<T>): Promise<T> {
  return withOwnedServers((registry) => LocalCluster.start({ registry }), body);
}

async function withOwnedServers<Servers extends { stop(): Promise<void> }, T>(
  start: (registry: ServerRegistry) => Promise<Servers>,
  body: (servers: Servers) => Promise<T>,
): Promise<T> {
  // The harness's state directory, shared with test runs: their records keep each other's ports
  // apart, and the reaper only touches servers whose owning process is gone.
  const registry = new ServerRegistry();
  const reaped = await reapOrphanedServers(registry);
  if (reaped.length > 0) {
    console.warn(`stopped ${reaped.length} redis-server(s) left by an earlier run`);
  }
  const uninstall = installExitCleanup(registry);
  try {
    const servers = await start(registry);
    try {
      return await body(servers);
    } finally {
      await servers.stop();
    }
  } finally {
    // Whatever a failed stop left behind; a no-op after a clean one.
    killOwnedServersSync(registry, process.pid);
    uninstall();
  }
}
