import { describe, expect, it } from 'vitest';
import { SlotMap } from './slot-map.js';
import { idFor, node, shard, threeShards } from './test-replies.js';

const HOST = '10.0.0.1';

describe('SlotMap', () => {
  it('finds each slot shard, primary and replicas', () => {
    const view = threeShards();
    const map = new SlotMap(view);
    expect(map.view).toBe(view);
    expect(map.primaryFor(0)?.key).toBe('10.0.0.1:7000');
    expect(map.primaryFor(5460)?.key).toBe('10.0.0.1:7000');
    expect(map.primaryFor(5461)?.key).toBe('10.0.0.1:7001');
    expect(map.primaryFor(16383)?.key).toBe('10.0.0.1:7002');
    expect(map.shardFor(10922)).toBe(view.shards[1]);
    expect(map.replicasFor(12000).map((r) => r.key)).toEqual(['10.0.0.1:7005']);
    expect(map.isComplete).toBe(true);
    expect(map.uncoveredSlots()).toEqual([]);
  });

  it('answers undefined (and no replicas) for slots no shard serves and for non-slots', () => {
    const map = new SlotMap({ shards: [shard([[100, 199]], node(HOST, 7000))] });
    for (const slot of [0, 99, 200, 16383, 16384, -1, 1.5, Number.NaN]) {
      expect(map.primaryFor(slot), String(slot)).toBeUndefined();
      expect(map.shardFor(slot)).toBeUndefined();
      expect(map.replicasFor(slot)).toEqual([]);
    }
    expect(map.isComplete).toBe(false);
    expect(map.uncoveredSlots()).toEqual([
      { start: 0, end: 99 },
      { start: 200, end: 16383 },
    ]);
  });

  it('serves a primary with several ranges', () => {
    const primary = node(HOST, 7000);
    const map = new SlotMap({
      shards: [
        shard(
          [
            [0, 10],
            [20, 30],
          ],
          primary,
        ),
        shard([[11, 19]], node(HOST, 7001)),
      ],
    });
    expect([0, 10, 20, 30].map((slot) => map.primaryFor(slot))).toEqual([
      primary,
      primary,
      primary,
      primary,
    ]);
    expect(map.primaryFor(15)?.key).toBe('10.0.0.1:7001');
    expect(map.uncoveredSlots()).toEqual([{ start: 31, end: 16383 }]);
  });

  it('lists primaries, every distinct node, and the shards serving slots', () => {
    const view = threeShards();
    const map = new SlotMap(view);
    expect(map.primaries().map((n) => n.key)).toEqual([
      '10.0.0.1:7000',
      '10.0.0.1:7001',
      '10.0.0.1:7002',
    ]);
    expect(map.nodes().map((n) => n.key)).toEqual([
      '10.0.0.1:7000',
      '10.0.0.1:7003',
      '10.0.0.1:7001',
      '10.0.0.1:7004',
      '10.0.0.1:7002',
      '10.0.0.1:7005',
    ]);
    expect(map.shards()).toBe(view.shards);
    expect(map.primaries()).toBe(map.primaries());
    expect(map.node('10.0.0.1:7004')?.role).toBe('replica');
    expect(map.node('10.0.0.1:7001')?.role).toBe('primary');
    expect(map.node('10.0.0.1:9999')).toBeUndefined();
  });

  describe('patch (after MOVED)', () => {
    it('points the slot at a known primary (a migration)', () => {
      const map = new SlotMap(threeShards());
      expect(map.patch(100, { host: HOST, port: 7001 })).toBe(true);
      expect(map.primaryFor(100)?.key).toBe('10.0.0.1:7001');
      expect(map.primaryFor(99)?.key).toBe('10.0.0.1:7000');
      expect(map.replicasFor(100).map((r) => r.key)).toEqual(['10.0.0.1:7004']);
      expect(map.patch(100, { host: HOST, port: 7001 })).toBe(false);
      expect(map.shards().map((s) => s.slots)).toEqual([
        [
          { start: 0, end: 99 },
          { start: 101, end: 5460 },
        ],
        [
          { start: 100, end: 100 },
          { start: 5461, end: 10922 },
        ],
        [{ start: 10923, end: 16383 }],
      ]);
    });

    it('returns false when the slot already belongs there', () => {
      const map = new SlotMap(threeShards());
      const before = map.primaries();
      expect(map.patch(0, { host: HOST, port: 7000 })).toBe(false);
      expect(map.primaries()).toBe(before);
    });

    it('promotes a known replica over its whole shard (a failover)', () => {
      const map = new SlotMap(threeShards());
      expect(map.patch(42, { host: HOST, port: 7003 })).toBe(true);
      for (const slot of [0, 42, 5460]) {
        expect(map.primaryFor(slot)).toMatchObject({
          key: '10.0.0.1:7003',
          role: 'primary',
          id: idFor(7003),
        });
      }
      expect(map.replicasFor(0)).toEqual([]);
      expect(map.node('10.0.0.1:7000')).toBeUndefined();
      expect(map.node('10.0.0.1:7003')?.role).toBe('primary');
      expect(map.primaries().map((n) => n.key)).toEqual([
        '10.0.0.1:7003',
        '10.0.0.1:7001',
        '10.0.0.1:7002',
      ]);
      expect(map.nodes().map((n) => n.key)).not.toContain('10.0.0.1:7000');
      // The next MOVED to it, for another slot of the shard, finds it already in charge.
      expect(map.patch(43, { host: HOST, port: 7003 })).toBe(false);
    });

    it('promotes a replica of another shard, and moves the slot to it', () => {
      const map = new SlotMap(threeShards());
      expect(map.patch(0, { host: HOST, port: 7004 })).toBe(true);
      expect(map.primaryFor(0)?.key).toBe('10.0.0.1:7004');
      expect(map.primaryFor(6000)?.key).toBe('10.0.0.1:7004');
      expect(map.primaryFor(1)?.key).toBe('10.0.0.1:7000');
    });

    it('adds an unknown node as a new shard with no replicas', () => {
      const map = new SlotMap(threeShards());
      expect(map.patch(16383, { host: '10.0.0.2', port: 7010 })).toBe(true);
      expect(map.primaryFor(16383)).toEqual({
        id: undefined,
        address: { host: '10.0.0.2', port: 7010 },
        key: '10.0.0.2:7010',
        role: 'primary',
        health: 'online',
      });
      expect(map.replicasFor(16383)).toEqual([]);
      expect(map.primaries()).toHaveLength(4);
      expect(map.nodes()).toHaveLength(7);
      expect(map.patch(16382, { host: '10.0.0.2', port: 7010 })).toBe(true);
      expect(map.shards().at(-1)?.slots).toEqual([{ start: 16382, end: 16383 }]);
    });

    it('fills an uncovered slot', () => {
      const map = new SlotMap({ shards: [shard([[0, 16382]], node(HOST, 7000))] });
      expect(map.isComplete).toBe(false);
      expect(map.patch(16383, { host: HOST, port: 7000 })).toBe(true);
      expect(map.isComplete).toBe(true);
      expect(map.shards()).toEqual([shard([[0, 16383]], node(HOST, 7000))]);
    });

    it('drops a shard that lost every slot from primaries() and nodes()', () => {
      const map = new SlotMap({
        shards: [shard([[0, 1]], node(HOST, 7000)), shard([[2, 16383]], node(HOST, 7001))],
      });
      map.patch(0, { host: HOST, port: 7001 });
      map.patch(1, { host: HOST, port: 7001 });
      expect(map.primaries().map((n) => n.key)).toEqual(['10.0.0.1:7001']);
      expect(map.nodes().map((n) => n.key)).toEqual(['10.0.0.1:7001']);
      // It is still known: a slot can come back to it.
      expect(map.patch(0, { host: HOST, port: 7000 })).toBe(true);
      expect(map.primaries().map((n) => n.key)).toEqual(['10.0.0.1:7000', '10.0.0.1:7001']);
    });

    it('ignores a slot number out of range', () => {
      const map = new SlotMap(threeShards());
      expect(map.patch(16384, { host: HOST, port: 7001 })).toBe(false);
      expect(map.patch(-1, { host: HOST, port: 7001 })).toBe(false);
    });

    it('leaves the view it was built from alone', () => {
      const view = threeShards();
      const copy = structuredClone(view);
      const map = new SlotMap(view);
      map.patch(1, { host: HOST, port: 7003 });
      map.patch(2, { host: '10.0.0.9', port: 1 });
      expect(view).toEqual(copy);
      expect(map.view).toBe(view);
    });
  });

  it('lets the later shard win a slot two shards claim (an inconsistent view)', () => {
    const map = new SlotMap({
      shards: [shard([[0, 100]], node(HOST, 7000)), shard([[50, 16383]], node(HOST, 7001))],
    });
    expect(map.primaryFor(49)?.key).toBe('10.0.0.1:7000');
    expect(map.primaryFor(50)?.key).toBe('10.0.0.1:7001');
    expect(map.isComplete).toBe(true);
    expect(map.shards().map((s) => s.slots)).toEqual([
      [{ start: 0, end: 49 }],
      [{ start: 50, end: 16383 }],
    ]);
  });
});
