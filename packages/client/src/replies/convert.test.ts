import { VerbatimString } from '@redwire/protocol';
import { describe, expect, it } from 'vitest';
import { boolean, list, nullableText, number, pairs, record, text, token } from './convert.js';

describe('reply conversions', () => {
  it('reads numbers from integers, doubles, bigints and RESP2 strings', () => {
    expect(number(3)).toBe(3);
    expect(number(10n)).toBe(10);
    expect(number('2.5')).toBe(2.5);
    expect(number(Buffer.from('-1'))).toBe(-1);
    expect(number('+inf')).toBe(Number.POSITIVE_INFINITY);
    expect(number('-inf')).toBe(Number.NEGATIVE_INFINITY);
    expect(() => number('')).toThrow(TypeError);
    expect(() => number(null)).toThrow(TypeError);
  });

  it('reads booleans from 1/0 and RESP3 booleans', () => {
    expect(boolean(1)).toBe(true);
    expect(boolean(0)).toBe(false);
    expect(boolean(true)).toBe(true);
    expect(() => boolean('1')).toThrow(TypeError);
  });

  it('reads pairs flat, nested or as a map', () => {
    const expected = [
      ['a', '1'],
      ['b', '2'],
    ];
    expect(pairs(['a', '1', 'b', '2'])).toEqual(expected);
    expect(
      pairs([
        ['a', '1'],
        ['b', '2'],
      ]),
    ).toEqual(expected);
    expect(
      pairs(
        new Map([
          ['a', '1'],
          ['b', '2'],
        ]),
      ),
    ).toEqual(expected);
    expect(pairs([])).toEqual([]);
    expect(() => pairs(['a'])).toThrow(TypeError);
  });

  it('makes records whose keys are own string properties, __proto__ included', () => {
    const r = record(['__proto__', 'x'], text);
    expect(Object.getPrototypeOf(r)).toBe(Object.prototype);
    expect(Object.hasOwn(r, '__proto__')).toBe(true);
  });

  it('gives protocol text as a string', () => {
    expect(token(Buffer.from('OK'))).toBe('OK');
    expect(token(7)).toBe('7');
  });

  it('converts list elements, returning the array itself only when no element changes', () => {
    const plain = ['a', null, 'b'];
    expect(list(plain, nullableText)).toBe(plain);
    const verbatim = new VerbatimString('txt', 'c');
    const mixed = ['a', verbatim, null, verbatim];
    const converted = list(mixed, nullableText);
    expect(converted).toEqual(['a', 'c', null, 'c']);
    expect(converted).not.toBe(mixed);
    expect(mixed).toEqual(['a', verbatim, null, verbatim]);
    expect(list(new Set(['x']), text)).toEqual(['x']);
    expect(() => list(['a', 3], text)).toThrow(TypeError);
  });
});
