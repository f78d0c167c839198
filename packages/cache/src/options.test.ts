import { UnknownOptionError } from '@redwire/protocol';
import { describe, expect, it } from 'vitest';
import { CACHE_DEFAULTS, checkCallOptions, resolveCacheOptions } from './options.js';

describe('resolveCacheOptions', () => {
  it('fills in the defaults', () => {
    const resolved = resolveCacheOptions();
    expect(resolved).toMatchObject({
      namespace: CACHE_DEFAULTS.namespace,
      ttl: 60_000,
      jitter: 0.1,
      negativeTtl: 5_000,
      lock: { ttl: 10_000, wait: 5_000 },
      earlyRefresh: { strategy: 'xfetch', beta: 1 },
      broadcast: true,
    });
    expect(resolved.serializer.name).toBe('json');
  });

  it('refuses unknown keys, nested ones included, naming the path and the likely key', () => {
    expect(() => resolveCacheOptions({ tll: 5 } as never)).toThrow(UnknownOptionError);
    expect(() => resolveCacheOptions({ tll: 5 } as never)).toThrow(/did you mean `ttl`/);
    expect(() => resolveCacheOptions({ lock: { wiat: 5 } } as never)).toThrow(/`lock\.wiat`/);
    expect(() => resolveCacheOptions({ earlyRefresh: { bta: 2 } } as never)).toThrow(
      /`earlyRefresh\.bta`/,
    );
  });

  it('refuses values out of range', () => {
    expect(() => resolveCacheOptions({ ttl: 0 })).toThrow(RangeError);
    expect(() => resolveCacheOptions({ jitter: 1 })).toThrow(RangeError);
    expect(() => resolveCacheOptions({ namespace: 'a{b}' })).toThrow(TypeError);
    expect(() => resolveCacheOptions({ serializer: 'yaml' as never })).toThrow(TypeError);
    expect(() => resolveCacheOptions({ earlyRefresh: { strategy: 'sometimes' as never } })).toThrow(
      TypeError,
    );
  });

  it('turns the lock and early refresh off with false', () => {
    const resolved = resolveCacheOptions({ lock: false, earlyRefresh: false });
    expect(resolved.lock).toBe(false);
    expect(resolved.earlyRefresh).toBe(false);
  });
});

describe('checkCallOptions', () => {
  it('refuses a key the call does not take', () => {
    expect(() => checkCallOptions({ signal: undefined } as never, 'set')).toThrow(
      UnknownOptionError,
    );
    expect(() =>
      checkCallOptions({ ttl: 5, tags: ['a'], signal: undefined }, 'getOrSet'),
    ).not.toThrow();
    expect(() => checkCallOptions({ tags: [1] as never }, 'getOrSet')).toThrow(TypeError);
  });
});
