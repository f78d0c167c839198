import { inject } from 'vitest';
import { RedisServer, type StartRedisServerOptions } from './redis-server.js';
import { ServerRegistry } from './server-registry.js';

/** Options of {@link startTestServer}: a standalone server's extras and start timeout. */
export type TestServerOptions = Omit<StartRedisServerOptions, 'cluster' | 'registry' | 'owner'>;

/**
 * Starts a standalone server of a test file's own (not shared), for configurations the shared
 * one lacks: a password, ACL users, a unix socket, TLS, extra arguments. Stop it in `afterAll`;
 * one left running is stopped by PID with the run's other servers.
 *
 * @example
 * const server = await startTestServer({ tls: true, requirePass: 'secret' });
 * afterAll(() => server.stop());
 * tls.connect({ ...server.address, ca: server.tls!.caCert.pem });
 *
 * @throws Error (from vitest) when called outside the `integration` project.
 */
export function startTestServer(options: TestServerOptions = {}): Promise<RedisServer> {
  const { run } = inject('redwireServers');
  return RedisServer.start({
    label: 'test',
    ...options,
    registry: new ServerRegistry(run.registryDir),
    owner: run.owner,
  });
}
