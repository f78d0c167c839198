import type { RespValue } from '@redwire/protocol';
import { describe, expect, it } from 'vitest';
import { parseShards } from './parse-shards.js';
import { parseSlots } from './parse-slots.js';
import { idFor, type Protocol, respMap, shardsNode, shardsReply } from './test-replies.js';

const source = { host: 'seed.example', port: 7000 };

/** A node of a CLUSTER SLOTS entry as Redis 7.0 sends it: endpoint, port, id, metadata. */
function slotsNode(
  protocol: Protocol,
  endpoint: string | null,
  port: number,
  metadata: Record<string, RespValue> = {},
): RespValue {
  return [endpoint, port, idFor(port), respMap(protocol, metadata)];
}

describe.each([2, 3] as const)('parseSlots over RESP%i', (protocol) => {
  it('groups the ranges of one primary into one shard, replicas merged', () => {
    const reply = [
      [0, 99, slotsNode(protocol, '10.0.0.1', 7000), slotsNode(protocol, '10.0.0.1', 7003)],
      [100, 199, slotsNode(protocol, '10.0.0.1', 7001)],
      [200, 16383, slotsNode(protocol, '10.0.0.1', 7000), slotsNode(protocol, '10.0.0.1', 7003)],
    ];
    const view = parseSlots(reply, { source });
    expect(view.shards).toHaveLength(2);
    expect(view.shards[0]).toEqual({
      slots: [
        { start: 0, end: 99 },
        { start: 200, end: 16383 },
      ],
      primary: {
        id: idFor(7000),
        address: { host: '10.0.0.1', port: 7000 },
        key: '10.0.0.1:7000',
        role: 'primary',
        health: 'online',
      },
      replicas: [
        {
          id: idFor(7003),
          address: { host: '10.0.0.1', port: 7003 },
          key: '10.0.0.1:7003',
          role: 'replica',
          health: 'online',
        },
      ],
    });
    expect(view.shards[1]?.slots).toEqual([{ start: 100, end: 199 }]);
  });

  it('describes a healthy cluster exactly as CLUSTER SHARDS does', () => {
    const slots = [
      [10923, 16383, slotsNode(protocol, '10.0.0.1', 7002), slotsNode(protocol, '10.0.0.1', 7005)],
      [0, 5460, slotsNode(protocol, '10.0.0.1', 7000), slotsNode(protocol, '10.0.0.1', 7003)],
      [5461, 10922, slotsNode(protocol, '10.0.0.1', 7001), slotsNode(protocol, '10.0.0.1', 7004)],
    ];
    const shards = shardsReply(protocol, [
      { slots: [0, 5460], nodes: [shardsNode(7000, 'master'), shardsNode(7003, 'replica')] },
      { slots: [5461, 10922], nodes: [shardsNode(7004, 'replica'), shardsNode(7001, 'master')] },
      { slots: [10923, 16383], nodes: [shardsNode(7002, 'master'), shardsNode(7005, 'replica')] },
    ]);
    expect(parseSlots(slots, { source })).toEqual(parseShards(shards, { source }));
  });

  it('substitutes the source host for an empty or null endpoint (unknown-endpoint)', () => {
    const reply = [[0, 16383, slotsNode(protocol, null, 7000), slotsNode(protocol, '', 7003)]];
    const [shard] = parseSlots(reply, { source }).shards;
    expect(shard?.primary.key).toBe('seed.example:7000');
    expect(shard?.replicas[0]?.key).toBe('seed.example:7003');
  });

  it('uses the metadata ip for `?`, and leaves the node out when there is none', () => {
    const reply = [
      [0, 100, slotsNode(protocol, '?', 7000, { ip: '10.0.0.9' }), slotsNode(protocol, '?', 7003)],
      [101, 200, slotsNode(protocol, '?', 7001)],
    ];
    const view = parseSlots(reply, { source });
    expect(view.shards).toHaveLength(1);
    expect(view.shards[0]?.primary.key).toBe('10.0.0.9:7000');
    expect(view.shards[0]?.replicas).toEqual([]);
  });

  it('reads hostnames with their metadata, and IPv6', () => {
    const reply = [
      [0, 100, slotsNode(protocol, 'redis-0.internal', 7000, { ip: '10.0.0.1' })],
      [101, 200, slotsNode(protocol, '::1', 7001, { hostname: 'redis-1' })],
    ];
    expect(parseSlots(reply).shards.map((s) => s.primary.key)).toEqual([
      'redis-0.internal:7000',
      '[::1]:7001',
    ]);
  });

  it('applies nodeAddressMap', () => {
    const reply = [[0, 16383, slotsNode(protocol, '172.17.0.2', 6379)]];
    const nodeAddressMap = { '172.17.0.2:6379': { host: 'localhost', port: 7000 } };
    expect(parseSlots(reply, { nodeAddressMap }).shards[0]?.primary.address).toEqual({
      host: 'localhost',
      port: 7000,
    });
  });

  it('reads entries of old servers: no metadata (4.0+), no id (3.x)', () => {
    const reply = [
      [0, 100, ['10.0.0.1', 7000, idFor(7000)], ['10.0.0.1', 7003, idFor(7003)]],
      [101, 16383, ['10.0.0.1', 7001]],
    ];
    const view = parseSlots(reply);
    expect(view.shards[0]?.replicas[0]?.id).toBe(idFor(7003));
    expect(view.shards[1]?.primary.id).toBeUndefined();
  });

  it('is empty for an empty reply (a node with no slots assigned yet)', () => {
    expect(parseSlots([])).toEqual({ shards: [] });
  });
});

describe('parseSlots on malformed replies', () => {
  it.each([
    ['not an array', 'OK'],
    ['an entry that is not an array', [1]],
    ['an entry without a primary', [[0, 100]]],
    ['bad bounds', [[0, 'x', ['h', 1]]]],
    ['a slot out of range', [[0, 16384, ['h', 1]]]],
    ['a primary that is not an array', [[0, 1, 'h:1']]],
    ['metadata that is not a map', [[0, 1, ['h', 1, 'id', 'x']]]],
  ])('throws REDWIRE_UNEXPECTED_REPLY for %s', (_, reply) => {
    expect(() => parseSlots(reply as never)).toThrowError(
      expect.objectContaining({ code: 'REDWIRE_UNEXPECTED_REPLY' }),
    );
  });
});
