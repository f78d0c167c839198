import { describe, expect, it, vi } from 'vitest';
import {
  type CheckedReconnectStrategy,
  createReconnectStrategy,
  DEFAULT_RECONNECT,
  MAX_TIMER_DELAY,
} from './reconnect.js';

const failure = new Error('ECONNREFUSED');

function backoff(
  option: Parameters<typeof createReconnectStrategy>[0],
  random: () => number,
): CheckedReconnectStrategy {
  const strategy = createReconnectStrategy(option, random);
  if (strategy === false) throw new Error('expected a strategy');
  return strategy;
}

describe('createReconnectStrategy: backoff with full jitter', () => {
  it('never waits less than half the base delay, even when the draw is 0', () => {
    const strategy = backoff({ minDelay: 100, maxDelay: 10_000 }, () => 0);
    expect([1, 2, 3, 10].map((n) => strategy(n, failure))).toEqual([50, 50, 50, 50]);
  });

  it('doubles the cap with each attempt up to maxDelay when the draw is at the top', () => {
    const strategy = backoff({ minDelay: 100, maxDelay: 1_000 }, () => 1);
    expect([1, 2, 3, 4, 5, 50].map((n) => strategy(n, failure))).toEqual([
      100, 200, 400, 800, 1_000, 1_000,
    ]);
  });

  it('draws uniformly within the cap', () => {
    const strategy = backoff({ minDelay: 100, maxDelay: 1_000 }, () => 0.5);
    // cap 400 for attempt 3: floor(0.5 * 401) = 200; cap 1000 later: floor(0.5 * 1001) = 500.
    expect(strategy(3, failure)).toBe(200);
    expect(strategy(20, failure)).toBe(500);
    expect(strategy(1, failure)).toBe(50);
  });

  it('returns whole numbers within [minDelay / 2, cap] for any draw', () => {
    const strategy = backoff({ minDelay: 7, maxDelay: 300 }, Math.random);
    for (let attempt = 1; attempt < 200; attempt++) {
      const delay = strategy(attempt, failure);
      const cap = Math.min(300, 7 * 2 ** (attempt - 1));
      expect(Number.isInteger(delay)).toBe(true);
      expect(delay).toBeGreaterThanOrEqual(4);
      expect(delay).toBeLessThanOrEqual(cap);
    }
  });

  it('stops once attempt exceeds maxAttempts', () => {
    const strategy = backoff({ maxAttempts: 3 }, () => 0.5);
    expect(strategy(3, failure)).not.toBe(false);
    expect(strategy(4, failure)).toBe(false);
    expect(backoff({ maxAttempts: 0 }, () => 0.5)(1, failure)).toBe(false);
  });

  it('applies the defaults 50 / 2000 / Infinity when no settings are given', () => {
    expect(DEFAULT_RECONNECT).toEqual({ minDelay: 50, maxDelay: 2_000, maxAttempts: Infinity });
    const top = backoff(undefined, () => 1);
    expect(top(1, failure)).toBe(50);
    expect(top(1_000_000, failure)).toBe(2_000);
    expect(backoff({}, () => 0)(1, failure)).toBe(25);
  });

  it('retries at once, without NaN, when minDelay is 0', () => {
    const strategy = backoff({ minDelay: 0, maxDelay: 1_000 }, () => 1);
    expect(strategy(1, failure)).toBe(0);
    expect(strategy(5_000, failure)).toBe(0);
  });

  it('is disabled by false', () => {
    expect(createReconnectStrategy(false)).toBe(false);
  });

  it.each([
    [{ minDelay: -1 }, RangeError, 'reconnect.minDelay'],
    [{ minDelay: Number.NaN }, RangeError, 'reconnect.minDelay'],
    [{ maxDelay: Number.POSITIVE_INFINITY }, RangeError, 'reconnect.maxDelay'],
    [{ maxDelay: MAX_TIMER_DELAY + 1 }, RangeError, 'reconnect.maxDelay'],
    [{ minDelay: 500, maxDelay: 100 }, RangeError, 'reconnect.maxDelay'],
    [{ maxAttempts: 1.5 }, RangeError, 'reconnect.maxAttempts'],
    [{ maxAttempts: -1 }, RangeError, 'reconnect.maxAttempts'],
    [{ minDelay: '50' }, TypeError, 'reconnect.minDelay'],
    [{ maxAttempts: '3' }, TypeError, 'reconnect.maxAttempts'],
  ])('rejects the settings %o with a %o naming the field', (option, kind, field) => {
    expect(() => createReconnectStrategy(option as never)).toThrow(kind);
    expect(() => createReconnectStrategy(option as never)).toThrow(field);
  });

  it('rejects a reconnect option that is neither false, settings nor a function', () => {
    expect(() => createReconnectStrategy(true as never)).toThrow(TypeError);
    expect(() => createReconnectStrategy(null as never)).toThrow('reconnect must be false');
  });
});

describe('createReconnectStrategy: a user function', () => {
  it('passes the attempt and error through and returns its delay', () => {
    const user = vi.fn((attempt: number) => attempt * 10);
    const strategy = backoff(user, Math.random);
    expect(strategy(3, failure)).toBe(30);
    expect(user).toHaveBeenCalledWith(3, failure);
  });

  it('passes false through without calling onInvalid', () => {
    const onInvalid = vi.fn();
    expect(backoff(() => false, Math.random)(1, failure, onInvalid)).toBe(false);
    expect(onInvalid).not.toHaveBeenCalled();
  });

  it('turns a throw into false and hands the thrown value to onInvalid as the cause', () => {
    const thrown = new Error('strategy bug');
    const onInvalid = vi.fn();
    const strategy = backoff(() => {
      throw thrown;
    }, Math.random);
    expect(strategy(1, failure, onInvalid)).toBe(false);
    expect(onInvalid).toHaveBeenCalledOnce();
    expect((onInvalid.mock.calls[0]?.[0] as Error | undefined)?.cause).toBe(thrown);
    expect(strategy(1, failure)).toBe(false);
  });

  it.each([[-1], [Number.NaN], [Number.POSITIVE_INFINITY], ['100'], [null], [true]])(
    'turns the answer %o into false with a TypeError for onInvalid',
    (answer) => {
      const onInvalid = vi.fn();
      const strategy = backoff(() => answer as never, Math.random);
      expect(strategy(1, failure, onInvalid)).toBe(false);
      const reason = onInvalid.mock.calls[0]?.[0] as Error;
      expect(reason).toBeInstanceOf(TypeError);
      expect(reason.cause).toBe(answer);
    },
  );

  it('rounds fractional delays up and lowers huge ones to the timer limit', () => {
    expect(backoff(() => 12.2, Math.random)(1, failure)).toBe(13);
    expect(backoff(() => 1e12, Math.random)(1, failure)).toBe(MAX_TIMER_DELAY);
    expect(backoff(() => 0, Math.random)(1, failure)).toBe(0);
  });
});
