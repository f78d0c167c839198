import { describe, expect, it } from 'vitest';
import { slotOf } from '../routing/slot.js';
import { SlotMap } from '../topology/slot-map.js';
import { node, shard, threeShards } from '../topology/test-replies.js';
import {
  groupBySlot,
  isUsable,
  pickGlobalNode,
  placeShardChannels,
  slotBatches,
} from './slot-groups.js';

describe('shard channels by slot and owner', () => {
  it('groups names by slot, keeping their order, a string and its Buffer alike', () => {
    const names = ['{a}:1', '{b}:1', '{a}:2', Buffer.from('{a}:3')];
    expect(slotBatches(names)).toEqual([['{a}:1', '{a}:2', Buffer.from('{a}:3')], ['{b}:1']]);
    expect([...groupBySlot(names).keys()]).toEqual([slotOf('a'), slotOf('b')]);
  });

  it('places each slot group at its primary, and sets apart slots nobody serves', () => {
    const map = new SlotMap(threeShards());
    const { placements, unserved } = placeShardChannels(['{a}:1', '{b}:1'], map);
    expect(placements.map((p) => [p.slot, p.owner.key])).toEqual([
      [slotOf('a'), map.primaryFor(slotOf('a'))?.key],
      [slotOf('b'), map.primaryFor(slotOf('b'))?.key],
    ]);
    expect(unserved).toEqual([]);
    const partial = new SlotMap({ shards: [shard([[0, 100]], node('10.0.0.1', 7000))] });
    expect(placeShardChannels(['{a}:1'], partial).unserved).toEqual(['{a}:1']); // slot 15495
  });

  it('puts global subscriptions on the first healthy replica, never on a failed or avoided node', () => {
    const map = new SlotMap(threeShards());
    expect(pickGlobalNode(map)?.key).toBe('10.0.0.1:7003');
    expect(pickGlobalNode(map, '10.0.0.1:7003')?.key).toBe('10.0.0.1:7004');
    const failed = new SlotMap({
      shards: [shard([[0, 16383]], node('h', 1), [node('h', 2, 'replica', { health: 'failed' })])],
    });
    expect(pickGlobalNode(failed)?.key).toBe('h:1');
    expect(isUsable(failed, 'h:2')).toBe(false);
    expect(isUsable(failed, 'h:1')).toBe(true);
    expect(isUsable(failed, 'h:9')).toBe(false);
  });
});
