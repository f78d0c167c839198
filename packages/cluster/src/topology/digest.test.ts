import { describe, expect, it } from 'vitest';
import { coveredSlots, pickMajority, viewDigest } from './digest.js';
import { parseShards } from './parse-shards.js';
import { parseSlots } from './parse-slots.js';
import { idFor, node, shard, shardsNode, shardsReply, threeShards } from './test-replies.js';
import type { ClusterView } from './types.js';

const HOST = '10.0.0.1';

describe('viewDigest', () => {
  it('is the same whatever the order of shards and replicas and the split of ranges', () => {
    const a: ClusterView = {
      shards: [
        shard([[0, 8191]], node(HOST, 7000), [
          node(HOST, 7003, 'replica'),
          node(HOST, 7004, 'replica'),
        ]),
        shard([[8192, 16383]], node(HOST, 7001)),
      ],
    };
    const b: ClusterView = {
      shards: [
        shard([[8192, 16383]], node(HOST, 7001)),
        shard(
          [
            [4000, 8191],
            [0, 3999],
          ],
          node(HOST, 7000),
          [node(HOST, 7004, 'replica'), node(HOST, 7003, 'replica')],
        ),
      ],
    };
    expect(viewDigest(a)).toBe(viewDigest(b));
    expect(viewDigest(a)).toMatch(/^[0-9a-f]{40}$/);
  });

  it('is the same for RESP2 and RESP3 replies, SHARDS and SLOTS, of one healthy cluster', () => {
    const shards = (protocol: 2 | 3) =>
      shardsReply(protocol, [
        { slots: [0, 16383], nodes: [shardsNode(7000, 'master'), shardsNode(7003, 'replica')] },
      ]);
    const slots = [[0, 16383, [HOST, 7000, idFor(7000)], [HOST, 7003, idFor(7003)]]];
    const digests = new Set([
      viewDigest(parseShards(shards(2))),
      viewDigest(parseShards(shards(3))),
      viewDigest(parseSlots(slots)),
    ]);
    expect(digests.size).toBe(1);
  });

  it('changes with a slot owner, a primary, a replica, an id, an address or a health', () => {
    const base = viewDigest(threeShards());
    const variants: ClusterView[] = [
      { shards: [shard([[0, 5459]], node(HOST, 7000)), ...threeShards().shards.slice(1)] },
      {
        shards: [
          shard([[0, 5460]], node(HOST, 7003), [node(HOST, 7000, 'replica')]),
          ...threeShards().shards.slice(1),
        ],
      },
      { shards: [shard([[0, 5460]], node(HOST, 7000)), ...threeShards().shards.slice(1)] },
      {
        shards: [
          shard([[0, 5460]], node(HOST, 7000, 'primary', { id: 'b'.repeat(40) }), [
            node(HOST, 7003, 'replica'),
          ]),
          ...threeShards().shards.slice(1),
        ],
      },
      threeShards('10.0.0.2'),
      {
        shards: [
          shard([[0, 5460]], node(HOST, 7000), [node(HOST, 7003, 'replica', { health: 'failed' })]),
          ...threeShards().shards.slice(1),
        ],
      },
    ];
    const digests = new Set(variants.map(viewDigest));
    expect(digests.size).toBe(variants.length);
    expect(digests.has(base)).toBe(false);
  });
});

describe('pickMajority', () => {
  const healthy = threeShards();
  const failedOver: ClusterView = {
    shards: [
      shard([[0, 5460]], node(HOST, 7003), [node(HOST, 7000, 'replica', { health: 'failed' })]),
      ...threeShards().shards.slice(1),
    ],
  };
  const partial: ClusterView = { shards: threeShards().shards.slice(0, 2) };

  it('takes the view most nodes agree on', () => {
    expect(pickMajority([healthy, failedOver, structuredClone(failedOver)])).toBe(failedOver);
    expect(pickMajority([failedOver, healthy, structuredClone(healthy)])).toBe(healthy);
  });

  it('breaks a tie by coverage, then by order', () => {
    expect(pickMajority([partial, healthy])).toBe(healthy);
    expect(pickMajority([failedOver, healthy])).toBe(failedOver);
    expect(pickMajority([healthy, failedOver])).toBe(healthy);
  });

  it('ignores views that cover no slot, and answers undefined when none does', () => {
    const empty: ClusterView = { shards: [] };
    expect(pickMajority([empty, empty, partial])).toBe(partial);
    expect(pickMajority([empty])).toBeUndefined();
    expect(pickMajority([])).toBeUndefined();
  });
});

describe('coveredSlots', () => {
  it('counts distinct slots', () => {
    expect(coveredSlots(threeShards())).toBe(16384);
    expect(
      coveredSlots({ shards: [shard([[0, 9]], node(HOST, 1)), shard([[5, 14]], node(HOST, 2))] }),
    ).toBe(15);
  });
});
