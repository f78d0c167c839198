import { describe, expect, it } from 'vitest';
import { LruStore } from './lru-store.js';

const roomy = { maxEntries: 100, maxBytes: 1_000_000 };

describe('LruStore', () => {
  it('returns what was stored, and undefined for what was not', () => {
    const store = new LruStore<string>(roomy);
    store.set('GET a', 'va', ['a'], 10);
    expect(store.get('GET a')).toBe('va');
    expect(store.get('GET b')).toBeUndefined();
    expect(store.size).toBe(1);
    expect(store.bytes).toBe(10);
  });

  it('evicts the least recently used entry past maxEntries, a read counting as a use', () => {
    const store = new LruStore<string>({ maxEntries: 3, maxBytes: 1_000_000 });
    store.set('a', '1', ['a'], 1);
    store.set('b', '2', ['b'], 1);
    store.set('c', '3', ['c'], 1);
    store.get('a');
    expect(store.set('d', '4', ['d'], 1)).toBe(1);
    expect(store.get('b')).toBeUndefined();
    expect(store.get('a')).toBe('1');
    expect(store.get('c')).toBe('3');
    expect(store.get('d')).toBe('4');
    expect(store.size).toBe(3);
  });

  it('evicts as many entries as it takes to hold maxBytes', () => {
    const store = new LruStore<string>({ maxEntries: 100, maxBytes: 100 });
    for (const name of ['a', 'b', 'c', 'd']) store.set(name, name, [name], 25);
    expect(store.bytes).toBe(100);
    expect(store.set('big', 'x', ['big'], 60)).toBe(3);
    expect(store.bytes).toBe(85);
    expect(store.get('d')).toBe('d');
    expect(store.get('a')).toBeUndefined();
  });

  it('does not store an entry larger than maxBytes alone, and counts it as evicted', () => {
    const store = new LruStore<string>({ maxEntries: 100, maxBytes: 100 });
    store.set('small', 's', ['k'], 10);
    expect(store.set('huge', 'h', ['k'], 101)).toBe(1);
    expect(store.get('huge')).toBeUndefined();
    expect(store.get('small')).toBe('s');
  });

  it('replaces an entry of the same cache key without counting it twice', () => {
    const store = new LruStore<string>(roomy);
    store.set('GET a', 'old', ['a'], 10);
    store.set('GET a', 'new', ['a'], 20);
    expect(store.get('GET a')).toBe('new');
    expect(store.size).toBe(1);
    expect(store.bytes).toBe(20);
  });

  it('drops every entry read from a key, multi-key entries included, and only those', () => {
    const store = new LruStore<string>(roomy);
    store.set('GET a', '1', ['a'], 1);
    store.set('MGET a b', '2', ['a', 'b'], 1);
    store.set('GET b', '3', ['b'], 1);
    expect(store.deleteKey('a')).toBe(2);
    expect(store.get('GET a')).toBeUndefined();
    expect(store.get('MGET a b')).toBeUndefined();
    expect(store.get('GET b')).toBe('3');
    expect(store.deleteKey('a')).toBe(0);
    // The index forgets 'b' from the dropped MGET too: dropping 'b' drops only GET b.
    expect(store.deleteKey('b')).toBe(1);
    expect(store.size).toBe(0);
    expect(store.bytes).toBe(0);
  });

  it('clears everything', () => {
    const store = new LruStore<string>(roomy);
    store.set('a', '1', ['a'], 5);
    store.set('b', '2', ['b'], 5);
    expect(store.clear()).toBe(2);
    expect(store.size).toBe(0);
    expect(store.bytes).toBe(0);
    expect(store.deleteKey('a')).toBe(0);
  });

  it('keeps null replies apart from misses', () => {
    const store = new LruStore<string | null>(roomy);
    store.set('GET missing', null, ['missing'], 1);
    expect(store.get('GET missing')).toBeNull();
  });
});
