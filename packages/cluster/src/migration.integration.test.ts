import { getTestServers, hashTagForSlot } from '@redwire/test-harness';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TooManyRedirectsError } from './errors.js';
import { delay, testCluster } from './test-helpers/cluster-client.js';

const { cluster, faults } = getTestServers();
const redis = testCluster();

beforeAll(() => cluster.flushAll());
afterAll(async () => {
  await redis.close();
  await faults.restore();
  await cluster.flushAll();
});

const SLOT = 4242;
const TAG = hashTagForSlot(SLOT);

describe('a slot migrated by hand while 100 workers write to it', () => {
  it('shows the user no error, keeps every acknowledged write, and follows both MOVED and ASK', async () => {
    // Keys already in the slot, so the migration has work to do while the workers run.
    await Promise.all(
      Array.from({ length: 2_000 }, (_, i) => redis.set(`{${TAG}}:old:${i}`, String(i))),
    );
    await redis.connect();
    const before = redis.stats;
    const acknowledged = new Map<string, string>();
    const errors: unknown[] = [];
    let running = true;
    let sequence = 0;
    const worker = async (id: number) => {
      while (running) {
        const key = `{${TAG}}:w:${id}:${sequence++}`;
        try {
          await redis.set(key, key);
          acknowledged.set(key, key);
        } catch (error) {
          errors.push(error);
        }
      }
    };
    const workers = Array.from({ length: 100 }, (_, id) => worker(id));
    await delay(100);
    const source = await cluster.nodeForSlot(SLOT);
    const target = (await cluster.primaries()).find((node) => node.id !== source.id)!;
    await faults.migrateSlot(SLOT, target, { batchSize: 50 });
    await delay(200);
    running = false;
    await Promise.all(workers);

    expect(errors).toEqual([]);
    expect(acknowledged.size).toBeGreaterThan(1_000);
    const keys = [...acknowledged.keys()];
    for (let i = 0; i < keys.length; i += 1_000) {
      const chunk = keys.slice(i, i + 1_000);
      expect(await redis.mget(...chunk)).toEqual(chunk);
    }
    expect(redis.stats.moved - before.moved).toBeGreaterThan(0);
    expect(redis.stats.ask - before.ask).toBeGreaterThan(0);
    expect(await cluster.command(target, 'CLUSTER', 'COUNTKEYSINSLOT', SLOT)).toBe(
      2_000 + acknowledged.size,
    );
  });

  it('keeps the order of a pipeline whose slot moves mid-flight', async () => {
    const owner = await cluster.nodeForSlot(SLOT);
    const other = (await cluster.primaries()).find((node) => node.id !== owner.id)!;
    const pipeline = redis.pipeline();
    for (let i = 0; i < 2_000; i++) pipeline.incr(`{${TAG}}:pipe`).get(`{${TAG}}:pipe`);
    const [replies] = await Promise.all([pipeline.exec(), faults.migrateSlot(SLOT, other)]);
    for (let i = 0; i < 2_000; i++) {
      expect(replies[2 * i]).toBe(i + 1);
      expect(replies[2 * i + 1]).toBe(String(i + 1));
    }
  });

  it('follows a BLPOP whose slot moved while it waited', async () => {
    const key = `{${TAG}}:queue`;
    const popped = redis.blpop(key, 10);
    await delay(100);
    const owner = await cluster.nodeForSlot(SLOT);
    const other = (await cluster.primaries()).find((node) => node.id !== owner.id)!;
    await faults.migrateSlot(SLOT, other);
    await redis.rpush(key, 'job');
    expect(await popped).toEqual({ key, element: 'job' });
  });

  it('runs a transaction again on the new owner when its slot moves between WATCH and EXEC', async () => {
    const key = `{${TAG}}:watched`;
    await redis.set(key, '10');
    let runs = 0;
    const result = await redis.transaction([key], async (tx) => {
      runs++;
      const n = Number(await tx.get(key));
      if (runs === 1) {
        const owner = await cluster.nodeForSlot(SLOT);
        const other = (await cluster.primaries()).find((node) => node.id !== owner.id)!;
        await faults.migrateSlot(SLOT, other);
      }
      return tx.multi().set(key, String(n + 1));
    });
    expect(result).toEqual(['OK']);
    expect(runs).toBeGreaterThanOrEqual(2);
    expect(await redis.get(key)).toBe('11');
  });

  it('gives up with TooManyRedirectsError, naming the slot and the path, past maxRedirections', async () => {
    await using strict = testCluster({ maxRedirections: 0, topologyCheckInterval: false });
    const key = `{${TAG}}:strict`;
    await strict.set(key, 'v');
    const owner = await cluster.nodeForSlot(SLOT);
    const other = (await cluster.primaries()).find((node) => node.id !== owner.id)!;
    // The client's map still names the old owner: the server answers MOVED.
    await faults.migrateSlot(SLOT, other);
    const error = await strict.get(key).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TooManyRedirectsError);
    expect(error).toMatchObject({
      code: 'REDWIRE_TOO_MANY_REDIRECTS',
      slot: SLOT,
      path: [`MOVED ${other.host}:${other.port}`],
    });
    // The MOVED patched the map: the next command goes straight to the new owner.
    expect(await strict.get(key)).toBe('v');
  });

  it('sends a MULTI block again to the new owner when the map still names the old one', async () => {
    await using stale = testCluster({ topologyCheckInterval: false });
    const key = `{${TAG}}:block`;
    await stale.set(key, '1');
    const owner = await cluster.nodeForSlot(SLOT);
    const other = (await cluster.primaries()).find((node) => node.id !== owner.id)!;
    await faults.migrateSlot(SLOT, other);
    const before = stale.stats.moved;
    // Queued at the old owner, every command answers MOVED and EXEC aborts: nothing ran there.
    expect(await stale.multi().incr(key).get(key).exec()).toEqual([2, '2']);
    expect(stale.stats.moved).toBeGreaterThan(before);
  });
});
