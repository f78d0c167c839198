/**
 * Whether V8 keeps optimized code for a class through a full garbage collection with no
 * instance of it alive: what a "shape keeper" (one instance held for a module's life) is for.
 * V8 reaches the hidden class of an instance with all its fields only through weak links; when
 * the last instance dies, a full collection frees it and deoptimizes every function that checks
 * it. Uses V8's test hooks (natives syntax, a gc() of its own), switched on when first asked.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

interface V8Hooks {
  readonly gc: () => void;
  readonly prepare: (f: unknown) => void;
  readonly optimizeNext: (f: unknown) => void;
  readonly status: (f: unknown) => number;
}

/** V8's OptimizationStatus bit for "runs optimized code". */
const OPTIMIZED = 1 << 4;

let hooks: V8Hooks | undefined;

function v8Hooks(): V8Hooks {
  if (hooks !== undefined) return hooks;
  setFlagsFromString('--allow-natives-syntax');
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  setFlagsFromString('--no-expose-gc');
  hooks = {
    gc,
    prepare: new Function('f', '%PrepareFunctionForOptimization(f)') as (f: unknown) => void,
    optimizeNext: new Function('f', '%OptimizeFunctionOnNextCall(f)') as (f: unknown) => void,
    status: new Function('f', 'return %GetOptimizationStatus(f)') as (f: unknown) => number,
  };
  return hooks;
}

/**
 * Optimizes `read` on instances made by `make`, drops every instance, collects twice, and says
 * whether `read` still runs optimized code. `read` should touch a field, as the class's own
 * methods do, and be used for nothing else. Instances are made and dropped in a frame of their
 * own, so that none stays reachable from a stack slot.
 * @throws Error when V8 did not optimize `read` to begin with (the check would say nothing)
 */
export function staysOptimizedThroughGc<T>(make: () => T, read: (instance: T) => unknown): boolean {
  const { gc, status } = v8Hooks();
  if (!optimizeOn(make, read)) {
    throw new Error('staysOptimizedThroughGc: V8 did not optimize the reader');
  }
  gc();
  gc();
  return (status(read) & OPTIMIZED) === OPTIMIZED;
}

function optimizeOn<T>(make: () => T, read: (instance: T) => unknown): boolean {
  const { prepare, optimizeNext, status } = v8Hooks();
  const instances = Array.from({ length: 50 }, make);
  prepare(read);
  for (const instance of instances) read(instance);
  optimizeNext(read);
  read(instances[0] as T);
  return (status(read) & OPTIMIZED) === OPTIMIZED;
}
