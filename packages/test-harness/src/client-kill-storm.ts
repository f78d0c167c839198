import { setTimeout as sleep } from 'node:timers/promises';
import type { ServerAddress } from './address.js';
import { HARNESS_DEFAULTS } from './options.js';
import { RespClient } from './resp-client.js';
import type { TestCluster } from './test-cluster.js';

/** Options of {@link clientKillStorm}. */
export interface ClientKillStormOptions {
  /** How many times every node is swept. @default 5 */
  readonly rounds?: number;
  /** Pause between two sweeps. @default 200 */
  readonly intervalMs?: number;
  /**
   * Which client types are killed. Replication links (`master`, `replica`) are never in the
   * list: killing them would turn a storm into a resync, another fault.
   * @default ['normal', 'pubsub']
   */
  readonly types?: readonly ('normal' | 'pubsub')[];
}

/** What a storm did. */
export interface ClientKillStorm {
  /** Connections the nodes reported killed, summed over rounds and nodes. */
  readonly killed: number;
  /** Sweeps of a node that failed (a node down or slow); the storm goes on without them. */
  readonly failedSweeps: number;
}

/**
 * A `CLIENT KILL` storm: every node that is up drops its clients' connections, several times in
 * a row, as a proxy restart or an operator's `CLIENT KILL` would. The harness's own connection
 * is spared (`SKIPME yes`), and each sweep is bounded by the harness's command timeout, so a
 * paused node only costs its sweep.
 *
 * @example
 * const { killed } = await clientKillStorm(cluster, { rounds: 3 });
 */
export async function clientKillStorm(
  cluster: TestCluster,
  options: ClientKillStormOptions = {},
): Promise<ClientKillStorm> {
  const rounds = options.rounds ?? 5;
  const intervalMs = options.intervalMs ?? 200;
  const types = options.types ?? ['normal', 'pubsub'];
  let killed = 0;
  let failedSweeps = 0;
  for (let round = 0; round < rounds; round++) {
    if (round > 0) await sleep(intervalMs);
    // One connection per node for every type: a sweep on its own connection would be killed
    // by the `normal` sweep running beside it on the same node.
    const sweeps = cluster.nodes
      .filter((node) => !cluster.isDown(node))
      .map((node) => sweepNode(node.address, types));
    for (const sweep of await Promise.allSettled(sweeps)) {
      if (sweep.status === 'rejected') failedSweeps++;
      else killed += sweep.value;
    }
  }
  return { killed, failedSweeps };
}

async function sweepNode(
  address: ServerAddress,
  types: readonly ('normal' | 'pubsub')[],
): Promise<number> {
  const client = await RespClient.connect(address, HARNESS_DEFAULTS.commandTimeoutMs);
  try {
    let killed = 0;
    for (const type of types) {
      const reply = await client.command(['CLIENT', 'KILL', 'TYPE', type, 'SKIPME', 'yes']);
      if (typeof reply === 'number') killed += reply;
    }
    return killed;
  } finally {
    client.close();
  }
}
