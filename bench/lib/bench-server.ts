/**
 * A dedicated `redis-server` for one benchmark run, from the test harness: a free loopback port,
 * nothing written to disk, stopped by PID at the end. A server left running would skew the next
 * run (and steal a core from it), so it is also killed on `exit` and on SIGINT, SIGTERM and
 * SIGHUP, and one left by a benchmark that was SIGKILLed is reaped when the next run starts.
 */

import {
  installExitCleanup,
  killOwnedServersSync,
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
export async function withBenchServer<T>(body: (server: RedisServer) => Promise<T>): Promise<T> {
  // The harness's state directory, shared with test runs: their records keep each other's ports
  // apart, and the reaper only touches servers whose owning process is gone.
  const registry = new ServerRegistry();
  const reaped = await reapOrphanedServers(registry);
  if (reaped.length > 0) {
    console.warn(`stopped ${reaped.length} redis-server(s) left by an earlier run`);
  }
  const uninstall = installExitCleanup(registry);
  try {
    const server = await RedisServer.start({ label: 'bench', registry });
    try {
      return await body(server);
    } finally {
      await server.stop();
    }
  } finally {
    // Whatever a failed stop left behind; a no-op after a clean one.
    killOwnedServersSync(registry, process.pid);
    uninstall();
  }
}
