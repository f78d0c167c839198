/**
 * What one run cost each side, read outside the timed window.
 *
 * CPU: client and server share the machine's cores, so a client that burns more CPU per
 * command also slows the server down; the shares show which side was the bottleneck.
 * Commands: the servers' own count of commands processed, a check that owes nothing to the
 * client under test (a client that answered from somewhere else would show up short).
 */

import {
  parseInfo,
  type RedisServer,
  type RespTarget,
  sendTextCommand,
} from '@redwire/test-harness/servers';
import { ContenderFailure } from './clients/contract.js';
import { median } from './measure.js';

export interface CpuShare {
  /** The redis-servers' user + system CPU time over wall time (1.0 = one core busy). */
  readonly server: number;
  /** This Node process's CPU time over wall time: the client, its GC and the benchmark. */
  readonly client: number;
}

export interface ServerLoad {
  readonly cpu: CpuShare;
  /** Commands the servers processed during the run. */
  readonly commands: number;
}

/** One server the meter reads: its CPU always counts, its commands when `countsCommands`. */
export interface MeteredServer {
  readonly target: RespTarget;
  /**
   * False for a cluster's replicas: they count the replication stream too, while the
   * primaries' counts are what clients sent. Replicas replay the writes, so their CPU counts.
   */
  readonly countsCommands: boolean;
}

/** A run's single server, all of it counted. */
export function soleServer(server: RedisServer): MeteredServer[] {
  return [{ target: server.target, countsCommands: true }];
}

interface ServerCounters {
  readonly cpuSeconds: number;
  readonly commands: number;
}

/** Starts the meter; the returned function stops it and reports the run's load. */
export async function startLoadMeter(
  servers: readonly MeteredServer[],
): Promise<() => Promise<ServerLoad>> {
  const serverBefore = await readCounters(servers);
  const clientBefore = process.cpuUsage();
  const start = performance.now();
  return async () => {
    const seconds = (performance.now() - start) / 1000;
    const client = process.cpuUsage(clientBefore);
    const serverAfter = await readCounters(servers);
    // The INFO that took each counted server's first reading is counted in this delta.
    const infoCommands = servers.filter((server) => server.countsCommands).length;
    return {
      cpu: {
        server: (serverAfter.cpuSeconds - serverBefore.cpuSeconds) / seconds,
        client: (client.user + client.system) / 1e6 / seconds,
      },
      commands: serverAfter.commands - serverBefore.commands - infoCommands,
    };
  };
}

/**
 * Fails the run when the servers processed fewer commands than the client counted as answered:
 * replies the server never sent. More is fine (a client may send its own PINGs).
 */
export function checkServerCount(name: string, counted: number, load: ServerLoad): void {
  if (load.commands < counted) {
    throw new ContenderFailure(
      `${name}: counted ${counted} completed commands, the server processed ${load.commands}`,
    );
  }
}

/** The median of each side's shares, e.g. over a contender's timed rounds. */
export function medianShare(shares: readonly CpuShare[]): CpuShare {
  return {
    server: median(shares.map((share) => share.server)),
    client: median(shares.map((share) => share.client)),
  };
}

async function readCounters(servers: readonly MeteredServer[]): Promise<ServerCounters> {
  const counters = await Promise.all(
    servers.map(async ({ target, countsCommands }) => {
      const info = parseInfo(await sendTextCommand(target, ['INFO', 'cpu', 'stats']));
      return {
        cpuSeconds: Number(info.used_cpu_user) + Number(info.used_cpu_sys),
        commands: countsCommands ? Number(info.total_commands_processed) : 0,
      };
    }),
  );
  return {
    cpuSeconds: counters.reduce((sum, each) => sum + each.cpuSeconds, 0),
    commands: counters.reduce((sum, each) => sum + each.commands, 0),
  };
}
