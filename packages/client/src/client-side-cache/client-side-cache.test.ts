import { EventEmitter } from 'node:events';
import type { Connection } from '@redwire/connection';
import type { CommandArgument, RespValue } from '@redwire/protocol';
import { describe, expect, it } from 'vitest';
import { commandSpecs } from '../commands/generated/index.js';
import { ClientSideCache } from './client-side-cache.js';
import { type ClientSideCacheOptions, resolveClientSideCache } from './options.js';

/** A cache on a stand-in connection (only its events are used), and a server that answers on demand. */
function setup(options: ClientSideCacheOptions = {}) {
  const cache = new ClientSideCache(resolveClientSideCache(options, 'test')!);
  const connection = new EventEmitter();
  cache.attach(connection as unknown as Connection);
  let sent = 0;
  const read = (args: CommandArgument[], reply: RespValue = `v${sent}`) =>
    cache.read(args, commandSpecs[String(args[0])], false, () => {
      sent++;
      return Promise.resolve(reply);
    });
  return { cache, connection, read, sent: () => sent };
}

describe('ClientSideCache', () => {
  it('answers a repeated read from memory, counting hits and misses', async () => {
    const { cache, read, sent } = setup();
    expect(await read(['GET', 'a'], 'one')).toBe('one');
    expect(await read(['GET', 'a'], 'two')).toBe('one');
    expect(sent()).toBe(1);
    expect(cache.stats).toMatchObject({ hits: 1, misses: 1, entries: 1 });
    expect(cache.stats.bytes).toBeGreaterThan(0);
  });

  it('caches a missing key (null) too', async () => {
    const { read, sent } = setup();
    expect(await read(['GET', 'none'], null)).toBeNull();
    expect(await read(['GET', 'none'], 'late')).toBeNull();
    expect(sent()).toBe(1);
  });

  it('sends what it cannot cache every time, uncounted', async () => {
    const { cache, read, sent } = setup();
    await read(['INCR', 'n'], 1);
    await read(['INCR', 'n'], 2);
    await read(['TTL', 'n'], 5);
    await read(['TTL', 'n'], 5);
    expect(sent()).toBe(4);
    expect(cache.stats).toMatchObject({ hits: 0, misses: 0, entries: 0 });
  });

  it('drops the entries of a key the server invalidates', async () => {
    const { cache, connection, read } = setup();
    await read(['GET', 'a'], 'old');
    await read(['MGET', 'a', 'b'], ['old', 'b']);
    await read(['GET', 'b'], 'b');
    connection.emit('push', ['invalidate', ['a']]);
    expect(await read(['GET', 'a'], 'new')).toBe('new');
    expect(await read(['MGET', 'a', 'b'], ['new', 'b'])).toEqual(['new', 'b']);
    expect(await read(['GET', 'b'], 'other')).toBe('b');
    expect(cache.stats.invalidations).toBe(1);
  });

  it('does not store a reply whose invalidation arrived before the reply was handled', async () => {
    const { cache, connection } = setup();
    let answer: (value: RespValue) => void = () => {};
    const pending = cache.read(
      ['GET', 'a'],
      commandSpecs.GET,
      false,
      () => new Promise((resolve) => (answer = resolve)),
    );
    // The reply and the push in one socket chunk: the push is handled before the promise's
    // continuation runs.
    answer('old');
    connection.emit('push', ['invalidate', ['a']]);
    expect(await pending).toBe('old');
    expect(cache.stats.entries).toBe(0);
    expect(cache.readsTracked).toBe(0);
  });

  it.each([
    ['a lost connection', (c: EventEmitter) => c.emit('error', new Error('lost'))],
    ['a reconnect', (c: EventEmitter) => c.emit('reconnecting', { attempt: 1 })],
    ['the connection ending', (c: EventEmitter) => c.emit('end')],
    [
      'FLUSHALL (an invalidation without keys)',
      (c: EventEmitter) => c.emit('push', ['invalidate', null]),
    ],
  ])('empties itself on %s, and stores no reply that was in flight across it', async (_, event) => {
    const { cache, connection, read } = setup();
    await read(['GET', 'a'], 'old');
    let answer: (value: RespValue) => void = () => {};
    const pending = cache.read(
      ['GET', 'b'],
      commandSpecs.GET,
      false,
      () => new Promise((resolve) => (answer = resolve)),
    );
    event(connection);
    answer('stale');
    await pending;
    expect(cache.stats).toMatchObject({ entries: 0, flushes: 1 });
    expect(await read(['GET', 'a'], 'new')).toBe('new');
  });

  it('ignores push frames that are not invalidations', async () => {
    const { cache, connection, read } = setup();
    await read(['GET', 'a'], 'v');
    connection.emit('push', ['message', 'channel', 'a']);
    expect(cache.stats.entries).toBe(1);
  });

  it('does not store a failed read, and forgets it was in flight', async () => {
    const { cache } = setup();
    const failing = cache.read(['GET', 'a'], commandSpecs.GET, false, () =>
      Promise.reject(new Error('down')),
    );
    await expect(failing).rejects.toThrow('down');
    expect(cache.stats.entries).toBe(0);
    expect(cache.readsTracked).toBe(0);
  });

  it('hands every caller its own copy of a mutable reply', async () => {
    const { read } = setup();
    const first = (await read(['LRANGE', 'l', 0, -1], ['b', 'a'])) as string[];
    first.sort();
    const second = (await read(['LRANGE', 'l', 0, -1], ['x'])) as string[];
    expect(second).toEqual(['b', 'a']);
    second.push('c');
    expect(await read(['LRANGE', 'l', 0, -1], ['x'])).toEqual(['b', 'a']);
  });

  it("passes a hit through the caller's transform, rejecting when it throws", async () => {
    const { cache, read } = setup();
    await read(['GET', 'a'], 'stored');
    const hit = cache.lookup(['GET', 'a'], commandSpecs.GET, false, (reply) => `<${reply}>`);
    await expect(hit).resolves.toBe('<stored>');
    const failing = cache.lookup(['GET', 'a'], commandSpecs.GET, false, () => {
      throw new TypeError('not text');
    });
    await expect(failing).rejects.toThrow('not text');
    expect(cache.stats.hits).toBe(2);
  });

  it('in broadcast mode, caches only keys under its prefixes', async () => {
    const { cache, read, sent } = setup({ mode: 'broadcast', prefixes: ['user:'] });
    await read(['GET', 'user:1'], 'ada');
    await read(['GET', 'user:1'], 'ada');
    await read(['GET', 'item:1'], 'lamp');
    await read(['GET', 'item:1'], 'lamp');
    await read(['MGET', 'user:1', 'item:1'], ['ada', 'lamp']);
    await read(['MGET', 'user:1', 'item:1'], ['ada', 'lamp']);
    // user:1 once; item:1 and the MGET that names it every time.
    expect(sent()).toBe(5);
    expect(cache.stats.entries).toBe(1);
    expect(cache.tracking).toEqual({ mode: 'broadcast', prefixes: ['user:'] });
  });

  it('evicts past maxEntries and counts it', async () => {
    const { cache, read } = setup({ maxEntries: 2 });
    await read(['GET', 'a'], 'a');
    await read(['GET', 'b'], 'b');
    await read(['GET', 'c'], 'c');
    expect(cache.stats).toMatchObject({ entries: 2, evictions: 1 });
  });

  it('flush() empties it on demand', async () => {
    const { cache, read } = setup();
    await read(['GET', 'a'], 'a');
    cache.flush();
    expect(cache.stats).toMatchObject({ entries: 0, bytes: 0, flushes: 1 });
  });
});

describe('clientSideCache option', () => {
  it('takes true for the defaults, false or undefined for none', () => {
    expect(resolveClientSideCache(true, 'x')).toEqual({
      maxEntries: 10_000,
      maxBytes: 67_108_864,
      mode: 'default',
      prefixes: [],
    });
    expect(resolveClientSideCache(false, 'x')).toBeUndefined();
    expect(resolveClientSideCache(undefined, 'x')).toBeUndefined();
  });

  it('refuses bad bounds, modes and keys, naming them', () => {
    expect(() => resolveClientSideCache({ maxEntries: 0 }, 'x')).toThrow(/maxEntries/);
    expect(() => resolveClientSideCache({ maxBytes: 1.5 }, 'x')).toThrow(/maxBytes/);
    expect(() => resolveClientSideCache({ mode: 'optin' as never }, 'x')).toThrow(/mode/);
    expect(() => resolveClientSideCache({ prefixes: ['a'] }, 'x')).toThrow(/broadcast/);
    expect(() => resolveClientSideCache('yes', 'x')).toThrow(TypeError);
    expect(() => resolveClientSideCache({ maxSize: 1 }, 'createClient()')).toThrow(
      /createClient\(\): unknown option `clientSideCache\.maxSize`/,
    );
  });
});
