import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { isAlive, isIdentityAlive } from './process-state.js';
import { promotionLogOwner } from './promotion-log.js';
import type { ServerRecord, ServerRegistry } from './server-registry.js';
import { signalRedisServer, sleepSync, waitForExit } from './server-signals.js';
import { tlsDirOwner } from './tls-certs.js';

/** How long {@link killOwnedServersSync} blocks for killed servers to go. */
const SYNC_EXIT_WAIT_MS = 1000;

/**
 * Kills and clears every server recorded by a run that no longer exists (killed with SIGKILL,
 * crashed, or interrupted before its `exit` handler ran). Runs that are still alive, such as a
 * second test run on the same machine, keep their servers. TLS material directories of
 * processes that are gone go too ({@link removeOrphanedTlsDirs}).
 *
 * @returns the ports of the servers reaped.
 */
export async function reapOrphanedServers(registry: ServerRegistry): Promise<number[]> {
  const reaped: number[] = [];
  for (const record of registry.list()) {
    if (isIdentityAlive(record.owner)) continue;
    const pids = killRecorded(record);
    for (const pid of pids) await waitForExit(pid, 3000);
    clearRecord(registry, record, pids);
    reaped.push(record.port);
  }
  for (const name of listDir(registry.dir)) {
    const owner = promotionLogOwner(name);
    if (owner !== undefined && !isAlive(owner)) rmSync(join(registry.dir, name), { force: true });
  }
  removeOrphanedTlsDirs();
  return reaped;
}

/**
 * Removes cached TLS material directories whose process is gone. A vitest worker is ended with
 * SIGTERM, so its `exit` handler never removes its own; the run's teardown and the next run's
 * reaper do.
 */
export function removeOrphanedTlsDirs(): void {
  for (const name of listDir(tmpdir())) {
    const owner = tlsDirOwner(name);
    if (owner !== undefined && !isAlive(owner)) {
      rmSync(join(tmpdir(), name), { recursive: true, force: true });
    }
  }
}

/**
 * Synchronously SIGKILLs every server recorded for the run `ownerPid`, including nodes that a
 * test worker restarted under a new PID, then clears their records and directories. Meant for
 * `exit` and signal handlers, which cannot await; records of servers that have not exited after
 * a short wait are left for the next run's {@link reapOrphanedServers}.
 *
 * @returns the ports of the servers killed.
 */
export function killOwnedServersSync(registry: ServerRegistry, ownerPid: number): number[] {
  const owned = registry.list().filter((record) => record.owner.pid === ownerPid);
  const killed = owned.map((record) => ({ record, pids: killRecorded(record) }));
  const deadline = Date.now() + SYNC_EXIT_WAIT_MS;
  while (killed.some(({ pids }) => pids.some(isAlive)) && Date.now() < deadline) sleepSync(10);
  for (const { record, pids } of killed) clearRecord(registry, record, pids);
  for (const name of listDir(registry.dir)) {
    if (promotionLogOwner(name) === ownerPid) rmSync(join(registry.dir, name), { force: true });
  }
  return owned.map((record) => record.port);
}

function listDir(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

/** SIGKILLs the recorded PID and the one in the pidfile (a crash may have happened in between). */
function killRecorded(record: ServerRecord): number[] {
  const pids = new Set<number>();
  if (record.pid !== null) pids.add(record.pid);
  const fromPidfile = record.dir === null ? null : readPidfile(record.dir);
  if (fromPidfile !== null) pids.add(fromPidfile);
  const signalled: number[] = [];
  for (const pid of pids) {
    if (signalRedisServer(pid, record.port, 'SIGKILL')) signalled.push(pid);
  }
  return signalled;
}

function clearRecord(
  registry: ServerRegistry,
  record: ServerRecord,
  pids: readonly number[],
): void {
  if (pids.some(isAlive)) return;
  if (record.dir !== null && isHarnessDir(record.dir))
    rmSync(record.dir, { recursive: true, force: true });
  registry.remove(record.port);
}

function readPidfile(dir: string): number | null {
  try {
    const pid = Number(readFileSync(join(dir, 'redis.pid'), 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

/** Only directories the harness made are ever removed, whatever a record says. */
function isHarnessDir(dir: string): boolean {
  return dirname(dir) === tmpdir() && basename(dir).startsWith('redwire-');
}
