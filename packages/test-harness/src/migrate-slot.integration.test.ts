import { afterAll, describe, expect, it } from 'vitest';
import { planRestore } from './cluster-baseline.js';
import { ownsSlot } from './cluster-nodes.js';
import { getTestServers } from './context.js';
import { HarnessStateError, ServerReplyError } from './errors.js';
import { hashTagForSlot } from './key-slot.js';

const { cluster, faults } = getTestServers();

afterAll(() => faults.restore());

const SLOT = 1234;
const KEYS = Array.from({ length: 250 }, (_, index) => `{${hashTagForSlot(SLOT)}}:key:${index}`);

describe('migrateSlot (SETSLOT IMPORTING/MIGRATING, GETKEYSINSLOT + MIGRATE, SETSLOT NODE)', () => {
  it('moves the slot and all its keys to the target, and every node sees the new owner', async () => {
    const source = await cluster.nodeForSlot(SLOT);
    const target = (await cluster.primaries()).find((node) => node.id !== source.id)!;
    for (const key of KEYS) await cluster.command(source, 'SET', key, key);

    const migration = await faults.migrateSlot(SLOT, target, { batchSize: 100 });
    expect(migration).toMatchObject({ slot: SLOT, keysMoved: KEYS.length });
    expect(migration.from.id).toBe(source.id);

    expect(await cluster.command(target, 'CLUSTER', 'COUNTKEYSINSLOT', SLOT)).toBe(KEYS.length);
    expect(await cluster.command(source, 'CLUSTER', 'COUNTKEYSINSLOT', SLOT)).toBe(0);
    expect(await cluster.command(target, 'GET', KEYS[42]!)).toBe(KEYS[42]);
    expect((await cluster.nodeForSlot(SLOT)).id).toBe(target.id);
    for (const view of await cluster.snapshot()) {
      expect(view.nodes.find((info) => ownsSlot(info, SLOT))?.id).toBe(target.id);
    }
    const moved = await cluster.command(source, 'GET', KEYS[0]!).catch((error: unknown) => error);
    expect(moved).toBeInstanceOf(ServerReplyError);
    expect((moved as ServerReplyError).message).toBe(`MOVED ${SLOT} ${target.host}:${target.port}`);
  });

  it('refuses a target that is not a primary', async () => {
    const [replica] = await cluster.replicas();
    await expect(faults.migrateSlot(SLOT, replica!)).rejects.toBeInstanceOf(HarnessStateError);
  });

  it('restore moves the slot and its keys back', async () => {
    await faults.restore();
    expect(planRestore(cluster.setup.baseline, await cluster.clusterNodes())).toEqual([]);
    const owner = await cluster.nodeForSlot(SLOT);
    expect(await cluster.command(owner, 'CLUSTER', 'COUNTKEYSINSLOT', SLOT)).toBe(KEYS.length);
    await cluster.flushAll();
  });
});
