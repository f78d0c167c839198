import { describe, expect, it } from 'vitest';
import type { CommandSpec } from '../command.js';
import { buildCommand, type CommandShape } from './build-command.js';
import { commandBuilders as c } from './generated/index.js';

const spec = (name: string): CommandSpec => ({
  name,
  group: 'test',
  arity: -2,
  flags: [],
  tips: [],
  keySpecs: [],
  summary: '',
  since: '1.0.0',
});

/** The short way (no options) and the long way (an empty options object walks the shape). */
function bothWays(shape: CommandShape, positional: unknown[]): { short: unknown; long: unknown } {
  const run = (options: boolean): unknown => {
    try {
      return options
        ? buildCommand('cmd', spec('CMD'), shape, positional, {}, true).args
        : buildCommand('cmd', spec('CMD'), shape, positional).args;
    } catch (error) {
      return error;
    }
  };
  return { short: run(false), long: run(true) };
}

const keys: CommandShape = [{ name: 'keys', multiple: 'once', type: 'key', at: 0 }];
const keyAndMembers: CommandShape = [
  { name: 'key', type: 'key', at: 0 },
  { name: 'members', multiple: 'once', type: 'value', at: 1 },
];
const integers: CommandShape = [{ name: 'ids', multiple: 'once', type: 'integer', at: 0 }];

describe('a call that ends in a list of values takes the short way to the same command', () => {
  it.each<[string, CommandShape, unknown[]]>([
    ['keys', keys, [['a', 'b', 'c']]],
    ['keys as Buffers and strings', keys, [[Buffer.from('a'), 'b']]],
    ['one key instead of a list', keys, ['a']],
    ['a key, then members', keyAndMembers, ['k', ['m1', 2, Buffer.from('m3')]]],
    ['integers', integers, [[1, 2, 3]]],
  ])('%s', (_, shape, positional) => {
    const { short, long } = bothWays(shape, positional);
    expect(short).not.toBeInstanceOf(Error);
    expect(short).toEqual(long);
  });

  it.each<[string, CommandShape, unknown[], string]>([
    ['an empty list', keys, [[]], 'cmd(): argument "keys" must be at least one value'],
    ['a wrong key in the list', keys, [['a', 7]], 'cmd(): argument "keys[1]" must be'],
    ['no list at all', keys, [], 'cmd(): argument "keys[0]" must be'],
    ['a wrong integer', integers, [[1, 'x']], 'cmd(): argument "ids[1]" must be'],
    ['a wrong key before the list', keyAndMembers, [{}, ['m']], 'cmd(): argument "key" must be'],
  ])('refuses %s with the same TypeError', (_, shape, positional, message) => {
    const { short, long } = bothWays(shape, positional);
    expect(short).toBeInstanceOf(TypeError);
    expect((short as Error).message).toContain(message);
    expect((short as Error).message).toBe((long as Error).message);
  });

  it('builds an array of exactly the command’s arguments', () => {
    const built = c.mget('a', 'b');
    expect(built.args).toEqual(['MGET', 'a', 'b']);
    expect(c.sadd('s', 'x', 1).args).toEqual(['SADD', 's', 'x', 1]);
    expect(c.del('k').args).toEqual(['DEL', 'k']);
  });

  it('keeps a list that is followed by another positional value on the long way', () => {
    const shape: CommandShape = [
      { name: 'keys', multiple: 'once', type: 'key', at: 0 },
      { name: 'timeout', type: 'double', at: 1 },
    ];
    expect(buildCommand('cmd', spec('CMD'), shape, [['a', 'b'], 5]).args).toEqual([
      'CMD',
      'a',
      'b',
      5,
    ]);
  });
});
