import { type RespValue, VerbatimString } from '@redwire/protocol';
import { describe, expect, it } from 'vitest';
import { commandBuilders } from '../commands/generated/index.js';
import { replyTransform, replyTransforms } from './table.js';

/** [method, call arguments, RESP2 reply, RESP3 reply, normalised value] */
type Case = [string, unknown[], RespValue, RespValue, unknown];

const entries = [
  ['1-1', ['f', 'v']],
  ['2-0', ['a', '1', 'b', '2']],
];
const normalisedEntries = [
  { id: '1-1', fields: { f: 'v' } },
  { id: '2-0', fields: { a: '1', b: '2' } },
];

const cases: Case[] = [
  ['get', ['k'], 'v', 'v', 'v'],
  ['get', ['k'], null, null, null],
  ['set', ['k', 'v'], 'OK', 'OK', 'OK'],
  ['set', ['k', 'v', { nx: true }], null, null, null],
  ['set', ['k', 'v', { get: true }], 'old', 'old', 'old'],
  ['incrbyfloat', ['k', 1.5], '2.5', '2.5', 2.5],
  ['msetnx', [{ a: '1' }], 1, 1, true],
  ['expire', ['k', 1], 0, 0, false],
  ['scan', ['0'], ['17', ['a', 'b']], ['17', ['a', 'b']], { cursor: '17', keys: ['a', 'b'] }],
  ['type', ['k'], 'hash', 'hash', 'hash'],
  [
    'hgetall',
    ['h'],
    ['a', '1', 'b', '2'],
    new Map([
      ['a', '1'],
      ['b', '2'],
    ]),
    { a: '1', b: '2' },
  ],
  ['hgetall', ['h'], [], new Map(), {}],
  [
    'hrandfield',
    ['h', { count: 2, withvalues: true }],
    ['a', '1', 'b', '2'],
    [
      ['a', '1'],
      ['b', '2'],
    ],
    [
      { field: 'a', value: '1' },
      { field: 'b', value: '2' },
    ],
  ],
  ['hrandfield', ['h', { count: 2 }], ['a', 'b'], ['a', 'b'], ['a', 'b']],
  ['hscan', ['h', '0'], ['0', ['a', '1']], ['0', ['a', '1']], { cursor: '0', entries: { a: '1' } }],
  ['hincrbyfloat', ['h', 'f', 0.5], '1.5', '1.5', 1.5],
  ['lpop', ['l'], 'a', 'a', 'a'],
  ['lpop', ['l', 2], ['a', 'b'], ['a', 'b'], ['a', 'b']],
  ['lpop', ['l', 2], null, null, null],
  ['blpop', [['l'], 1], ['l', 'a'], ['l', 'a'], { key: 'l', element: 'a' }],
  ['blpop', [['l'], 1], null, null, null],
  ['lpos', ['l', 'a', { count: 0 }], [0, 2], [0, 2], [0, 2]],
  ['smembers', ['s'], ['x', 'y'], new Set(['x', 'y']), ['x', 'y']],
  ['spop', ['s', 2], ['x'], new Set(['x']), ['x']],
  ['spop', ['s'], null, null, null],
  ['sismember', ['s', 'x'], 1, 1, true],
  ['smismember', ['s', 'x', 'q'], [1, 0], [1, 0], [true, false]],
  ['zscore', ['z', 'a'], '2.5', 2.5, 2.5],
  ['zscore', ['z', 'a'], 'inf', Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY],
  ['zscore', ['z', 'a'], null, null, null],
  ['zadd', ['z', [{ score: 1, member: 'a' }], { incr: true }], '3', 3, 3],
  ['zadd', ['z', [{ score: 1, member: 'a' }], { xx: true, incr: true }], null, null, null],
  ['zmscore', ['z', 'a', 'x'], ['3', null], [3, null], [3, null]],
  [
    'zrange',
    ['z', 0, -1, { withscores: true }],
    ['a', '1', 'b', '-inf'],
    [
      ['a', 1],
      ['b', Number.NEGATIVE_INFINITY],
    ],
    [
      { member: 'a', score: 1 },
      { member: 'b', score: Number.NEGATIVE_INFINITY },
    ],
  ],
  ['zrange', ['z', 0, -1], ['a', 'b'], ['a', 'b'], ['a', 'b']],
  ['zpopmin', ['z'], ['b', '2.5'], ['b', 2.5], { member: 'b', score: 2.5 }],
  ['zpopmin', ['z'], [], [], null],
  ['zpopmin', ['z', 1], ['a', '3'], [['a', 3]], [{ member: 'a', score: 3 }]],
  ['bzpopmin', [['z'], 1], ['z', 'a', '1'], ['z', 'a', 1], { key: 'z', member: 'a', score: 1 }],
  [
    'zrandmember',
    ['z', { count: 1, withscores: true }],
    ['a', '1'],
    [['a', 1]],
    [{ member: 'a', score: 1 }],
  ],
  [
    'zscan',
    ['z', '0'],
    ['0', ['b', '2.5']],
    ['0', ['b', '2.5']],
    { cursor: '0', members: [{ member: 'b', score: 2.5 }] },
  ],
  ['zrank', ['z', 'q'], null, null, null],
  ['xadd', ['x', '*', { f: 'v' }], '1-1', '1-1', '1-1'],
  ['xrange', ['x', '-', '+'], entries, entries, normalisedEntries],
  [
    'xread',
    [{ streams: { x: '0' } }],
    [['x', entries]],
    new Map([['x', entries]]),
    [{ stream: 'x', messages: normalisedEntries }],
  ],
  ['xread', [{ streams: { x: '$' }, block: 1 }], null, null, null],
  [
    'xreadgroup',
    [{ group: { group: 'g', consumer: 'c' }, streams: { x: '0' } }],
    [['x', [['1-1', null]]]],
    new Map([['x', [['1-1', null]]]]),
    [{ stream: 'x', messages: [{ id: '1-1', fields: null }] }],
  ],
  ['eval', ['return 1'], [1, 'a'], [1, 'a'], [1, 'a']],
  ['scriptExists', ['a', 'b'], [1, 0], [1, 0], [true, false]],
  [
    'info',
    [],
    '# Server\r\nx:1\r\n',
    new VerbatimString('txt', '# Server\r\nx:1\r\n'),
    '# Server\r\nx:1\r\n',
  ],
  ['clientList', [], 'id=1\n', new VerbatimString('txt', 'id=1\n'), 'id=1\n'],
  [
    'configGet',
    ['maxmemory'],
    ['maxmemory', '0'],
    new Map([['maxmemory', '0']]),
    { maxmemory: '0' },
  ],
  ['time', [], ['1700000000', '42'], ['1700000000', '42'], [1700000000, 42]],
  ['ping', [], 'PONG', 'PONG', 'PONG'],
  ['ping', ['hi'], 'hi', 'hi', 'hi'],
];

describe('reply transforms', () => {
  it.each(cases)(
    '%s(%j): RESP2 and RESP3 normalise alike',
    (method, args, resp2, resp3, expected) => {
      const transform = replyTransform(method, args);
      expect(transform).toBeDefined();
      expect(transform?.(resp2)).toEqual(expected);
      expect(transform?.(resp3)).toEqual(expected);
    },
  );

  it('names only generated commands', () => {
    const unknown = Object.keys(replyTransforms).filter((name) => !(name in commandBuilders));
    expect(unknown).toEqual([]);
  });

  it('keeps values as Buffers on a Buffer view, object keys as strings', () => {
    const b = (s: string) => Buffer.from(s);
    const hgetall = replyTransform('hgetall', ['h']);
    expect(hgetall?.(new Map([[b('f'), b('v')]]))).toEqual({ f: b('v') });
    expect(hgetall?.([b('f'), b('v')])).toEqual({ f: b('v') });
    const zrange = replyTransform('zrange', ['z', 0, -1, { withscores: true }]);
    expect(zrange?.([b('a'), b('1.5')])).toEqual([{ member: b('a'), score: 1.5 }]);
    // Protocol text is a string whatever the view: OK, TYPE, cursors, stream IDs.
    expect(replyTransform('set', ['k', 'v'])?.(b('OK'))).toBe('OK');
    expect(replyTransform('type', ['k'])?.(b('list'))).toBe('list');
    expect(replyTransform('scan', ['0'])?.([b('0'), [b('k')]])).toEqual({
      cursor: '0',
      keys: [b('k')],
    });
    expect(replyTransform('info', [])?.(new VerbatimString('txt', b('# S\r\n')))).toEqual(
      b('# S\r\n'),
    );
  });

  it('rejects a reply of the wrong shape with a TypeError', () => {
    expect(() => replyTransform('hgetall', ['h'])?.(['odd'])).toThrow(TypeError);
    expect(() => replyTransform('incr', ['n'])?.('abc')).toThrow(TypeError);
  });

  it('has no transform for commands outside the table', () => {
    expect(replyTransform('objectEncoding', ['k'])).toBeUndefined();
  });
});
