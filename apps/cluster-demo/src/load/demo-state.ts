/**
 * Where a running `npm run demo` says it listens, so `npm run demo:load` finds it without flags:
 * `apps/cluster-demo/.demo.json` (ignored by git), written once the service listens and removed
 * when the demo stops. A file left by a demo that died is ignored: its process is gone.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** What the demo writes. */
export interface DemoState {
  /** The service's base URL. */
  readonly url: string;
  /** The demo's process, to tell a live file from a stale one. */
  readonly pid: number;
  /** Whether the demo started the cluster itself, and so serves `POST /admin/kill-primary`. */
  readonly ownsCluster: boolean;
  /** How many products the demo seeded, the id range to draw from. */
  readonly products?: number;
}

/** `apps/cluster-demo/.demo.json`. */
export const DEMO_STATE_FILE = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  '.demo.json',
);

export function writeDemoState(state: DemoState, file = DEMO_STATE_FILE): void {
  writeFileSync(file, `${JSON.stringify(state, null, 2)}\n`);
}

/** Removes the file if it is this process's (a second demo may have written its own since). */
export function removeDemoState(file = DEMO_STATE_FILE): void {
  if (readDemoState(file)?.pid === process.pid) rmSync(file, { force: true });
}

/** The state of a demo still running, or undefined (no file, unreadable, or its process gone). */
export function readDemoState(file = DEMO_STATE_FILE): DemoState | undefined {
  let state: Partial<DemoState>;
  try {
    state = JSON.parse(readFileSync(file, 'utf8')) as Partial<DemoState>;
  } catch {
    return undefined;
  }
  if (typeof state.url !== 'string' || typeof state.pid !== 'number') return undefined;
  if (!isAlive(state.pid)) return undefined;
  return {
    url: state.url,
    pid: state.pid,
    ownsCluster: state.ownsCluster === true,
    ...(typeof state.products === 'number' ? { products: state.products } : {}),
  };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, owned by someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
