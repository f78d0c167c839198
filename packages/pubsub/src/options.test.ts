import { describe, expect, it } from 'vitest';
import { resolveStreamOptions, SUBSCRIBER_DEFAULTS } from './options.js';

describe('resolveStreamOptions', () => {
  it('fills in the defaults, and a stream inherits its subscriber settings', () => {
    expect(resolveStreamOptions(undefined)).toEqual({ maxBuffered: 10_000, overflow: 'error' });
    expect(SUBSCRIBER_DEFAULTS.returnBuffers).toBe(false);
    const parent = resolveStreamOptions({ maxBuffered: 5, overflow: 'dropOldest' });
    expect(resolveStreamOptions({ maxBuffered: 2 }, parent)).toEqual({
      maxBuffered: 2,
      overflow: 'dropOldest',
    });
  });

  it('refuses a bound that is not a whole number >= 1, and unknown policies', () => {
    expect(() => resolveStreamOptions({ maxBuffered: 0 })).toThrow(RangeError);
    expect(() => resolveStreamOptions({ maxBuffered: 1.5 })).toThrow(/whole number/);
    expect(() => resolveStreamOptions({ overflow: 'block' as 'error' })).toThrow(
      "overflow must be 'dropOldest' or 'error', got block",
    );
  });
});
