import { describe, expect, it } from 'vitest';
import {
  checkArray,
  checkChoice,
  checkDouble,
  checkExclusive,
  checkFlag,
  checkInteger,
  checkKey,
  checkObject,
  checkPairs,
  checkRawArguments,
  checkScore,
  checkUnixTime,
  checkValue,
  describeValue,
  elementLabel,
} from './arguments.js';

const where = 'argument "x"';

describe('argument checks', () => {
  it('accept strings and Buffers as keys, nothing else', () => {
    const buffer = Buffer.from('k');
    expect(checkKey('m', where, 'k')).toBe('k');
    expect(checkKey('m', where, buffer)).toBe(buffer);
    expect(() => checkKey('m', where, 1)).toThrow(
      'm(): argument "x" must be a string or Buffer, got the number 1',
    );
    expect(() => checkKey('m', where, undefined)).toThrow(TypeError);
  });

  it('accept finite numbers as values, but not NaN, Infinity, null or objects', () => {
    expect(checkValue('m', where, 1.5)).toBe(1.5);
    expect(checkValue('m', where, '')).toBe('');
    for (const bad of [Number.NaN, Infinity, null, {}, [], true]) {
      expect(() => checkValue('m', where, bad)).toThrow(TypeError);
    }
  });

  it('tell integers from other numbers', () => {
    expect(checkInteger('m', where, -3)).toBe(-3);
    expect(() => checkInteger('m', where, 1.2)).toThrow('must be an integer, got the number 1.2');
    expect(() => checkInteger('m', where, '1')).toThrow("got '1'");
    expect(() => checkDouble('m', where, Infinity)).toThrow('must be a finite number');
  });

  it('spell infinite score bounds as Redis does and accept exclusive bounds', () => {
    expect(checkScore('m', where, Infinity)).toBe('+inf');
    expect(checkScore('m', where, -Infinity)).toBe('-inf');
    expect(checkScore('m', where, '(1.5')).toBe('(1.5');
    expect(checkScore('m', where, '-inf')).toBe('-inf');
    expect(checkScore('m', where, 2)).toBe(2);
    expect(() => checkScore('m', where, 'abc')).toThrow(TypeError);
    expect(() => checkScore('m', where, Number.NaN)).toThrow(TypeError);
  });

  it('convert a Date to seconds (rounded down) or milliseconds', () => {
    const date = new Date(1_700_000_000_999);
    expect(checkUnixTime('m', where, date, 'seconds')).toBe(1_700_000_000);
    expect(checkUnixTime('m', where, date, 'milliseconds')).toBe(1_700_000_000_999);
    expect(checkUnixTime('m', where, 42, 'seconds')).toBe(42);
    expect(() => checkUnixTime('m', where, new Date(Number.NaN), 'seconds')).toThrow(
      'a valid Date',
    );
    expect(() => checkUnixTime('m', where, '2020', 'seconds')).toThrow(TypeError);
  });

  it('take booleans as flags and one of a set of tokens, any case', () => {
    expect(checkFlag('m', where, false)).toBe(false);
    expect(() => checkFlag('m', where, 1)).toThrow('must be a boolean');
    expect(checkChoice('m', where, 'left', ['LEFT', 'RIGHT'])).toBe('LEFT');
    expect(() => checkChoice('m', where, 'up', ['LEFT', 'RIGHT'])).toThrow(
      "must be one of 'LEFT', 'RIGHT', got 'up'",
    );
  });

  it('require non-empty arrays only where asked', () => {
    expect(checkArray('m', where, [], false)).toEqual([]);
    expect(() => checkArray('m', where, [], true)).toThrow('must be at least one value, got none');
    expect(() => checkArray('m', where, 'a', false)).toThrow('must be an array');
    expect(() => checkObject('m', where, [])).toThrow('must be an object');
    expect(() => checkObject('m', where, null)).toThrow('got null');
  });

  it('read pairs from an object, a Map or tuples', () => {
    expect(checkPairs('m', where, { a: 1 }, true)).toEqual([['a', 1]]);
    expect(checkPairs('m', where, new Map([['a', 1]]), true)).toEqual([['a', 1]]);
    expect(checkPairs('m', where, [['a', 1]], true)).toEqual([['a', 1]]);
    expect(() => checkPairs('m', where, [['a']], true)).toThrow(
      'argument "x[0]" must be a [name, value] pair',
    );
    expect(() => checkPairs('m', where, {}, true)).toThrow('must be at least one pair');
    expect(() => checkPairs('m', where, 'a', true)).toThrow(TypeError);
  });

  it('allow at most one of exclusive options, exactly one when required', () => {
    expect(checkExclusive('m', { a: 1, b: false }, ['a', 'b'], false)).toBe('a');
    expect(checkExclusive('m', {}, ['a', 'b'], false)).toBeUndefined();
    expect(() => checkExclusive('m', { a: 1, b: true }, ['a', 'b'], false)).toThrow(
      'm(): options "a" and "b" cannot be used together',
    );
    expect(() => checkExclusive('m', {}, ['a', 'b'], true)).toThrow(
      'm(): options need one of "a", "b"',
    );
  });

  it('pass raw arguments RESP can carry and name the bad one by position', () => {
    expect(checkRawArguments('m', ['a', 1, 2n, Buffer.from('b')])).toHaveLength(4);
    expect(() => checkRawArguments('m', ['a', {}])).toThrow('m(): argument 2 must be');
  });

  it('describe values briefly in messages', () => {
    expect(describeValue('x'.repeat(30))).toBe('a string');
    expect(describeValue([1, 2])).toBe('an array of 2');
    expect(describeValue(new Date(0))).toBe('a Date');
    expect(elementLabel('argument "keys"', 2)).toBe('argument "keys[2]"');
  });
});
