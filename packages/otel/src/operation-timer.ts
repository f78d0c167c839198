/**
 * Times the operations of a TracingChannel: the same context object goes through `start`, `end`,
 * `asyncStart`, `asyncEnd` and `error` of one operation, so its start time is kept in a WeakMap
 * keyed by that context (dropped with the context if the operation never settles).
 */

import diagnostics from 'node:diagnostics_channel';
import { performance } from 'node:perf_hooks';

/** Called once per operation, when it settled, with its context and its duration in seconds. */
export type OperationSettled<C> = (context: C, seconds: number) => void;

/**
 * Subscribes to the TracingChannel `name` and calls `settled` once for each operation it
 * traces. An operation that ends asynchronously settles at `asyncEnd`; one whose function threw
 * synchronously gets no `asyncEnd`, and settles at `end` (its `error` is already set then).
 *
 * @returns the function that unsubscribes
 */
export function timeOperations<C extends object>(
  name: string,
  settled: OperationSettled<C>,
): () => void {
  const started = new WeakMap<object, number>();
  const finish = (context: object) => {
    const at = started.get(context);
    if (at === undefined) return;
    started.delete(context);
    settled(context as C, (performance.now() - at) / 1_000);
  };
  const handlers = {
    start: (context: unknown) => {
      started.set(context as object, performance.now());
    },
    end: (context: unknown) => {
      if ((context as { error?: unknown }).error !== undefined) finish(context as object);
    },
    asyncEnd: (context: unknown) => finish(context as object),
    // Nothing to do at these two; given so every Node version's subscribe() accepts the object.
    asyncStart: () => {},
    error: () => {},
  };
  const channel = diagnostics.tracingChannel(name);
  channel.subscribe(handlers);
  return () => channel.unsubscribe(handlers);
}
