import { getTestServers } from '@redwire/test-harness';
import { describe, expect, it } from 'vitest';
import { commandSpecs } from './commands/generated/index.js';
import { extractKeys } from './key-specs.js';

/** Commands whose keys `extractKeys` must find exactly as the server's `COMMAND GETKEYS` does. */
const commands: (readonly (string | number)[])[] = [
  ['GET', 'k'],
  ['SET', 'k', 'v', 'EX', 10, 'NX'],
  ['MSET', 'a', '1', 'b', '2', 'c', '3'],
  ['MGET', 'a', 'b', 'c'],
  ['DEL', 'a', 'b'],
  ['RENAME', 'a', 'b'],
  ['LMOVE', 'a', 'b', 'LEFT', 'RIGHT'],
  ['BLPOP', 'q1', 'q2', 0],
  ['BLMPOP', 0, 2, 'a', 'b', 'LEFT', 'COUNT', 2],
  ['LMPOP', 2, 'a', 'b', 'RIGHT'],
  ['ZUNIONSTORE', 'dest', 2, 'a', 'b', 'WEIGHTS', 1, 2],
  ['ZINTER', 3, 'a', 'b', 'c', 'WITHSCORES'],
  ['ZRANGESTORE', 'dst', 'src', 0, -1],
  ['ZDIFFSTORE', 'd', 2, 'a', 'b'],
  ['SINTERCARD', 2, 'a', 'b', 'LIMIT', 1],
  ['EVAL', 'return 1', 2, 'k1', 'k2', 'a1', 'a2'],
  ['EVALSHA_RO', 'abc', 1, 'k', 'a'],
  ['FCALL', 'f', 0, 'a'],
  ['XREAD', 'COUNT', 1, 'STREAMS', 's1', 's2', '0', '0'],
  ['XREADGROUP', 'GROUP', 'g', 'c', 'COUNT', 1, 'STREAMS', 's1', '>'],
  ['XADD', 's', 'MAXLEN', '~', 10, '*', 'f', 'v'],
  ['SORT', 'l', 'BY', 'w_*', 'GET', '#', 'STORE', 'dst'],
  ['SORT_RO', 'l', 'ALPHA'],
  ['MIGRATE', '127.0.0.1', 1, '', 0, 100, 'COPY', 'KEYS', 'a', 'b'],
  ['MIGRATE', '127.0.0.1', 1, 'k', 0, 100],
  ['OBJECT', 'ENCODING', 'k'],
  ['XINFO', 'STREAM', 's', 'FULL'],
  ['GEORADIUS', 'g', 1, 2, 3, 'km', 'STORE', 'd'],
  ['GEOSEARCHSTORE', 'd', 's', 'FROMMEMBER', 'm', 'BYRADIUS', 1, 'km'],
  ['BITOP', 'AND', 'dest', 'a', 'b'],
  ['SMOVE', 'a', 'b', 'm'],
  ['PFMERGE', 'd', 'a', 'b'],
  ['COPY', 'a', 'b', 'DB', 1],
  ['MEMORY', 'USAGE', 'k'],
  ['WATCH', 'a', 'b'],
  ['BITFIELD', 'b', 'GET', 'u8', 0],
];

function specName(command: readonly (string | number)[]): string {
  const first = String(command[0]).toUpperCase();
  const withSub = `${first} ${String(command[1]).toUpperCase()}`;
  return commandSpecs[withSub] === undefined ? first : withSub;
}

describe('extractKeys agrees with COMMAND GETKEYS', () => {
  const { standalone } = getTestServers();

  it.each(commands.map((command) => [command.join(' '), command] as const))(
    '%s',
    async (_, command) => {
      const spec = commandSpecs[specName(command)];
      expect(spec).toBeDefined();
      const server = await standalone.command('COMMAND', 'GETKEYS', ...command);
      expect(extractKeys(spec!, command)).toEqual(server);
    },
  );
});
