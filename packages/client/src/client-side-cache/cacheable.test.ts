import type { CommandArgument } from '@redwire/protocol';
import { describe, expect, it } from 'vitest';
import { commandSpecs } from '../commands/generated/index.js';
import { cachedKeys, cacheGroupOf, cacheMemberOf, isCacheableSpec } from './cacheable.js';

/** Group and member as one string, for comparing two commands' cache entries. */
function cacheKeyOf(args: CommandArgument[], returnBuffers: boolean): string | undefined {
  const group = cacheGroupOf(args, returnBuffers);
  const member = cacheMemberOf(args);
  return group === undefined || member === undefined ? undefined : `${group}|${member}`;
}

describe('which commands a client-side cache answers', () => {
  it.each(['GET', 'MGET', 'HGETALL', 'HGET', 'LRANGE', 'SMEMBERS', 'ZRANGE', 'EXISTS', 'STRLEN'])(
    'caches %s, a read with keys',
    (name) => {
      expect(isCacheableSpec(commandSpecs[name])).toBe(true);
    },
  );

  it.each([
    ['SET', 'a write'],
    ['INCR', 'a write'],
    ['BLPOP', 'blocking'],
    ['XREAD', 'blocking with BLOCK'],
    ['RANDOMKEY', 'random'],
    ['SRANDMEMBER', 'random'],
    ['HRANDFIELD', 'random'],
    ['SPOP', 'random and a write'],
    ['SCAN', 'a cursor'],
    ['HSCAN', 'a cursor'],
    ['TTL', 'changes with the clock'],
    ['PTTL', 'changes with the clock'],
    ['TIME', 'the clock, and no key'],
    ['OBJECT FREQ', "the server's counters"],
    ['EVAL_RO', 'a script'],
    ['FCALL_RO', 'a function'],
    ['MEMORY USAGE', 'an estimate'],
    ['TOUCH', 'sent for its effect'],
    ['SORT_RO', 'BY and GET read undeclared keys'],
    ['XINFO GROUPS', 'lag changes without a write to the key'],
    ['PING', 'no key'],
    ['DBSIZE', 'no key'],
  ])('does not cache %s (%s)', (name) => {
    expect(isCacheableSpec(commandSpecs[name])).toBe(false);
  });

  it('does not cache a command it has no spec for', () => {
    expect(isCacheableSpec(undefined)).toBe(false);
  });

  it('finds the keys of a read, and refuses keys that would not survive UTF-8', () => {
    const mget = commandSpecs.MGET!;
    expect(cachedKeys(mget, ['MGET', 'a', 'b'])).toEqual(['a', 'b']);
    expect(cachedKeys(commandSpecs.GET!, ['GET', 'bad\uD800'])).toBeUndefined();
    expect(cachedKeys(commandSpecs.GET!, ['GET', 'ok \u{1F600}'])).toEqual(['ok \u{1F600}']);
  });

  it('keys the cache by reply form and every argument, unambiguously', () => {
    expect(cacheKeyOf(['GET', 'a'], false)).not.toBe(cacheKeyOf(['GET', 'a'], true));
    expect(cacheKeyOf(['HGET', 'a', 'b'], false)).not.toBe(cacheKeyOf(['HGET', 'a b'], false));
    expect(cacheKeyOf(['HGET', 'a:', 'b'], false)).not.toBe(cacheKeyOf(['HGET', 'a', ':b'], false));
    // One key whose text looks like two joined arguments stays apart from those two.
    expect(cacheKeyOf(['MGET', '1:a1:b'], false)).not.toBe(cacheKeyOf(['MGET', 'a', 'b'], false));
    expect(cacheGroupOf(['GET', 'k'], false)).toBe('GET');
    expect(cacheKeyOf(['GETRANGE', 'k', 0, 5], false)).toBe(
      cacheKeyOf(['GETRANGE', 'k', '0', '5'], false),
    );
  });

  it('does not cache commands with bytes among their arguments', () => {
    expect(cacheKeyOf(['GET', Buffer.from('a')], false)).toBeUndefined();
    expect(cacheKeyOf(['HGET', 'h', Buffer.from('f')], false)).toBeUndefined();
  });
});
