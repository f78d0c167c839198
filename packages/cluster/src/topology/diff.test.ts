import { describe, expect, it } from 'vitest';
import { diffViews } from './diff.js';
import { node, shard, threeShards } from './test-replies.js';
import type { ClusterView } from './types.js';

const HOST = '10.0.0.1';

describe('diffViews', () => {
  it('adds every node and moves every served slot for the first view', () => {
    expect(diffViews(undefined, threeShards())).toEqual({
      added: [
        '10.0.0.1:7000',
        '10.0.0.1:7001',
        '10.0.0.1:7002',
        '10.0.0.1:7003',
        '10.0.0.1:7004',
        '10.0.0.1:7005',
      ],
      removed: [],
      promoted: [],
      movedSlots: 16384,
      moves: [
        { start: 0, end: 5460, from: undefined, to: '10.0.0.1:7000' },
        { start: 5461, end: 10922, from: undefined, to: '10.0.0.1:7001' },
        { start: 10923, end: 16383, from: undefined, to: '10.0.0.1:7002' },
      ],
    });
  });

  it('reports nothing between equal views', () => {
    expect(diffViews(threeShards(), threeShards())).toEqual({
      added: [],
      removed: [],
      promoted: [],
      movedSlots: 0,
      moves: [],
    });
  });

  it('reports a failover: the replica promoted, the shard slots moved', () => {
    const after: ClusterView = {
      shards: [
        shard([[0, 5460]], node(HOST, 7003), [node(HOST, 7000, 'replica', { health: 'failed' })]),
        ...threeShards().shards.slice(1),
      ],
    };
    expect(diffViews(threeShards(), after)).toEqual({
      added: [],
      removed: [],
      promoted: ['10.0.0.1:7003'],
      movedSlots: 5461,
      moves: [{ start: 0, end: 5460, from: '10.0.0.1:7000', to: '10.0.0.1:7003' }],
    });
  });

  it('reports a migration, a new node and a node gone', () => {
    const after: ClusterView = {
      shards: [
        shard([[0, 5000]], node(HOST, 7000), [node(HOST, 7003, 'replica')]),
        shard([[5001, 5460]], node(HOST, 7010)),
        shard([[5461, 16383]], node(HOST, 7001), [node(HOST, 7004, 'replica')]),
      ],
    };
    expect(diffViews(threeShards(), after)).toEqual({
      added: ['10.0.0.1:7010'],
      removed: ['10.0.0.1:7002', '10.0.0.1:7005'],
      promoted: [],
      movedSlots: 460 + 5461,
      moves: [
        { start: 5001, end: 5460, from: '10.0.0.1:7000', to: '10.0.0.1:7010' },
        { start: 10923, end: 16383, from: '10.0.0.1:7002', to: '10.0.0.1:7001' },
      ],
    });
  });

  it('counts slots left without a primary, and does not count a new primary as promoted', () => {
    const after: ClusterView = {
      shards: [shard([[0, 5460]], node(HOST, 7000)), shard([[5461, 10922]], node(HOST, 7020))],
    };
    const change = diffViews(threeShards(), after);
    expect(change.promoted).toEqual([]);
    expect(change.added).toEqual(['10.0.0.1:7020']);
    expect(change.movedSlots).toBe(5462 + 5461);
    expect(change.moves).toEqual([
      { start: 5461, end: 10922, from: '10.0.0.1:7001', to: '10.0.0.1:7020' },
      { start: 10923, end: 16383, from: '10.0.0.1:7002', to: undefined },
    ]);
  });
});
