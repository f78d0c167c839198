import { setTimeout as sleep } from 'node:timers/promises';
import { HarnessTimeoutError } from './errors.js';
import { isAlive, isRedisServer, processState } from './process-state.js';

const POLL_MS = 10;

/**
 * Sends `signal` to `pid` if it is the redis-server serving `port`; returns whether it did.
 * Every signal the harness sends goes through here, so a PID read from a stale record or
 * pidfile that now belongs to another program is left alone.
 */
export function signalRedisServer(pid: number, port: number, signal: NodeJS.Signals): boolean {
  if (!isRedisServer(pid, port)) return false;
  try {
    process.kill(pid, signal);
    return true;
  } catch {
    return false;
  }
}

/** Resolves once `pid` runs no more code (gone or a zombie), or returns false after `timeoutMs`. */
export async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (isAlive(pid)) {
    if (Date.now() > deadline) return false;
    await sleep(POLL_MS);
  }
  return true;
}

/**
 * Stops a redis-server by PID: SIGCONT (a paused server cannot act on SIGTERM), SIGTERM, then
 * SIGKILL if it has not exited within `timeoutMs`.
 *
 * @throws HarnessTimeoutError if it survives SIGKILL for another `timeoutMs`.
 */
export async function stopRedisProcess(
  pid: number,
  port: number,
  timeoutMs: number,
): Promise<void> {
  if (isAlive(pid)) {
    signalRedisServer(pid, port, 'SIGCONT');
    signalRedisServer(pid, port, 'SIGTERM');
    if (!(await waitForExit(pid, timeoutMs))) {
      signalRedisServer(pid, port, 'SIGKILL');
      if (!(await waitForExit(pid, timeoutMs))) {
        throw new HarnessTimeoutError(
          `redis-server ${pid} on port ${port} survived SIGKILL for ${timeoutMs} ms`,
        );
      }
    }
  }
  await waitForReap(pid, timeoutMs);
}

/**
 * Gives init up to `timeoutMs` to collect a zombie. A server restarted by a test worker has
 * init as its parent once that worker exits, and some inits (a container's, this sandbox's)
 * collect only every second or two; waiting keeps the process table clean when the run ends.
 * A zombie holds no port, so running out of time is not an error.
 */
async function waitForReap(pid: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (processState(pid) === 'zombie' && Date.now() < deadline) await sleep(50);
}

/**
 * Blocks the thread for `ms`: the `exit` handler may not await, yet should see the servers it
 * killed go before it removes their directories.
 */
export function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
