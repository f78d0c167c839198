import { describe, expect, it } from 'vitest';
import { HarnessTimeoutError } from './errors.js';
import { done, notYet, waitUntil } from './wait-until.js';

describe('waitUntil', () => {
  it('resolves with the value once the probe is done', async () => {
    let calls = 0;
    const value = await waitUntil(async () => (++calls < 3 ? notYet('warming up') : done(calls)), {
      what: 'three calls',
      timeoutMs: 1000,
      intervalMs: 1,
    });
    expect(value).toBe(3);
  });

  it('treats a throwing probe as not done, and times out naming what and the last reason', async () => {
    const wait = waitUntil(
      async () => {
        throw new Error('connection refused');
      },
      { what: 'the server', timeoutMs: 30, intervalMs: 5 },
    );
    await expect(wait).rejects.toBeInstanceOf(HarnessTimeoutError);
    await expect(wait).rejects.toThrow(
      'Timed out after 30 ms waiting for the server: connection refused',
    );
  });
});
