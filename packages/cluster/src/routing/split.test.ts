import { type CommandSpec, commandSpecs } from '@redwire/client';
import { describe, expect, it } from 'vitest';
import { SPLITTABLE, splitCommand, splitRule } from './split.js';

function spec(name: string): CommandSpec {
  const found = commandSpecs[name];
  if (found === undefined) throw new Error(`no spec for ${name}`);
  return found;
}

describe('splitRule', () => {
  it('splits exactly MGET, MSET, DEL, UNLINK, EXISTS and TOUCH', () => {
    expect([...SPLITTABLE].sort()).toEqual(['DEL', 'EXISTS', 'MGET', 'MSET', 'TOUCH', 'UNLINK']);
    for (const name of SPLITTABLE)
      expect(splitRule(spec(name), undefined, false), name).toBeDefined();
    expect(splitRule(spec('MSET'), 'all_succeeded', false)?.step).toBe(2);
    expect(splitRule(spec('DEL'), 'agg_sum', false)?.step).toBe(1);
  });

  it('never splits MSETNX or any other multi-key command', () => {
    for (const name of ['MSETNX', 'SUNIONSTORE', 'RENAME', 'BLPOP', 'EVAL', 'SINTER', 'PFCOUNT']) {
      expect(splitRule(spec(name), undefined, false), name).toBeUndefined();
    }
  });

  it('does not split a spec of another shape, as a newer server might describe one', () => {
    const mget = spec('MGET');
    const [keySpec] = mget.keySpecs;
    if (keySpec === undefined) throw new Error('MGET has a key spec');
    const fromTwo: CommandSpec = {
      ...mget,
      keySpecs: [{ ...keySpec, beginSearch: { type: 'index', index: 2 } }],
    };
    expect(splitRule(fromTwo, undefined, true)).toBeUndefined();
    expect(splitRule({ ...mget, keySpecs: [keySpec, keySpec] }, undefined, true)).toBeUndefined();
    const bounded: CommandSpec = {
      ...mget,
      keySpecs: [{ ...keySpec, findKeys: { type: 'range', lastKey: 2, keyStep: 1, limit: 0 } }],
    };
    expect(splitRule(bounded, undefined, true)).toBeUndefined();
  });
});

describe('splitCommand', () => {
  it('groups keys per slot in order of first appearance, each group in user order', () => {
    const rule = splitRule(spec('DEL'), 'agg_sum', false);
    if (rule === undefined) throw new Error('DEL splits');
    const route = splitCommand(['DEL', 'c', 'a', 'b', '{c}1', 'a'], rule);
    expect(route?.parts.map((part) => part.args)).toEqual([
      ['DEL', 'c', '{c}1'],
      ['DEL', 'a', 'a'],
      ['DEL', 'b'],
    ]);
  });

  it('keeps Buffer and number keys as they were given', () => {
    const rule = splitRule(spec('MGET'), undefined, true);
    if (rule === undefined) throw new Error('MGET splits');
    const key = Buffer.from('b');
    const route = splitCommand(['MGET', 'a', key, 42], rule);
    expect(route?.parts.flatMap((part) => part.args.slice(1))).toContain(key);
    expect(route?.parts.flatMap((part) => part.args.slice(1))).toContain(42);
  });

  it('puts MGET values back in the order of the keys, across parts of several keys', () => {
    const rule = splitRule(spec('MGET'), undefined, true);
    if (rule === undefined) throw new Error('MGET splits');
    const route = splitCommand(['MGET', 'c', 'a', '{c}1', 'b', 'a'], rule);
    // Parts: [c, {c}1], [a, a], [b]; each answers its keys' values in its own order.
    const merged = route?.merge([
      { ok: true, value: ['C', 'C1'] },
      { ok: true, value: ['A', null] },
      { ok: true, value: ['B'] },
    ]);
    expect(merged).toEqual(['C', 'A', 'C1', 'B', null]);
  });

  it('moves MSET keys with their values, and splits the next command afresh', () => {
    const rule = splitRule(spec('MSET'), 'all_succeeded', false);
    if (rule === undefined) throw new Error('MSET splits');
    const first = splitCommand(['MSET', 'a', '1', 'b', '2', 'a', '3'], rule);
    expect(first?.parts.map((part) => part.args)).toEqual([
      ['MSET', 'a', '1', 'a', '3'],
      ['MSET', 'b', '2'],
    ]);
    // Slots seen by one split leave no trace in the next.
    const second = splitCommand(['MSET', 'b', '4', 'a', '5'], rule);
    expect(second?.parts.map((part) => part.args)).toEqual([
      ['MSET', 'b', '4'],
      ['MSET', 'a', '5'],
    ]);
  });

  it('fails an MGET with the error of the first part that failed, in the order of the parts', () => {
    const rule = splitRule(spec('MGET'), undefined, true);
    if (rule === undefined) throw new Error('MGET splits');
    const route = splitCommand(['MGET', 'a', 'b', 'c'], rule);
    const first = new Error('first');
    expect(() =>
      route?.merge([
        { ok: true, value: ['A'] },
        { ok: false, error: first },
        { ok: false, error: new Error('second') },
      ]),
    ).toThrow(first);
  });

  it('refuses a part whose reply does not have one value per key', () => {
    const rule = splitRule(spec('MGET'), undefined, true);
    if (rule === undefined) throw new Error('MGET splits');
    const route = splitCommand(['MGET', 'a', 'b'], rule);
    expect(() =>
      route?.merge([
        { ok: true, value: ['x'] },
        { ok: true, value: [] },
      ]),
    ).toThrow('MGET: part 1 should reply with 1 values');
  });
});
