/**
 * Polls `probe` on every turn of the event loop (no timer between looks, so a bound of a few
 * tens of milliseconds means what it says) until it is true; resolves with the milliseconds that
 * took.
 * @throws Error when `ms` pass first
 */
import { performance } from 'node:perf_hooks';
export async function within(ms: number, probe: () => Promise<boolean> | boolean): Promise<number> {
  const start = performance.now();
  for (;;) {
    if (await probe()) return performance.now() - start;
    if (performance.now() - start > ms) throw new Error(`not within ${ms} ms`);
    await new Promise((resolve) => setImmediate(resolve));
  }
}
