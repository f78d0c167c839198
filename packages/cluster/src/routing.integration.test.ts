import { getEventListeners } from 'node:events';
import { ArgumentError } from '@redwire/protocol';
import { getTestServers, keySlot } from '@redwire/test-harness';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CrossSlotError } from './errors.js';
import { testCluster } from './test-helpers/cluster-client.js';

const { cluster } = getTestServers();

const KEYS = Array.from({ length: 10_000 }, (_, i) => `routing:${i}`);

// Over both protocols: RESP2 replies (nil bulk strings, 0/1 integers for booleans, flat arrays)
// reach the same splits, merges and fan-out aggregations as RESP3's.
describe.each([3, 2] as const)('slot routing on the six-node cluster, over RESP%i', (protocol) => {
  const redis = testCluster({ protocol });
  beforeAll(() => cluster.flushAll());
  afterAll(async () => {
    await redis.close();
    await cluster.flushAll();
  });

  it(`speaks RESP${protocol} to every node`, async () => {
    const nodes = await redis.nodes('all');
    const infos = await Promise.all(nodes.map((node) => node.sendCommand(['CLIENT', 'INFO'])));
    for (const info of infos) expect(String(info)).toMatch(new RegExp(` resp=${protocol}\\b`));
  });

  it('writes 10,000 keys over all three shards, each on the node that owns its slot', async () => {
    await Promise.all(KEYS.map((key) => redis.set(key, `v:${key}`)));
    expect(await Promise.all(KEYS.map((key) => redis.get(key)))).toEqual(
      KEYS.map((key) => `v:${key}`),
    );
    // Every shard got its share, and each key sits where the server says its slot lives.
    const primaries = await cluster.primaries();
    const sizes = await Promise.all(primaries.map((node) => cluster.command(node, 'DBSIZE')));
    expect(sizes.reduce((a, b) => (a as number) + (b as number), 0)).toBe(KEYS.length);
    for (const size of sizes) expect(size).toBeGreaterThan(3_000);
    for (const key of KEYS.filter((_, i) => i % 500 === 0)) {
      const owner = await cluster.nodeForSlot(keySlot(key));
      expect(await cluster.command(owner, 'GET', key)).toBe(`v:${key}`);
    }
  });

  it('splits MGET, MSET, DEL, EXISTS, TOUCH and UNLINK across slots and merges in the caller’s order', async () => {
    const keys = KEYS.slice(0, 500);
    const pairs = Object.fromEntries(keys.map((key) => [key, `m:${key}`]));
    expect(await redis.mset(pairs)).toBe('OK');
    const missing = 'routing:missing';
    expect(await redis.mget(...keys, missing)).toEqual([...keys.map((k) => `m:${k}`), null]);
    expect(await redis.exists(...keys, missing)).toBe(500);
    expect(await redis.touch(...keys.slice(0, 100))).toBe(100);
    expect(await redis.del(...keys.slice(0, 250), missing)).toBe(250);
    expect(await redis.unlink(...keys.slice(250))).toBe(250);
    expect(await redis.exists(...keys)).toBe(0);
  });

  it('puts one abort listener on a signal shared by the parts of split commands', async () => {
    const controller = new AbortController();
    const view = redis.withOptions({ signal: controller.signal });
    const keys = KEYS.slice(0, 100);
    const pending = [
      view.mget(...keys),
      view.exists(...keys),
      view
        .pipeline()
        .mget(...keys)
        .exec(),
    ];
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(1);
    controller.abort();
    for (const outcome of await Promise.allSettled(pending)) {
      expect(outcome.status).toBe('rejected');
    }
    expect(await redis.mget(keys[0] as string)).toHaveLength(1);
  });

  it('refuses MSETNX across slots before sending anything, naming the slots', async () => {
    const [a, b] = ['routing:nx:a', 'routing:nx:b'];
    const error = await redis.msetnx({ [a]: '1', [b]: '2' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CrossSlotError);
    expect((error as CrossSlotError).slots).toEqual(
      expect.arrayContaining([keySlot(a), keySlot(b)]),
    );
    expect(await redis.exists(a, b)).toBe(0);
    // With a hash tag the keys share a slot, and the command runs atomically.
    expect(await redis.msetnx({ '{nx}:a': '1', '{nx}:b': '2' })).toBe(true);
  });

  it('fans keyless commands out by their tips and aggregates the replies', async () => {
    expect(await redis.dbsize()).toBe(KEYS.length - 500 + 1 /* {nx} pair */ + 1);
    const keys = await redis.keys('routing:1234*');
    expect([...keys].sort()).toEqual(KEYS.filter((k) => k.startsWith('routing:1234')).sort());
    const sha = await redis.scriptLoad('return 1');
    expect(await redis.scriptExists(sha)).toEqual([true]);
    for (const node of await cluster.primaries()) {
      expect(await cluster.command(node, 'SCRIPT', 'EXISTS', sha)).toEqual([1]);
    }
    expect(await redis.ping()).toBe('PONG');
  });

  it('keeps a pipeline’s order across nodes', async () => {
    const pipeline = redis.pipeline();
    for (let i = 0; i < 1_000; i++) pipeline.set(`routing:p:${i}`, String(i)).get(`routing:p:${i}`);
    const replies = await pipeline.exec();
    expect(replies).toHaveLength(2_000);
    for (let i = 0; i < 1_000; i++) {
      expect(replies[2 * i]).toBe('OK');
      expect(replies[2 * i + 1]).toBe(String(i));
    }
  });

  it('settles every command of a pipeline mixing slots, keyless, split and failing commands, in order', async () => {
    await redis.set('routing:mixed:string', 'x');
    const settled = await redis
      .pipeline()
      .set('routing:mixed:a', '1')
      .sendCommand(['PING'])
      .mget('routing:mixed:a', 'routing:mixed:b', 'routing:mixed:string')
      .hget('routing:mixed:string', 'field')
      .msetnx({ 'routing:mixed:a': '1', 'routing:mixed:c': '2' })
      .get('routing:mixed:a')
      .execSettled();
    expect(settled.map((s) => s.status)).toEqual([
      'fulfilled',
      'fulfilled',
      'fulfilled',
      'rejected',
      'rejected',
      'fulfilled',
    ]);
    expect(settled.map((s) => (s.status === 'fulfilled' ? s.value : s.reason.name))).toEqual([
      'OK',
      'PONG',
      ['1', null, 'x'],
      'ReplyError',
      'CrossSlotError',
      '1',
    ]);
  });

  it('keeps each node’s order in a pipeline sent before the client knows the cluster', async () => {
    await using fresh = testCluster({ protocol });
    const replies = await fresh
      .pipeline()
      .set('routing:first:a', '1')
      .mget('routing:first:a', 'routing:first:b')
      .incr('routing:first:a')
      .get('routing:first:a')
      .exec();
    expect(replies).toEqual(['OK', ['1', null], 2, '2']);
  });

  it('runs MULTI on the owner of its one slot, and refuses one that spans slots', async () => {
    const replies = await redis.multi().set('{user:1}:name', 'ada').incr('{user:1}:visits').exec();
    expect(replies).toEqual(['OK', 1]);
    await expect(redis.multi().set('routing:a', '1').set('routing:b', '2').exec()).rejects.toThrow(
      CrossSlotError,
    );
    expect(await redis.exists('routing:a', 'routing:b')).toBe(0);
  });

  it('runs 20 concurrent WATCH transactions on one key exactly', async () => {
    const key = '{tx}:counter';
    await redis.set(key, '0');
    await Promise.all(
      Array.from({ length: 20 }, () =>
        redis.transaction(
          [key],
          async (tx) => {
            const n = Number(await tx.get(key));
            return tx.multi().set(key, String(n + 1));
          },
          { maxAttempts: 100 },
        ),
      ),
    );
    expect(await redis.get(key)).toBe('20');
  });

  it('scans every primary', async () => {
    const seen = new Set<string>();
    for await (const key of redis.scanIterator({ match: 'routing:p:*', count: 200 })) {
      seen.add(String(key));
    }
    expect(seen.size).toBe(1_000);
  });

  it('hands out a client per node', async () => {
    const primaries = await redis.nodes('primary');
    expect(primaries).toHaveLength(3);
    expect(await redis.nodes('replica')).toHaveLength(3);
    const roles = await Promise.all(primaries.map((node) => node.sendCommand(['ROLE'])));
    for (const role of roles) expect((role as unknown[])[0]).toBe('master');
  });

  it('refuses a raw command that would change a node’s shared connection for every caller', async () => {
    for (const args of [
      ['MULTI'],
      ['WATCH', 'routing:w'],
      ['SELECT', '0'],
      ['CLIENT', 'REPLY', 'OFF'],
    ]) {
      await expect(redis.sendCommand(args)).rejects.toBeInstanceOf(ArgumentError);
    }
    expect(() => redis.pipeline().sendCommand(['MULTI'])).toThrow(ArgumentError);
    expect(() => redis.multi().sendCommand(['SUBSCRIBE', 'news'])).toThrow(ArgumentError);
    // Had MULTI reached a node, its replies would now be QUEUED and the sum would fail.
    expect(typeof (await redis.dbsize())).toBe('number');
  });

  it('routes a raw sendCommand by the keys its spec names', async () => {
    await redis.sendCommand(['SET', 'routing:raw', 'x']);
    const owner = await cluster.nodeForSlot(keySlot('routing:raw'));
    expect(await cluster.command(owner, 'GET', 'routing:raw')).toBe('x');
    expect(await redis.sendCommand(['get', 'routing:raw'])).toBe('x');
  });
});
