import { describe, expect, it } from 'vitest';
import { diffViews } from './diff.js';
import { node, shard, threeShards } from './test-replies.js';
import type { ClusterView, ShardView } from './types.js';

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

  describe('failovers', () => {
    it('reports a known replica promoted over its failed primary', () => {
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

    it('reports a known replica promoted over a primary the view no longer lists', () => {
      // CLUSTER SLOTS leaves failed nodes out; CLUSTER SHARDS a failed-over primary it holds
      // beside the new one.
      const after: ClusterView = {
        shards: [shard([[0, 5460]], node(HOST, 7003)), ...threeShards().shards.slice(1)],
      };
      const change = diffViews(threeShards(), after);
      expect(change.promoted).toEqual(['10.0.0.1:7003']);
      expect(change.removed).toEqual(['10.0.0.1:7000']);
    });

    it('reports a node the old view never listed that took over the failed primary', () => {
      // The old view had no replicas (one found after the failover, or none reported before).
      const before: ClusterView = {
        shards: threeShards().shards.map((each) => ({ ...each, replicas: [] })),
      };
      const after: ClusterView = {
        shards: [
          shard([[0, 5460]], node(HOST, 7003), [node(HOST, 7000, 'replica')]),
          ...before.shards.slice(1),
        ],
      };
      expect(diffViews(before, after)).toEqual({
        added: ['10.0.0.1:7003'],
        removed: [],
        promoted: ['10.0.0.1:7003'],
        movedSlots: 5461,
        moves: [{ start: 0, end: 5460, from: '10.0.0.1:7000', to: '10.0.0.1:7003' }],
      });
    });

    it('reports one promotion for a node that took over two failed primaries', () => {
      const after: ClusterView = {
        shards: [shard([[0, 10922]], node(HOST, 7003)), threeShards().shards[2] as ShardView],
      };
      expect(diffViews(threeShards(), after).promoted).toEqual(['10.0.0.1:7003']);
    });
  });

  describe('not failovers', () => {
    it('a slot migration between two primaries that both still serve', () => {
      const after: ClusterView = {
        shards: [
          shard([[0, 5000]], node(HOST, 7000), [node(HOST, 7003, 'replica')]),
          shard([[5001, 10922]], node(HOST, 7001), [node(HOST, 7004, 'replica')]),
          threeShards().shards[2] as ShardView,
        ],
      };
      expect(diffViews(threeShards(), after)).toEqual({
        added: [],
        removed: [],
        promoted: [],
        movedSlots: 460,
        moves: [{ start: 5001, end: 5460, from: '10.0.0.1:7000', to: '10.0.0.1:7001' }],
      });
    });

    it('a primary already known taking the slots of a primary removed after resharding', () => {
      const after: ClusterView = {
        shards: [
          threeShards().shards[0] as ShardView,
          shard([[5461, 16383]], node(HOST, 7001), [node(HOST, 7004, 'replica')]),
        ],
      };
      const change = diffViews(threeShards(), after);
      expect(change.promoted).toEqual([]);
      expect(change.removed).toEqual(['10.0.0.1:7002', '10.0.0.1:7005']);
    });

    it('a new primary with no slots yet', () => {
      const after: ClusterView = { shards: [...threeShards().shards, shard([], node(HOST, 7010))] };
      expect(diffViews(threeShards(), after)).toEqual({
        added: ['10.0.0.1:7010'],
        removed: [],
        promoted: [],
        movedSlots: 0,
        moves: [],
      });
    });

    it('a new primary given slots no primary served', () => {
      const before: ClusterView = { shards: threeShards().shards.slice(0, 2) };
      const change = diffViews(before, threeShards());
      expect(change.added).toEqual(['10.0.0.1:7002', '10.0.0.1:7005']);
      expect(change.promoted).toEqual([]);
    });

    it('a new primary given slots by migration from a primary that still serves', () => {
      const after: ClusterView = {
        shards: [
          shard([[0, 5000]], node(HOST, 7000), [node(HOST, 7003, 'replica')]),
          shard([[5001, 5460]], node(HOST, 7010)),
          ...threeShards().shards.slice(1),
        ],
      };
      const change = diffViews(threeShards(), after);
      expect(change.added).toEqual(['10.0.0.1:7010']);
      expect(change.promoted).toEqual([]);
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

  it('counts slots left without a primary', () => {
    const after: ClusterView = { shards: threeShards().shards.slice(0, 2) };
    const change = diffViews(threeShards(), after);
    expect(change.removed).toEqual(['10.0.0.1:7002', '10.0.0.1:7005']);
    expect(change.promoted).toEqual([]);
    expect(change.movedSlots).toBe(5461);
    expect(change.moves).toEqual([
      { start: 10923, end: 16383, from: '10.0.0.1:7002', to: undefined },
    ]);
  });
});
