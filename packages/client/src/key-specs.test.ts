import type { CommandArgument } from '@redwire/protocol';
import { describe, expect, it } from 'vitest';
import { commandSpecs } from './commands/generated/index.js';
import { extractKeys } from './key-specs.js';

function keys(command: readonly CommandArgument[], name = String(command[0]).toUpperCase()) {
  const spec = commandSpecs[name];
  if (spec === undefined) throw new Error(`no spec for ${name}`);
  return extractKeys(spec, command);
}

describe('extractKeys follows the key specs', () => {
  it('finds the key at a fixed index (GET)', () => {
    expect(keys(['GET', 'k'])).toEqual(['k']);
  });

  it('steps over values (MSET)', () => {
    expect(keys(['MSET', 'a', '1', 'b', '2', 'c', '3'])).toEqual(['a', 'b', 'c']);
  });

  it('reads to the end with a negative last key (MGET)', () => {
    expect(keys(['MGET', 'a', 'b', 'c'])).toEqual(['a', 'b', 'c']);
  });

  it('takes the first half after a keyword, with limit 2 (XREAD ... STREAMS)', () => {
    expect(keys(['XREAD', 'COUNT', 2, 'BLOCK', 0, 'STREAMS', 's1', 's2', '0', '$'])).toEqual([
      's1',
      's2',
    ]);
    expect(keys(['XREAD', 'streams', 'a', '0'])).toEqual(['a']);
  });

  it('reads the number of keys from the arguments (EVAL numkeys)', () => {
    expect(keys(['EVAL', 'return 1', 2, 'a', 'b', 'arg'])).toEqual(['a', 'b']);
    expect(keys(['EVAL', 'return 1', '0', 'arg'])).toEqual([]);
  });

  it('combines specs in order (ZUNIONSTORE destination numkeys keys)', () => {
    expect(keys(['ZUNIONSTORE', 'dest', 2, 'a', 'b', 'WEIGHTS', 1, 2])).toEqual(['dest', 'a', 'b']);
  });

  it('finds SORT ... STORE through the server key procedure (the spec is unknown)', () => {
    expect(keys(['SORT', 'l', 'BY', 'store', 'LIMIT', 0, 1, 'STORE', 'd'])).toEqual(['l', 'd']);
    expect(keys(['SORT', 'l', 'ALPHA'])).toEqual(['l']);
  });

  it('takes MIGRATE keys after KEYS, or the single key', () => {
    expect(
      keys(['MIGRATE', 'h', 6379, '', 0, 100, 'COPY', 'AUTH', 'pw', 'KEYS', 'a', 'b']),
    ).toEqual(['a', 'b']);
    expect(keys(['MIGRATE', 'h', 6379, 'k', 0, 100])).toEqual(['k']);
  });

  it('reads numkeys after a fixed index (LMPOP)', () => {
    expect(keys(['LMPOP', 2, 'a', 'b', 'LEFT', 'COUNT', 1])).toEqual(['a', 'b']);
  });

  it('counts subcommand arguments from the container name (OBJECT ENCODING)', () => {
    expect(keys(['OBJECT', 'ENCODING', 'k'], 'OBJECT ENCODING')).toEqual(['k']);
  });

  it('searches a keyword from a given position (GEORADIUS ... STORE)', () => {
    const command = ['GEORADIUS', 'g', 1, 2, 3, 'km', 'STORE', 'd'];
    expect(keys(command)).toEqual(['g', 'd']);
  });

  it('leaves shard channels out unless asked (SPUBLISH)', () => {
    const spec = commandSpecs.SPUBLISH;
    if (spec === undefined) throw new Error('no SPUBLISH');
    expect(extractKeys(spec, ['SPUBLISH', 'ch', 'm'])).toEqual([]);
    expect(extractKeys(spec, ['SPUBLISH', 'ch', 'm'], { includeNotKeys: true })).toEqual(['ch']);
  });

  it('finds nothing when arguments are missing, instead of throwing', () => {
    expect(keys(['EVAL', 'return 1', 3, 'a'])).toEqual(['a']);
    expect(keys(['GET'])).toEqual([]);
  });

  it('searches backward from a negative startfrom and reads Buffer arguments', () => {
    const command: CommandArgument[] = ['MIGRATE', 'h', 1, '', 0, 5, Buffer.from('keys'), 'x'];
    expect(keys(command)).toEqual(['x']);
  });
});
