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
