import { commandSpecs } from '@redwire/client';
import { getTestServers } from '@redwire/test-harness';
import { beforeAll, describe, expect, it } from 'vitest';
import { CrossSlotError } from '../errors.js';
import { routeCommand } from './route.js';
import { slotOf } from './slot.js';
import { SpecRegistry } from './spec-registry.js';

const { cluster } = getTestServers();
const registry = new SpecRegistry();

beforeAll(() => cluster.waitForOk());

/** Any node that is up. */
function anyNode() {
  const node = cluster.nodes.find((candidate) => !cluster.isDown(candidate));
  if (node === undefined) throw new Error('no node of the test cluster is up');
  return node;
}

function strings(args: readonly unknown[]): string[] {
  return args.map(String);
}

describe('routing agrees with the server', () => {
  it('computes the slot CLUSTER KEYSLOT gives, hash tags and UTF-8 included', async () => {
    const keys = [
      'foo',
      '{user1000}.following',
      'foo{}{bar}',
      '{}{a}',
      'foo{{bar}}zap',
      'foo{bar}{zap}',
      '{abc',
      'abc}',
      'clé',
      'ключ{é}',
      '😀{😀}',
      'a\ud800b',
      '42',
      ...Array.from({ length: 200 }, (_, i) => `route:${i}:${'x'.repeat(i % 7)}`),
    ];
    const node = anyNode();
    const slots = await Promise.all(
      keys.map((key) => cluster.command(node, 'CLUSTER', 'KEYSLOT', key)),
    );
    expect(keys.map(slotOf)).toEqual(slots);
  });

  it('learns nothing new from a node running the snapshot version', async () => {
    const node = anyNode();
    const info = String(await cluster.command(node, 'INFO', 'server'));
    const learner = new SpecRegistry();
    const changed = learner.learn(await cluster.command(node, 'COMMAND', 'INFO'));
    if (/redis_version:7\.0\.15\r?\n/.test(info)) expect(changed).toEqual([]);
    expect(learner.lookup(['client', 'setname', 'x'])?.name).toBe('CLIENT SETNAME');
  });

  it('sends each part of a split to a node that accepts it (no CROSSSLOT)', async () => {
    const keys = Array.from({ length: 40 }, (_, i) => `route:split:${i}`);
    const mset = routeCommand(
      ['MSET', ...keys.flatMap((key) => [key, `v:${key}`])],
      commandSpecs.MSET,
    );
    const mget = routeCommand(['MGET', ...keys, 'route:split:missing'], commandSpecs.MGET);
    const del = routeCommand(['DEL', ...keys], commandSpecs.DEL);
    if (mset.kind !== 'split' || mget.kind !== 'split' || del.kind !== 'split') {
      throw new Error('40 keys should span slots');
    }
    const run = (parts: typeof mset.parts) =>
      Promise.all(
        parts.map(async (part) => ({
          ok: true as const,
          value: await cluster.command(await cluster.nodeForSlot(part.slot), ...strings(part.args)),
        })),
      );
    expect(mset.merge(await run(mset.parts))).toBe('OK');
    expect(mget.merge(await run(mget.parts))).toEqual([...keys.map((key) => `v:${key}`), null]);
    expect(del.merge(await run(del.parts))).toBe(keys.length);
  });

  it('refuses before sending what the server would refuse with CROSSSLOT', async () => {
    const args = ['MSETNX', 'route:a', '1', 'route:b', '2'];
    expect(slotOf('route:a')).not.toBe(slotOf('route:b'));
    expect(() => routeCommand(args, commandSpecs.MSETNX)).toThrow(CrossSlotError);
    const owner = await cluster.nodeForSlot(slotOf('route:a'));
    await expect(cluster.command(owner, ...args)).rejects.toThrow(/CROSSSLOT/);
  });

  it('finds the slot of the keys COMMAND GETKEYS names', async () => {
    const node = anyNode();
    const commands = [
      ['SET', '{r}1', 'v', 'EX', 10],
      ['EVAL', 'return 1', 2, '{r}1', '{r}2', 'arg'],
      ['XREAD', 'COUNT', 1, 'STREAMS', '{r}1', '{r}2', '0', '0'],
      ['ZUNIONSTORE', '{r}d', 2, '{r}1', '{r}2', 'WEIGHTS', 1, 2],
      ['SORT', '{r}1', 'BY', 'w_*', 'STORE', '{r}2'],
      ['OBJECT', 'ENCODING', '{r}1'],
      ['GEORADIUS', '{r}g', 1, 2, 3, 'km', 'STORE', '{r}d'],
    ] as const;
    for (const args of commands) {
      const keys = (await cluster.command(node, 'COMMAND', 'GETKEYS', ...args)) as string[];
      const slots = new Set(keys.map(slotOf));
      expect(slots.size, args.join(' ')).toBe(1);
      expect(routeCommand(args, registry.lookup(args)), args.join(' ')).toMatchObject({
        kind: 'slot',
        slot: [...slots][0],
      });
    }
  });
});
