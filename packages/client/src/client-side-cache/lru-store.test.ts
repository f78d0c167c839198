import { describe, expect, it } from 'vitest';
import { LruStore } from './lru-store.js';

const roomy = { maxEntries: 100, maxBytes: 1_000_000 };

describe('LruStore', () => {
  it('returns what was stored, and undefined for what was not', () => {
    const store = new LruStore<string>(roomy);
    store.set('G', 'GET a', 'va', ['a'], 10);
    expect(store.get('G', 'GET a')).toBe('va');
    expect(store.get('G', 'GET b')).toBeUndefined();
    expect(store.size).toBe(1);
    expect(store.bytes).toBe(10);
  });

  it('evicts the least recently used entry past maxEntries, a read counting as a use', () => {
    const store = new LruStore<string>({ maxEntries: 3, maxBytes: 1_000_000 });
    store.set('G', 'a', '1', ['a'], 1);
    store.set('G', 'b', '2', ['b'], 1);
    store.set('G', 'c', '3', ['c'], 1);
    store.get('G', 'a');
    expect(store.set('G', 'd', '4', ['d'], 1)).toBe(1);
    expect(store.get('G', 'b')).toBeUndefined();
    expect(store.get('G', 'a')).toBe('1');
    expect(store.get('G', 'c')).toBe('3');
    expect(store.get('G', 'd')).toBe('4');
    expect(store.size).toBe(3);
  });

  it('evicts as many entries as it takes to hold maxBytes', () => {
    const store = new LruStore<string>({ maxEntries: 100, maxBytes: 100 });
    for (const name of ['a', 'b', 'c', 'd']) store.set('G', name, name, [name], 25);
    expect(store.bytes).toBe(100);
    expect(store.set('G', 'big', 'x', ['big'], 60)).toBe(3);
    expect(store.bytes).toBe(85);
    expect(store.get('G', 'd')).toBe('d');
    expect(store.get('G', 'a')).toBeUndefined();
  });

  it('does not store an entry larger than maxBytes alone, and counts it as evicted', () => {
    const store = new LruStore<string>({ maxEntries: 100, maxBytes: 100 });
    store.set('G', 'small', 's', ['k'], 10);
    expect(store.set('G', 'huge', 'h', ['k'], 101)).toBe(1);
    expect(store.get('G', 'huge')).toBeUndefined();
    expect(store.get('G', 'small')).toBe('s');
  });

  it('replaces an entry of the same cache key without counting it twice', () => {
    const store = new LruStore<string>(roomy);
    store.set('G', 'GET a', 'old', ['a'], 10);
    store.set('G', 'GET a', 'new', ['a'], 20);
    expect(store.get('G', 'GET a')).toBe('new');
    expect(store.size).toBe(1);
    expect(store.bytes).toBe(20);
  });

  it('drops every entry read from a key, multi-key entries included, and only those', () => {
    const store = new LruStore<string>(roomy);
    store.set('G', 'GET a', '1', ['a'], 1);
    store.set('G', 'MGET a b', '2', ['a', 'b'], 1);
    store.set('G', 'GET b', '3', ['b'], 1);
    expect(store.deleteKey('a')).toBe(2);
    expect(store.get('G', 'GET a')).toBeUndefined();
    expect(store.get('G', 'MGET a b')).toBeUndefined();
    expect(store.get('G', 'GET b')).toBe('3');
    expect(store.deleteKey('a')).toBe(0);
    // The index forgets 'b' from the dropped MGET too: dropping 'b' drops only GET b.
    expect(store.deleteKey('b')).toBe(1);
    expect(store.size).toBe(0);
    expect(store.bytes).toBe(0);
  });

  it('clears everything', () => {
    const store = new LruStore<string>(roomy);
    store.set('G', 'a', '1', ['a'], 5);
    store.set('G', 'b', '2', ['b'], 5);
    expect(store.clear()).toBe(2);
    expect(store.size).toBe(0);
    expect(store.bytes).toBe(0);
    expect(store.deleteKey('a')).toBe(0);
  });

  it('keeps entries of different groups apart', () => {
    const store = new LruStore<string>(roomy);
    store.set('GET', 'k', 'string', ['k'], 1);
    store.set('buffers GET', 'k', 'buffer', ['k'], 1);
    expect(store.get('GET', 'k')).toBe('string');
    expect(store.get('buffers GET', 'k')).toBe('buffer');
    expect(store.deleteKey('k')).toBe(2);
  });

  it('gives an entry read since it was stored a second chance, then evicts it if unread', () => {
    const store = new LruStore<string>({ maxEntries: 4, maxBytes: 1_000_000 });
    for (const name of ['a', 'b', 'c', 'd']) store.set('G', name, name, [name], 1);
    store.get('G', 'a');
    // 'a' is the oldest but was read: it moves behind 'd', unmarked, and 'b' goes.
    expect(store.set('G', 'e', 'e', ['e'], 1)).toBe(1);
    expect(store.has('G', 'b')).toBe(false);
    store.set('G', 'f', 'f', ['f'], 1);
    store.set('G', 'g', 'g', ['g'], 1);
    expect(store.has('G', 'c') || store.has('G', 'd')).toBe(false);
    // Not read again since it was passed over: its turn now.
    store.set('G', 'h', 'h', ['h'], 1);
    expect(store.has('G', 'a')).toBe(false);
    expect(['e', 'f', 'g', 'h'].every((name) => store.has('G', name))).toBe(true);
  });

  it('evicts the oldest after one sweep when every entry was read', () => {
    const store = new LruStore<string>({ maxEntries: 3, maxBytes: 1_000_000 });
    for (const name of ['a', 'b', 'c']) store.set('G', name, name, [name], 1);
    for (const name of ['c', 'b', 'a']) store.get('G', name);
    expect(store.set('G', 'd', 'd', ['d'], 1)).toBe(1);
    expect(store.has('G', 'a')).toBe(false);
    // The sweep unmarked 'b' and 'c': the next two insertions take them, oldest first.
    store.set('G', 'e', 'e', ['e'], 1);
    expect(store.has('G', 'b')).toBe(false);
    expect(store.has('G', 'c')).toBe(true);
  });

  it('never evicts the entry it is making room for', () => {
    const store = new LruStore<string>({ maxEntries: 100, maxBytes: 100 });
    for (const name of ['a', 'b', 'c', 'd']) store.set('G', name, name, [name], 25);
    for (const name of ['a', 'b', 'c', 'd']) store.get('G', name);
    expect(store.set('G', 'e', 'e', ['e'], 50)).toBe(2);
    expect(store.get('G', 'e')).toBe('e');
    expect(store.bytes).toBe(100);
    expect(store.size).toBe(3);
  });

  it('keeps the bounds under any mix of reads, writes and invalidations', () => {
    const maxEntries = 16;
    const maxBytes = 400;
    const store = new LruStore<number>({ maxEntries, maxBytes });
    let state = 7;
    const next = (n: number) => {
      state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
      return state % n;
    };
    let evicted = 0;
    let stored = 0;
    for (let i = 0; i < 5_000; i++) {
      const key = `k${next(64)}`;
      const action = next(10);
      if (action < 6) store.get('G', key);
      else if (action < 9) {
        const had = store.has('G', key);
        evicted += store.set('G', key, i, [key], 1 + next(60));
        if (!had) stored++;
      } else stored -= store.deleteKey(key);
      expect(store.size).toBeLessThanOrEqual(maxEntries);
      expect(store.bytes).toBeLessThanOrEqual(maxBytes);
      expect(store.size).toBe(stored - evicted);
    }
  });

  it('keeps null replies apart from misses', () => {
    const store = new LruStore<string | null>(roomy);
    store.set('G', 'GET missing', null, ['missing'], 1);
    expect(store.get('G', 'GET missing')).toBeNull();
  });
});
