/**
 * What one run cost each side, read outside the timed window.
 *
 * CPU: client and server share the machine's cores, so a client that burns more CPU per
 * command also slows the server down; the shares show which side was the bottleneck.
 * Commands: the server's own count of commands processed, a check that owes nothing to the
 * client under test (a client that answered from somewhere else would show up short).
 */

import { parseInfo, type RedisServer, sendTextCommand } from '@redwire/test-harness/servers';
import { ContenderFailure } from './clients/contract.js';

export interface CpuShare {
  /** redis-server's user + system CPU time over wall time (1.0 = one core busy). */
  readonly server: number;
  /** This Node process's CPU time over wall time: the client, its GC and the benchmark. */
  readonly client: number;
}

export interface ServerLoad {
  readonly cpu: CpuShare;
  /** Commands the server processed during the run. */
  readonly commands: number;
}

interface ServerCounters {
  readonly cpuSeconds: number;
  readonly commands: number;
}

/** Starts the meter; the returned function stops it and reports the run's load. */
export async function startLoadMeter(server: RedisServer): Promise<() => Promise<ServerLoad>> {
  const serverBefore = await readCounters(server);
  const clientBefore = process.cpuUsage();
  const start = performance.now();
  return async () => {
    const seconds = (performance.now() - start) / 1000;
    const client = process.cpuUsage(clientBefore);
    const serverAfter = await readCounters(server);
    return {
      cpu: {
        server: (serverAfter.cpuSeconds - serverBefore.cpuSeconds) / seconds,
        client: (client.user + client.system) / 1e6 / seconds,
      },
      // The INFO that took the first reading is counted once it has run, i.e. in this delta.
      commands: serverAfter.commands - serverBefore.commands - 1,
    };
  };
}

/**
 * Fails the run when the server processed fewer commands than the client counted as answered:
 * replies the server never sent. More is fine (a client may send its own PINGs).
 */
export function checkServerCount(name: string, counted: number, load: ServerLoad): void {
  if (load.commands < counted) {
    throw new ContenderFailure(
      `${name}: counted ${counted} completed commands, the server processed ${load.commands}`,
    );
  }
}

async function readCounters(server: RedisServer): Promise<ServerCounters> {
  const info = parseInfo(await sendTextCommand(server.target, ['INFO', 'cpu', 'stats']));
  return {
    cpuSeconds: Number(info.used_cpu_user) + Number(info.used_cpu_sys),
    commands: Number(info.total_commands_processed),
  };
}
