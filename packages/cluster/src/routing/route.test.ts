import { type CommandSpec, commandSpecs, extractKeys } from '@redwire/client';
import type { CommandArgument, RespValue } from '@redwire/protocol';
import { describe, expect, it } from 'vitest';
import { CrossSlotError } from '../errors.js';
import { requestPolicyOf, responsePolicyOf, routeCommand } from './route.js';
import { slotOf } from './slot.js';
import type { CommandRoute, Outcome } from './types.js';

// Slots: a 15495, b 3300, c 7365, d 11298; `{a}x` and `{a}y` are in a's slot.
function spec(name: string): CommandSpec {
  const found = commandSpecs[name];
  if (found === undefined) throw new Error(`no spec for ${name}`);
  return found;
}

function route(...args: CommandArgument[]): CommandRoute {
  const first = String(args[0]).toUpperCase();
  const sub = `${first} ${String(args[1]).toUpperCase()}`;
  return routeCommand(args, commandSpecs[sub] ?? spec(first));
}

function fanout(r: CommandRoute) {
  if (r.kind !== 'fanout') throw new Error(`expected a fan-out, got ${r.kind}`);
  return r;
}

function split(r: CommandRoute) {
  if (r.kind !== 'split') throw new Error(`expected a split, got ${r.kind}`);
  return r;
}

const ok = (value: RespValue): Outcome => ({ ok: true, value });

describe('routeCommand: keys in one slot', () => {
  it('sends a one-key command to its slot, read-only per its flags', () => {
    expect(route('GET', 'a')).toEqual({ kind: 'slot', slot: 15_495, readOnly: true });
    expect(route('SET', 'a', '1')).toEqual({ kind: 'slot', slot: 15_495, readOnly: false });
    expect(route('HGETALL', 'user:1')).toEqual({ kind: 'slot', slot: 10_778, readOnly: true });
  });

  it('reuses one immutable route per slot and access, so the hot path allocates nothing', () => {
    expect(route('GET', 'a')).toBe(route('get', '{a}x'));
    expect(route('GET', 'a')).not.toBe(route('SET', 'a', '1'));
    expect(Object.isFrozen(route('GET', 'a'))).toBe(true);
  });

  it('hashes a number key as its decimal text', () => {
    expect(route('GET', 42)).toEqual(route('GET', '42'));
    expect(route('INCR', 42n)).toEqual(route('INCR', '42'));
  });

  it('routes multi-key commands whose keys share a slot', () => {
    expect(route('MSETNX', '{a}x', '1', '{a}y', '2')).toEqual({
      kind: 'slot',
      slot: 15_495,
      readOnly: false,
    });
    expect(route('SUNIONSTORE', '{a}x', 'a', '{a}y').kind).toBe('slot');
    expect(route('LMOVE', 'a', '{a}x', 'LEFT', 'RIGHT')).toMatchObject({
      kind: 'slot',
      slot: 15_495,
    });
    expect(route('MGET', 'a', '{a}x')).toMatchObject({ kind: 'slot', readOnly: true });
    expect(route('DEL', 'a', 'a')).toMatchObject({ kind: 'slot', readOnly: false });
  });

  it('finds the keys of scripts and functions from numkeys', () => {
    expect(route('EVAL', 'return 1', 2, 'a', '{a}x', 'b')).toMatchObject({
      kind: 'slot',
      slot: 15_495,
      readOnly: false,
    });
    expect(route('EVAL_RO', 'return 1', 1, 'b')).toEqual({
      kind: 'slot',
      slot: 3_300,
      readOnly: true,
    });
    expect(route('EVALSHA_RO', 'abc', 1, 'b')).toEqual({
      kind: 'slot',
      slot: 3_300,
      readOnly: true,
    });
    expect(route('FCALL', 'f', 1, 'c', 'arg')).toEqual({
      kind: 'slot',
      slot: 7_365,
      readOnly: false,
    });
    expect(route('FCALL_RO', 'f', 1, 'c')).toEqual({ kind: 'slot', slot: 7_365, readOnly: true });
  });

  it('routes shard channels like keys', () => {
    expect(route('SPUBLISH', 'ch', 'hello')).toEqual({
      kind: 'slot',
      slot: 13_271,
      readOnly: false,
    });
    expect(route('SSUBSCRIBE', 'ch', '{ch}2')).toMatchObject({ kind: 'slot', slot: 13_271 });
  });

  it('finds keys after a keyword and with the server procedure (XREAD, SORT ... STORE)', () => {
    expect(route('XREAD', 'COUNT', 1, 'STREAMS', 'a', '{a}x', '0', '0')).toMatchObject({
      kind: 'slot',
      slot: 15_495,
    });
    expect(() => route('SORT', 'a', 'STORE', 'b')).toThrow(CrossSlotError);
    expect(route('SORT', 'a', 'STORE', '{a}y')).toMatchObject({ kind: 'slot', slot: 15_495 });
  });
});

describe('routeCommand: no keys', () => {
  it('sends an unknown command anywhere, never as a read', () => {
    expect(routeCommand(['JSON.GET', 'doc'], undefined)).toEqual({ kind: 'any', readOnly: false });
  });

  it('sends a keyless command without a request policy anywhere', () => {
    expect(route('PUBLISH', 'news', 'hi')).toEqual({ kind: 'any', readOnly: false });
    expect(route('CLUSTER', 'INFO')).toEqual({ kind: 'any', readOnly: false });
    expect(route('TIME')).toEqual({ kind: 'any', readOnly: false });
    expect(route('EVAL', 'return 1', 0)).toEqual({ kind: 'any', readOnly: false });
    expect(route('EVAL_RO', 'return 1', 0)).toEqual({ kind: 'any', readOnly: true });
    expect(route('FCALL', 'f', 0)).toEqual({ kind: 'any', readOnly: false });
  });

  it('sends a command short of its key anywhere (the server reports the arity)', () => {
    expect(route('GET')).toEqual({ kind: 'any', readOnly: true });
    expect(route('MGET')).toEqual({ kind: 'any', readOnly: true });
  });

  it('sends commands with a special policy to one node (SCAN, INFO, MEMORY STATS)', () => {
    expect(route('SCAN', 0)).toEqual({ kind: 'any', readOnly: true });
    expect(route('INFO')).toEqual({ kind: 'any', readOnly: false });
    expect(route('MEMORY', 'STATS')).toEqual({ kind: 'any', readOnly: false });
    expect(route('LATENCY', 'DOCTOR')).toEqual({ kind: 'any', readOnly: false });
    expect(route('FUNCTION', 'STATS')).toEqual({ kind: 'any', readOnly: false });
  });

  it('sends RANDOMKEY to one node: a merge of one key per shard is no random key', () => {
    expect(route('RANDOMKEY')).toEqual({ kind: 'any', readOnly: true });
  });

  it('fans out to every primary and sums DBSIZE', () => {
    const r = fanout(route('DBSIZE'));
    expect(r).toMatchObject({ to: 'primaries', readOnly: true });
    expect(r.merge([ok(1), ok(2), ok(3)])).toBe(6);
  });

  it('fans out KEYS and concatenates, FLUSHALL and wants every OK', () => {
    expect(fanout(route('KEYS', '*')).merge([ok(['a']), ok(['b'])])).toEqual(['a', 'b']);
    const flush = fanout(route('FLUSHALL'));
    expect(flush).toMatchObject({ to: 'primaries', readOnly: false });
    expect(() => flush.merge([ok('OK'), { ok: false, error: new Error('READONLY') }])).toThrow(
      'READONLY',
    );
  });

  it('fans out to every node for all_nodes commands (SCRIPT LOAD, CONFIG SET, SLOWLOG)', () => {
    expect(fanout(route('SCRIPT', 'LOAD', 'return 1')).to).toBe('all');
    expect(fanout(route('CONFIG', 'SET', 'maxmemory', '1mb')).to).toBe('all');
    expect(fanout(route('SLOWLOG', 'LEN')).merge([ok(1), ok(4)])).toBe(5);
    expect(fanout(route('SLOWLOG', 'GET')).merge([ok([['e1']]), ok([['e2']])])).toEqual([
      ['e1'],
      ['e2'],
    ]);
  });

  it('ANDs SCRIPT EXISTS element-wise and takes any success of SCRIPT KILL', () => {
    expect(fanout(route('SCRIPT', 'EXISTS', 's1', 's2')).merge([ok([1, 1]), ok([0, 1])])).toEqual([
      0, 1,
    ]);
    const kill = fanout(route('SCRIPT', 'KILL'));
    expect(kill.merge([{ ok: false, error: new Error('NOTBUSY') }, ok('OK')])).toBe('OK');
  });

  it('fans WAIT out to every primary and takes the smallest count', () => {
    const wait = fanout(route('WAIT', 1, 100));
    expect(wait.to).toBe('primaries');
    expect(wait.merge([ok(1), ok(0), ok(2)])).toBe(0);
  });

  // With no keys, as here, the multi_shard commands (DEL, MGET, ...) go anywhere.
  it('routes every tipped command of the snapshot as documented', () => {
    const seen: Record<string, string> = {};
    for (const [name, s] of Object.entries(commandSpecs)) {
      if (requestPolicyOf(s) === undefined) continue;
      const r = routeCommand(name.split(' '), s);
      seen[name] = r.kind === 'fanout' ? `fanout ${r.to}` : r.kind;
    }
    expect(seen).toMatchInlineSnapshot(`
      {
        "CONFIG SET": "fanout all",
        "DBSIZE": "fanout primaries",
        "DEL": "any",
        "EXISTS": "any",
        "FLUSHALL": "fanout primaries",
        "FLUSHDB": "fanout primaries",
        "FUNCTION DELETE": "fanout primaries",
        "FUNCTION FLUSH": "fanout primaries",
        "FUNCTION KILL": "fanout primaries",
        "FUNCTION LOAD": "fanout primaries",
        "FUNCTION RESTORE": "fanout primaries",
        "FUNCTION STATS": "any",
        "INFO": "any",
        "KEYS": "fanout primaries",
        "LATENCY DOCTOR": "any",
        "LATENCY GRAPH": "any",
        "LATENCY HISTOGRAM": "any",
        "LATENCY HISTORY": "any",
        "LATENCY LATEST": "any",
        "LATENCY RESET": "fanout all",
        "MEMORY DOCTOR": "any",
        "MEMORY MALLOC-STATS": "any",
        "MEMORY PURGE": "fanout primaries",
        "MEMORY STATS": "any",
        "MGET": "any",
        "MSET": "any",
        "MSETNX": "any",
        "PING": "fanout primaries",
        "RANDOMKEY": "any",
        "SCAN": "any",
        "SCRIPT EXISTS": "fanout primaries",
        "SCRIPT FLUSH": "fanout all",
        "SCRIPT KILL": "fanout primaries",
        "SCRIPT LOAD": "fanout all",
        "SLOWLOG GET": "fanout all",
        "SLOWLOG LEN": "fanout all",
        "SLOWLOG RESET": "fanout all",
        "TOUCH": "any",
        "UNLINK": "any",
        "WAIT": "fanout primaries",
      }
    `);
  });
});

describe('routeCommand: keys in several slots', () => {
  it('throws CrossSlotError for a command that cannot be split, naming it and the slots', () => {
    const attempt = () => route('MSETNX', 'a', '1', 'b', '2', '{a}x', '3');
    expect(attempt).toThrow(CrossSlotError);
    expect(attempt).toThrow(/^MSETNX keys hash to different slots \(15495, 3300\)/);
    try {
      attempt();
    } catch (error) {
      expect(error).toMatchObject({
        command: 'MSETNX',
        slots: [15_495, 3_300],
        code: 'REDWIRE_CROSS_SLOT',
      });
    }
    expect(() => route('SUNIONSTORE', 'a', 'b')).toThrow(CrossSlotError);
    expect(() => route('BLPOP', 'a', 'b', 0)).toThrow(CrossSlotError);
    expect(() => route('EVAL', 'return 1', 2, 'a', 'b')).toThrow(CrossSlotError);
    expect(() => route('SSUBSCRIBE', 'a', 'b')).toThrow(CrossSlotError);
  });

  it('splits MGET per slot and puts the values back in key order', () => {
    const r = split(route('MGET', 'a', 'b', '{a}x', 'c', 'b'));
    expect(r.readOnly).toBe(true);
    expect(r.parts).toEqual([
      { slot: 15_495, args: ['MGET', 'a', '{a}x'] },
      { slot: 3_300, args: ['MGET', 'b', 'b'] },
      { slot: 7_365, args: ['MGET', 'c'] },
    ]);
    const merged = r.merge([ok(['va', 'vax']), ok(['vb', 'vb']), ok([null])]);
    expect(merged).toEqual(['va', 'vb', 'vax', null, 'vb']);
  });

  it('splits MSET with each key’s value and succeeds only if every part did', () => {
    const r = split(route('mset', 'a', '1', 'b', '2', '{a}x', '3'));
    expect(r.readOnly).toBe(false);
    expect(r.parts).toEqual([
      { slot: 15_495, args: ['mset', 'a', '1', '{a}x', '3'] },
      { slot: 3_300, args: ['mset', 'b', '2'] },
    ]);
    expect(r.merge([ok('OK'), ok('OK')])).toBe('OK');
    expect(() => r.merge([ok('OK'), { ok: false, error: new Error('OOM') }])).toThrow('OOM');
  });

  it('splits DEL, UNLINK, EXISTS and TOUCH and sums the counts', () => {
    for (const name of ['DEL', 'UNLINK', 'EXISTS', 'TOUCH']) {
      const r = split(route(name, 'a', 'b', 'c', 'a'));
      expect(r.parts.map((part) => part.args)).toEqual([
        [name, 'a', 'a'],
        [name, 'b'],
        [name, 'c'],
      ]);
      expect(r.merge([ok(2), ok(0), ok(1)])).toBe(3);
    }
    expect(split(route('EXISTS', 'a', 'b')).readOnly).toBe(true);
    expect(split(route('DEL', 'a', 'b')).readOnly).toBe(false);
  });

  it('does not split an MSET whose arguments are not pairs: the server refuses it whole', () => {
    expect(route('MSET', 'a', '1', 'b')).toEqual({ kind: 'slot', slot: 15_495, readOnly: false });
  });
});

describe('routeCommand over every command of the snapshot', () => {
  it('routes by the slot of the keys extractKeys finds, the fast path included', () => {
    // Every argument is a key of one slot, so any key spec finds keys of that slot or none.
    const slot = slotOf('t');
    for (const [name, s] of Object.entries(commandSpecs)) {
      const args = [...name.split(' '), '{t}1', '{t}2', '{t}3', '{t}4', '{t}5'];
      const keys = extractKeys(s, args, { includeNotKeys: true });
      const r = routeCommand(args, s);
      if (keys.length > 0) expect(r, name).toMatchObject({ kind: 'slot', slot });
      else expect(r.kind, name).not.toBe('slot');
      const readOnly = s.flags.includes('readonly') && !s.flags.includes('write');
      expect(r.readOnly, name).toBe(readOnly);
    }
  });

  it('reads unknown policies as special, so a learned command goes to one node', () => {
    const learned: CommandSpec = {
      ...spec('DBSIZE'),
      name: 'FUTURE',
      tips: ['request_policy:some_shards', 'response_policy:agg_median'],
    };
    expect(requestPolicyOf(learned)).toBe('special');
    expect(responsePolicyOf(learned)).toBe('special');
    expect(routeCommand(['FUTURE'], learned)).toEqual({ kind: 'any', readOnly: true });
  });
});
