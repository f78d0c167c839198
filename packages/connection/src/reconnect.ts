/**
 * How long to wait before the next attempt to reopen a dropped connection: exponential backoff
 * with full jitter, or the user's own function made safe to call.
 */
import { checkOptionKeys, optionKeys } from '@redwire/protocol';
import { type ConnectionError, gaveUpError } from './errors.js';

/**
 * Decides the wait before reconnect attempt `attempt` (1 for the first retry), given the error
 * that ended the previous connection or attempt: milliseconds to wait, or `false` to stop and
 * close the connection for good.
 */
export type ReconnectStrategy = (attempt: number, error: Error) => number | false;

/** Settings of the built-in backoff (see {@link createReconnectStrategy}). */
export interface ReconnectOptions {
  /**
   * Base delay in ms: the first retry waits up to this long, each later one up to twice as long
   * as the one before. `0` retries at once, every time.
   * @defaultValue `50`
   */
  minDelay?: number | undefined;
  /**
   * The longest wait in ms between two attempts.
   * @defaultValue `2_000`
   */
  maxDelay?: number | undefined;
  /**
   * Attempts after which the connection gives up and closes for good.
   * @defaultValue `Infinity`
   */
  maxAttempts?: number | undefined;
}

/** Every key of {@link ReconnectOptions}. */
export const RECONNECT_OPTION_KEYS = optionKeys<ReconnectOptions>({
  minDelay: true,
  maxDelay: true,
  maxAttempts: true,
});

/**
 * A strategy as the connection calls it: it never throws and returns `false` or a whole number
 * of ms no larger than `MAX_TIMER_DELAY`. When it turns a user function's unusable answer
 * into `false`, it passes the reason to `onInvalid`, so the caller can keep it as the `cause`
 * of the error that closes the connection.
 */
export type CheckedReconnectStrategy = (
  attempt: number,
  error: Error,
  onInvalid?: (reason: Error) => void,
) => number | false;

/** {@link ReconnectOptions} with every field resolved, as in `CONNECTION_DEFAULTS.reconnect`. */
export interface BackoffSettings {
  readonly minDelay: number;
  readonly maxDelay: number;
  readonly maxAttempts: number;
}

/** The built-in backoff's settings when none are given. */
export const DEFAULT_RECONNECT: BackoffSettings = Object.freeze({
  minDelay: 50,
  maxDelay: 2_000,
  maxAttempts: Number.POSITIVE_INFINITY,
});

/**
 * The longest delay Node's timers honour (2^31 - 1 ms, about 24.8 days); a longer one fires
 * after 1 ms instead, so every delay and timeout redwire arms must stay at or below it.
 */
export const MAX_TIMER_DELAY = 2_147_483_647;

/**
 * Turns the `reconnect` option into the strategy a connection calls.
 *
 * - `false`: never reconnect (returns `false`).
 * - `undefined` or a {@link ReconnectOptions} object: exponential backoff with full jitter.
 *   Attempt `n` waits a whole number of ms drawn uniformly from
 *   `[0, min(maxDelay, minDelay * 2^(n-1))]`, raised to at least `minDelay / 2`, and the
 *   strategy answers `false` once `n > maxAttempts`.
 * - a function: called as is, but a throw, or an answer that is not a finite number `>= 0` or
 *   `false`, becomes `false`, and the reason (an `Error` whose `cause` is what was thrown or
 *   answered) is passed to `onInvalid`. Answers above `MAX_TIMER_DELAY` are lowered to it.
 *
 * @param option - the `reconnect` option
 * @param random - source of uniform numbers in `[0, 1)`; injected by tests
 * @returns the strategy, or `false` when reconnecting is disabled
 * @throws TypeError when `option` or one of its fields has the wrong type
 * @throws RangeError when `minDelay` or `maxDelay` is negative, non-finite or above
 *   `MAX_TIMER_DELAY`, `maxDelay < minDelay`, or `maxAttempts` is not a whole number
 *   `>= 0` (or `Infinity`)
 *
 * @example
 * ```ts
 * const strategy = createReconnectStrategy({ minDelay: 100, maxDelay: 5_000, maxAttempts: 20 });
 * if (strategy !== false) strategy(1, new Error('ECONNREFUSED')); // 50..100
 * ```
 */
export function createReconnectStrategy(
  option: false | ReconnectOptions | ReconnectStrategy | undefined,
  random: () => number = Math.random,
): CheckedReconnectStrategy | false {
  if (option === false) return false;
  if (typeof option === 'function') return checkUserStrategy(option);
  if (option !== undefined && (typeof option !== 'object' || option === null)) {
    throw new TypeError(
      `reconnect must be false, an options object or a function, got ${typeof option}`,
    );
  }
  if (option !== undefined) {
    checkOptionKeys(option, RECONNECT_OPTION_KEYS, 'createReconnectStrategy()', 'reconnect.');
  }
  return backoff(resolveBackoff(option ?? {}), random);
}

/**
 * Asks `strategy` for the wait before reconnect attempt `attempt`, after `error` ended the last
 * socket: milliseconds, or the error to close the connection with when the strategy says stop
 * (or there is none), its unusable answer as the cause when that was why.
 */
export function nextReconnectDelay(
  strategy: CheckedReconnectStrategy | false,
  attempt: number,
  error: Error,
  address: string,
): number | ConnectionError {
  let invalid: Error | undefined;
  const delay =
    strategy === false
      ? false
      : strategy(attempt, error, (reason) => {
          invalid = reason;
        });
  if (delay !== false) return delay;
  return gaveUpError(address, attempt - 1, invalid, error);
}

function backoff(
  { minDelay, maxDelay, maxAttempts }: BackoffSettings,
  random: () => number,
): CheckedReconnectStrategy {
  // Half the base delay is the floor: full jitter alone may draw 0 ms again and again, and
  // a server that refuses connections at once would then be retried in a hot loop.
  const floor = Math.ceil(minDelay / 2);
  return (attempt) => {
    if (attempt > maxAttempts) return false;
    // The exponent is bounded so that 2 ** n stays finite (0 * Infinity would be NaN).
    const growth = 2 ** Math.min(Math.max(attempt - 1, 0), 1_000);
    const cap = Math.floor(Math.min(maxDelay, minDelay * growth));
    // `random()` is below 1, but the clamp keeps a generator that returns 1 within the cap.
    const drawn = Math.min(cap, Math.floor(random() * (cap + 1)));
    return Math.max(floor, drawn);
  };
}

function resolveBackoff(option: ReconnectOptions): BackoffSettings {
  const minDelay = option.minDelay ?? DEFAULT_RECONNECT.minDelay;
  const maxDelay = option.maxDelay ?? DEFAULT_RECONNECT.maxDelay;
  const maxAttempts = option.maxAttempts ?? DEFAULT_RECONNECT.maxAttempts;
  checkDelay('reconnect.minDelay', minDelay);
  checkDelay('reconnect.maxDelay', maxDelay);
  if (maxDelay < minDelay) {
    throw new RangeError(
      `reconnect.maxDelay (${maxDelay}) must not be below reconnect.minDelay (${minDelay})`,
    );
  }
  if (typeof maxAttempts !== 'number') {
    throw new TypeError(`reconnect.maxAttempts must be a number, got ${typeof maxAttempts}`);
  }
  if (
    maxAttempts !== Number.POSITIVE_INFINITY &&
    !(Number.isInteger(maxAttempts) && maxAttempts >= 0)
  ) {
    throw new RangeError(
      `reconnect.maxAttempts must be a whole number >= 0 or Infinity, got ${maxAttempts}`,
    );
  }
  return { minDelay, maxDelay, maxAttempts };
}

function checkDelay(name: string, value: unknown): asserts value is number {
  if (typeof value !== 'number')
    throw new TypeError(`${name} must be a number, got ${typeof value}`);
  if (!(value >= 0 && value <= MAX_TIMER_DELAY)) {
    throw new RangeError(`${name} must be from 0 to ${MAX_TIMER_DELAY} ms, got ${value}`);
  }
}

function checkUserStrategy(strategy: ReconnectStrategy): CheckedReconnectStrategy {
  return (attempt, error, onInvalid) => {
    let answer: unknown;
    try {
      answer = strategy(attempt, error);
    } catch (thrown) {
      onInvalid?.(new Error('the reconnect strategy threw', { cause: thrown }));
      return false;
    }
    if (answer === false) return false;
    if (typeof answer !== 'number' || !(answer >= 0) || answer === Number.POSITIVE_INFINITY) {
      onInvalid?.(
        new TypeError(
          `the reconnect strategy must return a finite number >= 0 or false, got ${describe(answer)}`,
          { cause: answer },
        ),
      );
      return false;
    }
    return Math.min(Math.ceil(answer), MAX_TIMER_DELAY);
  };
}

function describe(value: unknown): string {
  return typeof value === 'number' ? String(value) : typeof value;
}
