import { setTimeout as sleep } from 'node:timers/promises';
import { HarnessTimeoutError } from './errors.js';

/** One look at the awaited condition: done with a value, or not yet with the reason why. */
export type Probe<T> =
  | { readonly done: true; readonly value: T }
  | { readonly done: false; readonly reason: string };

/** Options of {@link waitUntil}. */
export interface WaitUntilOptions {
  /** What is awaited, for the timeout message ("cluster consistency"). */
  readonly what: string;
  readonly timeoutMs: number;
  readonly intervalMs: number;
}

/**
 * Calls `probe` until it reports done, pausing `intervalMs` between calls.
 *
 * A probe that throws counts as "not yet", with the error as the reason: servers refuse
 * connections while they restart, and that is a state to wait through, not a failure.
 *
 * @throws HarnessTimeoutError naming `what` and the last reason once `timeoutMs` has passed.
 */
export async function waitUntil<T>(
  probe: () => Promise<Probe<T>>,
  options: WaitUntilOptions,
): Promise<T> {
  const deadline = Date.now() + options.timeoutMs;
  let reason = 'not checked yet';
  for (;;) {
    try {
      const result = await probe();
      if (result.done) return result.value;
      reason = result.reason;
    } catch (error) {
      reason = error instanceof Error ? error.message : String(error);
    }
    if (Date.now() + options.intervalMs > deadline) {
      throw new HarnessTimeoutError(
        `Timed out after ${options.timeoutMs} ms waiting for ${options.what}: ${reason}`,
      );
    }
    await sleep(options.intervalMs);
  }
}

/** A probe result meaning "done". */
export function done<T>(value: T): Probe<T> {
  return { done: true, value };
}

/** A probe result meaning "not yet", with the reason shown if the wait times out. */
export function notYet(reason: string): Probe<never> {
  return { done: false, reason };
}
