import { describe, expect, it } from 'vitest';
import { queueBoundError, timeoutFor } from './admission.js';
import { resolveConnectionOptions } from './options.js';

const options = resolveConnectionOptions({
  commandTimeout: 5_000,
  blockingTimeoutMargin: 1_000,
  maxOfflineCommands: 2,
  maxPendingCommands: 3,
});

describe('timeoutFor', () => {
  it('takes the timeout a command was sent with, even 0 (none)', () => {
    expect(timeoutFor(options, { timeout: 30 })).toBe(30);
    expect(timeoutFor(options, { timeout: 0, blockingMs: 100 })).toBe(0);
  });

  it('gives a blocking command its block time plus the margin, and none when it blocks forever', () => {
    expect(timeoutFor(options, { blockingMs: 2_000 })).toBe(3_000);
    expect(timeoutFor(options, { blockingMs: 0 })).toBe(0);
  });

  it('falls back to commandTimeout', () => {
    expect(timeoutFor(options, undefined)).toBe(5_000);
    expect(timeoutFor(options, {})).toBe(5_000);
  });
});

describe('queueBoundError', () => {
  it('bounds the offline queue only while not ready', () => {
    expect(queueBoundError(options, false, 1, 0, 'a:1')).toBeUndefined();
    expect(queueBoundError(options, false, 2, 0, 'a:1')).toMatchObject({
      code: 'REDWIRE_OFFLINE_QUEUE_FULL',
    });
    expect(queueBoundError(options, true, 2, 0, 'a:1')).toBeUndefined();
  });

  it('bounds queued and written together at maxPendingCommands', () => {
    expect(queueBoundError(options, true, 1, 2, 'a:1')?.message).toMatch(/maxPendingCommands/);
    expect(queueBoundError(options, true, 0, 2, 'a:1')).toBeUndefined();
  });
});
