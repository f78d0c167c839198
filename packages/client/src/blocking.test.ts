import { describe, expect, it } from 'vitest';
import { blockingTimeMs } from './blocking.js';

describe('blockingTimeMs', () => {
  it('is undefined for commands that do not block', () => {
    expect(blockingTimeMs(['GET', 'k'])).toBeUndefined();
    expect(blockingTimeMs(['LPOP', 'k'])).toBeUndefined();
    expect(blockingTimeMs(['XREAD', 'COUNT', '1', 'STREAMS', 's', '0'])).toBeUndefined();
    expect(blockingTimeMs([])).toBeUndefined();
    expect(blockingTimeMs([1, 2])).toBeUndefined();
  });

  it('reads seconds from the last argument of the B* list and sorted-set commands', () => {
    expect(blockingTimeMs(['BLPOP', 'a', 'b', '1'])).toBe(1_000);
    expect(blockingTimeMs(['BRPOP', 'a', 0.5])).toBe(500);
    expect(blockingTimeMs(['BRPOPLPUSH', 'src', 'dst', '2'])).toBe(2_000);
    expect(blockingTimeMs(['BLMOVE', 'src', 'dst', 'LEFT', 'RIGHT', '0.25'])).toBe(250);
    expect(blockingTimeMs(['BZPOPMIN', 'z', '3'])).toBe(3_000);
    expect(blockingTimeMs(['BZPOPMAX', 'z', 1n])).toBe(1_000);
  });

  it('reads seconds from the first argument after the name for BLMPOP and BZMPOP', () => {
    expect(blockingTimeMs(['BLMPOP', '1.5', '2', 'a', 'b', 'LEFT', 'COUNT', '10'])).toBe(1_500);
    expect(blockingTimeMs(['BZMPOP', '0', '1', 'z', 'MIN'])).toBe(0);
  });

  it('is 0 ("forever") for a zero timeout', () => {
    expect(blockingTimeMs(['BLPOP', 'k', '0'])).toBe(0);
    expect(blockingTimeMs(['WAIT', '1', '0'])).toBe(0);
  });

  it('rounds seconds up to whole ms, so a tiny timeout never reads as forever', () => {
    expect(blockingTimeMs(['BLPOP', 'k', '0.0001'])).toBe(1);
    expect(blockingTimeMs(['BLPOP', 'k', '0.3'])).toBe(300);
    expect(blockingTimeMs(['BLPOP', 'k', '0.1'])).toBe(100);
  });

  it('reads the ms after BLOCK for XREAD and XREADGROUP, and nothing without BLOCK', () => {
    expect(blockingTimeMs(['XREAD', 'COUNT', '5', 'BLOCK', '250', 'STREAMS', 's', '$'])).toBe(250);
    expect(blockingTimeMs(['xread', 'block', 0, 'streams', 's', '$'])).toBe(0);
    expect(
      blockingTimeMs([
        'XREADGROUP',
        'GROUP',
        'g',
        'c',
        'BLOCK',
        '100',
        'NOACK',
        'STREAMS',
        's',
        '>',
      ]),
    ).toBe(100);
    expect(blockingTimeMs(['XREADGROUP', 'GROUP', 'g', 'c', 'STREAMS', 's', '>'])).toBeUndefined();
  });

  it('is not fooled by a key, group or consumer spelled BLOCK', () => {
    expect(blockingTimeMs(['XREAD', 'STREAMS', 'BLOCK', '0'])).toBeUndefined();
    expect(
      blockingTimeMs(['XREADGROUP', 'GROUP', 'BLOCK', 'BLOCK', 'STREAMS', 'BLOCK', '>']),
    ).toBeUndefined();
  });

  it('reads ms from the last argument of WAIT and WAITAOF', () => {
    expect(blockingTimeMs(['WAIT', '1', '1500'])).toBe(1_500);
    expect(blockingTimeMs(['WAITAOF', '1', '0', 200])).toBe(200);
  });

  it('matches the name case-insensitively, as a string or a Buffer', () => {
    expect(blockingTimeMs(['blpop', 'k', '1'])).toBe(1_000);
    expect(blockingTimeMs(['BlMpOp', '2', '1', 'k', 'LEFT'])).toBe(2_000);
    expect(blockingTimeMs([Buffer.from('brpop'), 'k', Buffer.from('0.5')])).toBe(500);
  });

  it('counts an unreadable timeout as forever, and too few arguments as not blocking', () => {
    expect(blockingTimeMs(['BLPOP', 'k', 'soon'])).toBe(0);
    expect(blockingTimeMs(['BLPOP', 'k', '-1'])).toBe(0);
    expect(blockingTimeMs(['XREAD', 'BLOCK'])).toBe(0);
    expect(blockingTimeMs(['BLPOP', 'k'])).toBeUndefined();
    expect(blockingTimeMs(['WAIT', '1'])).toBeUndefined();
  });
});
