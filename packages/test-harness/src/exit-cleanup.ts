import { killOwnedServersSync } from './reaper.js';
import type { ServerRegistry } from './server-registry.js';

const SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/**
 * Makes sure the servers of this run die with it: on `exit` and on SIGINT, SIGTERM and SIGHUP,
 * every server recorded for this process is SIGKILLed synchronously.
 *
 * The handlers are put first in line: vitest answers SIGINT with `process.exit()`, skipping
 * global teardowns, and its own `exit` listener calls `process.exit()` again, which ends the
 * process before any `exit` listener registered after it runs. When no one else listens for a
 * signal, the handler also ends the process as the default action would have.
 *
 * @param signals the signals to handle; a caller stopping servers gracefully on some keeps those.
 * @returns a function removing the handlers (after a normal teardown).
 */
export function installExitCleanup(
  registry: ServerRegistry,
  signals: readonly NodeJS.Signals[] = SIGNALS,
): () => void {
  const cleanup = (): void => {
    killOwnedServersSync(registry, process.pid);
  };
  const onSignal = (signal: NodeJS.Signals): void => {
    cleanup();
    if (process.listenerCount(signal) === 1) {
      uninstall();
      process.kill(process.pid, signal);
    }
  };
  const uninstall = (): void => {
    process.off('exit', cleanup);
    for (const signal of signals) process.off(signal, onSignal);
  };
  process.prependListener('exit', cleanup);
  for (const signal of signals) process.prependListener(signal, onSignal);
  return uninstall;
}
