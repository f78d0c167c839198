import { type CommandSpec, commandSpecs } from '@redwire/client';
import type { RespValue } from '@redwire/protocol';
import { describe, expect, it } from 'vitest';
import { SpecRegistry, specsDiffer } from './spec-registry.js';

/** A COMMAND INFO entry as a RESP2 server sends it. */
function info(
  name: string,
  options: {
    arity?: number;
    flags?: string[];
    tips?: string[];
    keyIndex?: number;
    subs?: RespValue[];
  } = {},
): RespValue {
  const keySpecs =
    options.keyIndex === undefined
      ? []
      : [
          [
            'flags',
            ['RO', 'access'],
            'begin_search',
            ['type', 'index', 'spec', ['index', options.keyIndex]],
            'find_keys',
            ['type', 'range', 'spec', ['lastkey', 0, 'keystep', 1, 'limit', 0]],
          ],
        ];
  return [
    name,
    options.arity ?? -2,
    options.flags ?? [],
    0,
    0,
    0,
    [],
    options.tips ?? [],
    keySpecs,
    options.subs ?? [],
  ];
}

describe('SpecRegistry.lookup', () => {
  const registry = new SpecRegistry();

  it('finds a command by its name in any case', () => {
    expect(registry.lookup(['GET', 'k'])).toBe(commandSpecs.GET);
    expect(registry.lookup(['get', 'k'])).toBe(commandSpecs.GET);
    expect(registry.lookup(['gEt', 'k'])).toBe(commandSpecs.GET);
    expect(registry.lookup([Buffer.from('get'), 'k'])).toBe(commandSpecs.GET);
  });

  it('finds a subcommand after its container', () => {
    expect(registry.lookup(['client', 'setname', 'x'])).toBe(commandSpecs['CLIENT SETNAME']);
    expect(registry.lookup(['CONFIG', 'get', 'maxmemory'])).toBe(commandSpecs['CONFIG GET']);
    expect(registry.lookup(['object', 'Encoding', 'k'])).toBe(commandSpecs['OBJECT ENCODING']);
    expect(registry.lookup(['XINFO', Buffer.from('stream'), 's'])).toBe(
      commandSpecs['XINFO STREAM'],
    );
  });

  it('gives the container itself when no subcommand follows', () => {
    expect(registry.lookup(['CLIENT'])).toBe(commandSpecs.CLIENT);
  });

  it('knows nothing of an unknown command or an unknown subcommand', () => {
    expect(registry.lookup(['NOSUCH', 'k'])).toBeUndefined();
    expect(registry.lookup(['CLIENT', 'NO-SUCH-SUB'])).toBeUndefined();
    expect(registry.lookup([])).toBeUndefined();
  });

  it('names a command as COMMAND INFO does, subcommand included, other arguments never', () => {
    expect(registry.nameOf(['client', 'no-evict', 'on'])).toBe('CLIENT NO-EVICT');
    expect(registry.nameOf(['set', 'secret-key', 'secret-value'])).toBe('SET');
    expect(registry.nameOf(['json.get', 'k'])).toBe('JSON.GET');
    expect(registry.nameOf(['CLIENT'])).toBe('CLIENT');
  });

  it('starts from the specs it is given', () => {
    const only = new SpecRegistry({ GET: commandSpecs.GET as CommandSpec });
    expect(only.lookup(['get', 'k'])).toBe(commandSpecs.GET);
    expect(only.lookup(['set', 'k', 'v'])).toBeUndefined();
    expect(only.get('GET')).toBe(commandSpecs.GET);
  });

  it('does not grow without bound on made-up names', () => {
    const fresh = new SpecRegistry();
    for (let i = 0; i < 5_000; i++) expect(fresh.lookup([`made-up-${i}`])).toBeUndefined();
    expect(fresh.lookup(['get', 'k'])).toBe(commandSpecs.GET);
  });
});

describe('SpecRegistry.learn', () => {
  it('learns a module command, and a subcommand newer than the snapshot, from COMMAND INFO', () => {
    const registry = new SpecRegistry();
    const changed = registry.learn([
      info('json.get', { flags: ['readonly'], keyIndex: 1 }),
      info('client', { subs: [info('client|no-touch', { arity: 3, flags: ['noscript'] })] }),
    ]);
    expect(changed).toEqual(['JSON.GET', 'CLIENT NO-TOUCH']);
    expect(registry.lookup(['JSON.GET', 'doc', '$'])).toMatchObject({
      name: 'JSON.GET',
      flags: ['readonly'],
      keySpecs: [{ beginSearch: { type: 'index', index: 1 } }],
    });
    expect(registry.lookup(['client', 'no-touch', 'on'])?.name).toBe('CLIENT NO-TOUCH');
    // CLIENT itself said nothing new: the snapshot's object stays.
    expect(registry.get('CLIENT')).toBe(commandSpecs.CLIENT);
  });

  it('keeps a snapshot spec the server agrees with, object and all', () => {
    const registry = new SpecRegistry();
    const get = info('get', { arity: 2, flags: ['fast', 'readonly'], keyIndex: 1 });
    expect(registry.learn([get])).toEqual([]);
    expect(registry.get('GET')).toBe(commandSpecs.GET);
  });

  it('replaces a spec the server describes differently, keeping its docs', () => {
    const registry = new SpecRegistry();
    expect(registry.lookup(['get', 'k'])).toBe(commandSpecs.GET);
    expect(
      registry.learn([info('get', { arity: 2, flags: ['readonly'], keyIndex: 1, tips: ['x'] })]),
    ).toEqual(['GET']);
    const learned = registry.lookup(['get', 'k']);
    expect(learned).not.toBe(commandSpecs.GET);
    expect(learned).toMatchObject({
      tips: ['x'],
      group: 'string',
      summary: commandSpecs.GET?.summary,
    });
  });

  it('learns a new container, so its subcommands resolve', () => {
    const registry = new SpecRegistry();
    expect(registry.lookup(['FT.CONFIG', 'GET', 'x'])).toBeUndefined();
    registry.learn([info('ft.config', { subs: [info('ft.config|get', { arity: 3 })] })]);
    expect(registry.lookup(['ft.config', 'get', 'x'])?.name).toBe('FT.CONFIG GET');
  });
});

describe('specsDiffer', () => {
  const get = commandSpecs.GET as CommandSpec;

  it('sees no difference in docs, or in the order of flags and tips', () => {
    expect(specsDiffer(get, { ...get, summary: 'other', group: '' })).toBe(false);
    expect(specsDiffer(get, { ...get, flags: [...get.flags].reverse() })).toBe(false);
    const mset = commandSpecs.MSET as CommandSpec;
    expect(specsDiffer(mset, { ...mset, tips: [...mset.tips].reverse() })).toBe(false);
  });

  it('sees a different arity, flag, tip or key spec', () => {
    expect(specsDiffer(get, { ...get, arity: -2 })).toBe(true);
    expect(specsDiffer(get, { ...get, flags: ['readonly'] })).toBe(true);
    expect(specsDiffer(get, { ...get, flags: ['readonly', 'write'] })).toBe(true);
    expect(specsDiffer(get, { ...get, tips: ['request_policy:all_shards'] })).toBe(true);
    expect(specsDiffer(get, { ...get, keySpecs: [] })).toBe(true);
    const [keySpec] = get.keySpecs;
    if (keySpec === undefined) throw new Error('GET has a key spec');
    const moved = { ...keySpec, beginSearch: { type: 'index', index: 2 } } as const;
    expect(specsDiffer(get, { ...get, keySpecs: [moved] })).toBe(true);
    const reflagged = { ...keySpec, flags: ['RW'] };
    expect(specsDiffer(get, { ...get, keySpecs: [reflagged] })).toBe(true);
    const unknown = { ...keySpec, findKeys: { type: 'unknown' } } as const;
    expect(specsDiffer(get, { ...get, keySpecs: [unknown] })).toBe(true);
  });
});
