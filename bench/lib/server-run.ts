/**
 * The setting of every benchmark against a single server: the server started for the run and
 * named on the terminal, the data the workloads read written, and every contender connected
 * and verified before anything is timed; all of it torn down whatever happened.
 */

import type { RedisServer, ServerAddress } from '@redwire/test-harness/servers';
import { withBenchServer } from './bench-server.js';
import { withConnected } from './connected.js';
import { announceServer } from './server-version.js';

export interface ServerContender<Client> {
  readonly name: string;
  connect(address: ServerAddress): Promise<Client>;
}

export interface ServerRunSetup<Contender, Client> {
  /** Writes what the workloads read, before any contender connects. */
  prepare?(address: ServerAddress): Promise<void>;
  /** The one-off correctness check of a freshly connected contender. */
  verify(contender: Contender, client: Client): Promise<void>;
}

export interface ServerRun<Client> {
  readonly server: RedisServer;
  readonly serverVersion: string;
  /** One per contender, in contender order, each verified. */
  readonly clients: readonly Client[];
}

/** Runs `body` with a started server and every contender connected to it and verified. */
export function withServerRun<
  Client extends { close(): Promise<void> },
  Contender extends ServerContender<Client>,
  T,
>(
  contenders: readonly Contender[],
  setup: ServerRunSetup<Contender, Client>,
  body: (run: ServerRun<Client>) => Promise<T>,
): Promise<T> {
  return withBenchServer(async (server) => {
    const serverVersion = await announceServer(server);
    await setup.prepare?.(server.address);
    return withConnected(
      contenders,
      (contender) => contender.connect(server.address),
      (contender, client) => setup.verify(contender, client),
      (clients) => body({ server, serverVersion, clients }),
    );
  });
}
