import { describe, expect, it } from 'vitest';
import { nameKey, nameList } from './names.js';

describe('nameKey', () => {
  it('is the string itself for ASCII, and the same key for a string and its UTF-8 Buffer', () => {
    expect(nameKey('news')).toBe('news');
    expect(nameKey(Buffer.from('news'))).toBe('news');
    expect(nameKey('café')).toBe(nameKey(Buffer.from('café')));
    expect(nameKey(Buffer.from([0xff, 0x00]))).not.toBe(nameKey(Buffer.from([0xfe, 0x00])));
  });
});

describe('nameList', () => {
  it('takes one name or a list', () => {
    expect(nameList('a', 'subscribe')).toEqual(['a']);
    const bytes = Buffer.from([1]);
    expect(nameList(['a', bytes], 'subscribe')).toEqual(['a', bytes]);
  });

  it('refuses an empty list and names that are not strings or Buffers, saying which', () => {
    expect(() => nameList([], 'psubscribe')).toThrow(
      'psubscribe needs at least one name, got none',
    );
    expect(() => nameList(['a', null as unknown as string], 'subscribe')).toThrow(
      'subscribe: name 1 must be a string or a Buffer, got null',
    );
  });
});
