import { describe, expect, it } from 'vitest';
import { parseIds } from './parse-ids.js';

describe('parseIds', () => {
  it('keeps the first occurrence of each id, in order', () => {
    expect(parseIds('3,1,3,2,1', 10)).toEqual({ ok: true, ids: [3, 1, 2] });
  });

  it('counts distinct ids against the bound', () => {
    expect(parseIds('1,1,1,1', 1)).toEqual({ ok: true, ids: [1] });
    expect(parseIds('1,2,3', 2)).toEqual({
      ok: false,
      message: 'at most 2 distinct ids per request, not 3',
    });
  });

  it('refuses 0 and ids beyond PostgreSQL integer', () => {
    expect(parseIds('0', 5).ok).toBe(false);
    expect(parseIds('2147483648', 5).ok).toBe(false);
    expect(parseIds('2147483647', 5).ok).toBe(true);
  });
});
