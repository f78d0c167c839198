import { describe, expect, it } from 'vitest';
import { errorName, OpTracker } from './op-tracker.js';

class CodedError extends Error {
  override name = 'CodedError';
  readonly code = 'REDWIRE_TEST';
}

describe('OpTracker', () => {
  it('names the oldest operation still in flight, and forgets each once it settles', async () => {
    const tracker = new OpTracker();
    let release!: () => void;
    const stuck = tracker.track('worker 1 get', () => new Promise<void>((r) => (release = r)));
    await tracker.track('worker 2 set', async () => 'OK');
    expect(tracker.inFlight).toBe(1);
    expect(tracker.oldest()?.label).toBe('worker 1 get');
    release();
    await stuck;
    expect(tracker.inFlight).toBe(0);
    expect(tracker.oldest()).toBeUndefined();
    expect(tracker.settled).toBe(2);
  });

  it('passes failures through, counts them by class and code, and keeps only as many as told', async () => {
    const tracker = new OpTracker(1);
    for (const label of ['a', 'b']) {
      await expect(
        tracker.track(label, () => Promise.reject(new CodedError('boom'))),
      ).rejects.toThrow('boom');
    }
    expect(tracker.failed).toBe(2);
    expect(tracker.errorCounts().get('CodedError REDWIRE_TEST')).toBe(2);
    expect(tracker.failures()).toHaveLength(1);
    expect(tracker.failures()[0]?.error).toBe('CodedError REDWIRE_TEST: boom');
  });

  it('names errors without a code by class, and anything else by type', () => {
    expect(errorName(new TypeError('x'))).toBe('TypeError');
    expect(errorName('text')).toBe('non-Error string');
    expect(errorName(Object.assign(new CodedError('x'), { written: true }))).toBe(
      'CodedError REDWIRE_TEST written',
    );
  });
});
