import { readFileSync } from 'node:fs';
import type { RespValue } from '@redwire/protocol';
import { describe, expect, it } from 'vitest';
import {
  commandInfoName,
  commandSpecFromInfo,
  parseCommandInfo,
  type ServerKeySpec,
  toKeySpec,
} from './command-info.js';
import { commandSpecs } from './commands/generated/index.js';

// COMMAND INFO GET CLIENT (trimmed to one subcommand) as a RESP2 server sends it: maps are flat
// arrays of keys and values.
const getResp2: RespValue = [
  'get',
  2,
  ['readonly', 'fast'],
  1,
  1,
  1,
  ['@read', '@string', '@fast'],
  [],
  [
    [
      'flags',
      ['RO', 'access'],
      'begin_search',
      ['type', 'index', 'spec', ['index', 1]],
      'find_keys',
      ['type', 'range', 'spec', ['lastkey', 0, 'keystep', 1, 'limit', 0]],
    ],
  ],
  [],
];
const clientResp2: RespValue = [
  'client',
  -2,
  [],
  0,
  0,
  0,
  ['@slow'],
  [],
  [],
  [['client|setname', 3, ['noscript', 'loading', 'stale'], 0, 0, 0, ['@slow'], [], [], []]],
];

// The same as RESP3 decodes it (Redis 7.0): maps are Maps, and every list in a command is a set.
function map(entries: [string, RespValue][]): Map<RespValue, RespValue> {
  return new Map(entries);
}
const getResp3: RespValue = [
  'get',
  2,
  new Set(['readonly', 'fast']),
  1,
  1,
  1,
  new Set(['@read', '@string', '@fast']),
  new Set(),
  new Set([
    map([
      ['flags', new Set(['RO', 'access'])],
      [
        'begin_search',
        map([
          ['type', 'index'],
          ['spec', map([['index', 1]])],
        ]),
      ],
      [
        'find_keys',
        map([
          ['type', 'range'],
          [
            'spec',
            map([
              ['lastkey', 0],
              ['keystep', 1],
              ['limit', 0],
            ]),
          ],
        ]),
      ],
    ]),
  ]),
  new Set(),
];

describe('parseCommandInfo', () => {
  it('reads a RESP2 reply, subcommands flattened after their container', () => {
    const infos = parseCommandInfo([getResp2, null, clientResp2]);
    expect(infos.map((info) => info.name)).toEqual(['GET', 'CLIENT', 'CLIENT SETNAME']);
    expect(infos[0]).toEqual({
      name: 'GET',
      arity: 2,
      flags: ['readonly', 'fast'],
      firstKey: 1,
      lastKey: 1,
      step: 1,
      aclCategories: ['@read', '@string', '@fast'],
      tips: [],
      keySpecs: [
        {
          flags: ['RO', 'access'],
          beginSearch: { type: 'index', spec: { index: 1 } },
          findKeys: { type: 'range', spec: { lastkey: 0, keystep: 1, limit: 0 } },
        },
      ],
    });
    expect(infos[2]).toMatchObject({
      name: 'CLIENT SETNAME',
      arity: 3,
      flags: ['noscript', 'loading', 'stale'],
    });
  });

  it('reads a RESP3 reply (maps and sets) to the same result', () => {
    expect(parseCommandInfo([getResp3])).toEqual(parseCommandInfo([getResp2]));
  });

  it('reads Buffer replies as text', () => {
    const [info] = parseCommandInfo([
      [Buffer.from('get'), 2, [Buffer.from('readonly')], 1, 1, 1, [], [], [], []],
    ]);
    expect(info).toMatchObject({ name: 'GET', flags: ['readonly'] });
  });

  it('reads a server from before key specs (six or seven fields)', () => {
    const [info] = parseCommandInfo([['get', 2, ['readonly'], 1, 1, 1]]);
    expect(info).toMatchObject({ name: 'GET', tips: [], keySpecs: [], aclCategories: [] });
  });

  it('keeps a key spec note and skips what is not a command', () => {
    const withNotes = [
      'set',
      -3,
      ['write'],
      1,
      1,
      1,
      [],
      [],
      [['notes', 'RW and ACCESS due to the optional `GET` argument', 'flags', ['RW']]],
      [],
    ];
    const infos = parseCommandInfo([withNotes, 'junk', [1, 2]]);
    expect(infos).toHaveLength(1);
    expect(infos[0]?.keySpecs[0]).toEqual({
      flags: ['RW'],
      notes: 'RW and ACCESS due to the optional `GET` argument',
      beginSearch: { type: 'unknown', spec: {} },
      findKeys: { type: 'unknown', spec: {} },
    });
    expect(parseCommandInfo(null)).toEqual([]);
  });
});

describe('toKeySpec', () => {
  it('gives every key spec of the snapshot exactly as the generated specs hold it', () => {
    const file = new URL('../data/commands.json', import.meta.url);
    const snapshot = JSON.parse(readFileSync(file, 'utf8')) as {
      commands: Record<string, { keySpecs: ServerKeySpec[] }>;
    };
    const names = Object.keys(snapshot.commands);
    expect(names.length).toBeGreaterThan(300);
    for (const name of names) {
      const converted = snapshot.commands[name]?.keySpecs.map(toKeySpec);
      expect(converted, name).toEqual(commandSpecs[name]?.keySpecs);
    }
  });

  it('reads keyword and keynum searches', () => {
    const spec = toKeySpec({
      flags: ['RO'],
      beginSearch: { type: 'keyword', spec: { keyword: 'STREAMS', startfrom: 1 } },
      findKeys: { type: 'keynum', spec: { keynumidx: 0, firstkey: 1, keystep: 1 } },
    });
    expect(spec).toEqual({
      beginSearch: { type: 'keyword', keyword: 'STREAMS', startFrom: 1 },
      findKeys: { type: 'keynum', keyNumIdx: 0, firstKey: 1, keyStep: 1 },
      flags: ['RO'],
    });
  });

  it('turns a search it cannot trust into unknown rather than guessing', () => {
    const spec = toKeySpec({
      flags: [],
      beginSearch: { type: 'index', spec: { index: 'one' } },
      findKeys: { type: 'range', spec: { lastkey: 0 } },
    });
    expect(spec.beginSearch).toEqual({ type: 'unknown' });
    expect(spec.findKeys).toEqual({ type: 'unknown' });
  });
});

describe('commandSpecFromInfo', () => {
  it('builds the spec the generator would, docs taken from a known spec', () => {
    const [info] = parseCommandInfo([getResp2]);
    expect(commandSpecFromInfo(info!, commandSpecs.GET)).toEqual(commandSpecs.GET);
  });

  it('leaves the docs empty without one', () => {
    const [info] = parseCommandInfo([['json.get', -2, ['readonly'], 1, 1, 1, [], [], [], []]]);
    const spec = commandSpecFromInfo(info!);
    expect(spec).toMatchObject({ name: 'JSON.GET', group: '', summary: '', since: '' });
    expect(spec).not.toHaveProperty('complexity');
  });
});

describe('commandInfoName', () => {
  it('upper-cases a name and spells a subcommand after its container', () => {
    expect(commandInfoName('client|setname')).toBe('CLIENT SETNAME');
    expect(commandInfoName('georadius_ro')).toBe('GEORADIUS_RO');
  });
});
