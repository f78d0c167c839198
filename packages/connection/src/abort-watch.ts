/**
 * One listener per AbortSignal, however many commands wait on it. A signal is often shared: a
 * request's signal passed to every command of that request, or a pipeline of a thousand commands,
 * or a cross-slot MGET split into a hundred parts. A listener each would cost an
 * `addEventListener` and a `removeEventListener` per command, and past ten Node prints a
 * `MaxListenersExceededWarning` that reads like a leak. Here each signal gets one listener, added
 * the first time it is watched and left in place afterwards (one per signal, never more), which
 * calls whoever is watching when it aborts.
 */

/** Who waits on each signal; the entry goes when the signal aborts or is collected. */
const watchers = new WeakMap<AbortSignal, Set<() => void>>();

/**
 * Calls `callback` once when `signal` aborts, unless the returned function is called first.
 * On a signal already aborted, `callback` runs at once.
 *
 * @returns a function that stops watching (call it when the work settled another way)
 * @example
 * ```ts
 * const stop = whenAborted(signal, () => command.cancel(signal.reason));
 * command.onSettle(stop);
 * ```
 */
export function whenAborted(signal: AbortSignal, callback: () => void): () => void {
  if (signal.aborted) {
    callback();
    return noop;
  }
  let waiting = watchers.get(signal);
  if (waiting === undefined) {
    const created = new Set<() => void>();
    waiting = created;
    watchers.set(signal, created);
    signal.addEventListener(
      'abort',
      () => {
        watchers.delete(signal);
        for (const each of created) each();
        created.clear();
      },
      { once: true },
    );
  }
  // A function of its own per call, so that two watches with the same callback stay apart.
  const entry = () => callback();
  waiting.add(entry);
  const set = waiting;
  return () => {
    set.delete(entry);
  };
}

function noop(): void {}
