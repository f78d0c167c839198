import { describe, expect, it } from 'vitest';
import { admissionRefusal, queueBoundError, timeoutFor } from './admission.js';
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

describe('admissionRefusal', () => {
  const args = ['get', 'k'];

  it('admits a command on a connection that is open or about to be', () => {
    for (const status of ['idle', 'connecting', 'ready', 'reconnecting'] as const) {
      expect(admissionRefusal(options, status, 0, 0, 'a:1', undefined, args, undefined)).toBe(
        undefined,
      );
    }
  });

  it('refuses on a closing or closed connection before looking at the signal', () => {
    const aborted = AbortSignal.abort();
    for (const status of ['closing', 'closed'] as const) {
      expect(
        admissionRefusal(options, status, 0, 0, 'a:1', undefined, args, aborted),
      ).toMatchObject({ code: 'REDWIRE_CONNECTION_CLOSED' });
    }
  });

  it('refuses an aborted signal with an AbortError naming the command', () => {
    const refused = admissionRefusal(
      options,
      'ready',
      0,
      0,
      'a:1',
      undefined,
      args,
      AbortSignal.abort(),
    );
    expect(refused).toMatchObject({ code: 'REDWIRE_ABORTED', message: 'GET was aborted' });
  });

  it('refuses at the queue bounds', () => {
    expect(
      admissionRefusal(options, 'connecting', 2, 0, 'a:1', undefined, args, undefined),
    ).toMatchObject({
      code: 'REDWIRE_OFFLINE_QUEUE_FULL',
    });
  });

  it('refuses while reconnecting without the offline queue, with the last error as cause', () => {
    const offline = resolveConnectionOptions({ offlineQueue: false });
    const last = new Error('ECONNREFUSED');
    const refused = admissionRefusal(offline, 'reconnecting', 0, 0, 'a:1', last, args, undefined);
    expect(refused).toMatchObject({ written: false, cause: last });
    expect(admissionRefusal(offline, 'connecting', 0, 0, 'a:1', last, args, undefined)).toBe(
      undefined,
    );
  });
});
