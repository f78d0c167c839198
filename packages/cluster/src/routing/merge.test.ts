import { ReplyError, type RespValue } from '@redwire/protocol';
import { describe, expect, it } from 'vitest';
import { allSucceeded, concatenate, mergeFor, oneSucceeded } from './merge.js';
import type { Outcome } from './types.js';

const ok = (value: RespValue): Outcome => ({ ok: true, value });
const failed = (message: string): Outcome => ({ ok: false, error: new ReplyError(message) });

describe('all_succeeded', () => {
  it('returns one reply when every node succeeded', () => {
    expect(allSucceeded([ok('OK'), ok('OK'), ok('OK')])).toBe('OK');
    expect(mergeFor('all_succeeded', 'FLUSHALL')([ok('OK')])).toBe('OK');
  });

  it('throws the first error in plan order', () => {
    const merge = mergeFor('all_succeeded', 'FLUSHALL');
    expect(() => merge([ok('OK'), failed('READONLY a'), failed('ERR b')])).toThrow('READONLY a');
  });
});

describe('one_succeeded', () => {
  it('returns the first success, wherever it is', () => {
    expect(oneSucceeded([failed('NOTBUSY x'), ok('OK'), failed('NOTBUSY y')])).toBe('OK');
  });

  it('throws the first error when every node failed', () => {
    const merge = mergeFor('one_succeeded', 'SCRIPT KILL');
    expect(() => merge([failed('NOTBUSY first'), failed('NOTBUSY second')])).toThrow(
      'NOTBUSY first',
    );
  });
});

describe('agg_sum, agg_min, agg_max', () => {
  it('aggregates integer replies', () => {
    const replies = [ok(3), ok(10), ok(0)];
    expect(mergeFor('agg_sum', 'DBSIZE')(replies)).toBe(13);
    expect(mergeFor('agg_min', 'WAIT')(replies)).toBe(0);
    expect(mergeFor('agg_max', 'X')(replies)).toBe(10);
  });

  it('keeps an exact sum past 2^53 as a bigint', () => {
    const sum = mergeFor('agg_sum', 'X')([ok(Number.MAX_SAFE_INTEGER), ok(2), ok(3n)]);
    expect(sum).toBe(BigInt(Number.MAX_SAFE_INTEGER) + 5n);
  });

  it('throws the first error rather than summing part of the shards', () => {
    expect(() => mergeFor('agg_sum', 'DBSIZE')([ok(1), failed('LOADING x')])).toThrow('LOADING x');
  });

  it('refuses a reply that is not an integer, naming the command', () => {
    expect(() => mergeFor('agg_sum', 'DBSIZE')([ok(1), ok('2')])).toThrow(
      new TypeError('DBSIZE: agg_sum needs integer replies, got string'),
    );
  });

  it('gives 0 for a sum of nothing', () => {
    expect(mergeFor('agg_sum', 'DBSIZE')([])).toBe(0);
  });
});

describe('agg_logical_and, agg_logical_or', () => {
  it('combines integer replies', () => {
    expect(mergeFor('agg_logical_and', 'X')([ok(1), ok(1)])).toBe(1);
    expect(mergeFor('agg_logical_and', 'X')([ok(1), ok(0)])).toBe(0);
    expect(mergeFor('agg_logical_or', 'X')([ok(0), ok(1)])).toBe(1);
    expect(mergeFor('agg_logical_or', 'X')([ok(0), ok(0)])).toBe(0);
  });

  it('combines arrays element by element (SCRIPT EXISTS)', () => {
    const merge = mergeFor('agg_logical_and', 'SCRIPT EXISTS');
    expect(merge([ok([1, 1, 0]), ok([1, 0, 0]), ok([1, 1, 1])])).toEqual([1, 0, 0]);
    expect(mergeFor('agg_logical_or', 'X')([ok([1, 0, 0]), ok([0, 0, 1])])).toEqual([1, 0, 1]);
  });

  it('keeps booleans booleans (RESP3)', () => {
    expect(mergeFor('agg_logical_and', 'X')([ok(true), ok(false)])).toBe(false);
    expect(mergeFor('agg_logical_or', 'X')([ok([true, false]), ok([false, false])])).toEqual([
      true,
      false,
    ]);
  });

  it('refuses arrays of different lengths', () => {
    expect(() => mergeFor('agg_logical_and', 'SCRIPT EXISTS')([ok([1, 1]), ok([1])])).toThrow(
      TypeError,
    );
  });
});

describe('no response policy (keyless fan-out)', () => {
  it('concatenates arrays in node order (KEYS, SLOWLOG GET)', () => {
    expect(concatenate([ok(['a', 'b']), ok([]), ok(['c'])])).toEqual(['a', 'b', 'c']);
    expect(mergeFor(undefined, 'KEYS')([ok([['x']]), ok([['y']])])).toEqual([['x'], ['y']]);
  });

  it('merges RESP3 maps and unites sets', () => {
    const merged = concatenate([ok(new Map([['a', 1]])), ok(new Map([['b', 2]]))]);
    expect(merged).toEqual(
      new Map<RespValue, RespValue>([
        ['a', 1],
        ['b', 2],
      ]),
    );
    expect(concatenate([ok(new Set(['a'])), ok(new Set(['b', 'a']))])).toEqual(new Set(['a', 'b']));
  });

  it('takes the first reply of any other kind, and throws the first error', () => {
    expect(concatenate([ok('x'), ok('y')])).toBe('x');
    expect(concatenate([])).toEqual([]);
    expect(() => concatenate([ok([]), failed('ERR z')])).toThrow('ERR z');
  });
});
