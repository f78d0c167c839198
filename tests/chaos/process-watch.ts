import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** Heap and resident set size, in bytes. */
export interface MemorySample {
  readonly heapUsed: number;
  readonly rss: number;
  /** Whether a full GC ran first (otherwise the figures include garbage). */
  readonly collected: boolean;
}

/**
 * A full garbage collection: `global.gc` when the process runs with --expose-gc, else one
 * obtained by setting the flag at run time (V8 then installs `gc` on contexts created after,
 * such as a fresh vm context). `undefined` when neither works.
 */
function findGc(): (() => void) | undefined {
  const exposed = (globalThis as { gc?: () => void }).gc;
  if (typeof exposed === 'function') return exposed;
  try {
    setFlagsFromString('--expose-gc');
    const gc: unknown = runInNewContext('gc');
    return typeof gc === 'function' ? (gc as () => void) : undefined;
  } catch {
    return undefined;
  }
}

/** Heap and RSS after a full GC when one can be run (twice: weak references die in the second). */
export function sampleMemory(): MemorySample {
  const gc = findGc();
  gc?.();
  gc?.();
  const { heapUsed, rss } = process.memoryUsage();
  return { heapUsed, rss, collected: gc !== undefined };
}

/**
 * Listens for what must not happen in the soak: a process warning (MaxListenersExceeded, a
 * deprecation…) and an unhandled rejection. Removes its listeners on dispose.
 */
export class ProcessWatch implements Disposable {
  readonly warnings: string[] = [];
  readonly unhandled: string[] = [];
  readonly #onWarning = (warning: Error): void => {
    this.warnings.push(`${warning.name}: ${warning.message}`);
  };
  readonly #onUnhandled = (reason: unknown): void => {
    this.unhandled.push(
      reason instanceof Error ? (reason.stack ?? reason.message) : String(reason),
    );
  };

  constructor() {
    process.on('warning', this.#onWarning);
    process.on('unhandledRejection', this.#onUnhandled);
  }

  [Symbol.dispose](): void {
    process.off('warning', this.#onWarning);
    process.off('unhandledRejection', this.#onUnhandled);
  }
}

/** Counts of the handles that keep the event loop alive (sockets, timers), by type. */
export function activeResources(): Map<string, number> {
  const counts = new Map<string, number>();
  for (const type of process.getActiveResourcesInfo())
    counts.set(type, (counts.get(type) ?? 0) + 1);
  return counts;
}
