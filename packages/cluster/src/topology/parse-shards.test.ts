import { RedisError } from '@redwire/protocol';
import { describe, expect, it } from 'vitest';
import { parseShards } from './parse-shards.js';
import { idFor, shardsNode, shardsReply } from './test-replies.js';

const source = { host: 'seed.example', port: 7000 };

describe.each([2, 3] as const)('parseShards over RESP%i', (protocol) => {
  it('reads shards, their slot ranges, primary and replicas, ordered by first slot', () => {
    const reply = shardsReply(protocol, [
      { slots: [5461, 10922], nodes: [shardsNode(7001, 'master'), shardsNode(7004, 'replica')] },
      { slots: [0, 5460], nodes: [shardsNode(7003, 'replica'), shardsNode(7000, 'master')] },
    ]);
    expect(parseShards(reply, { source })).toEqual({
      shards: [
        {
          slots: [{ start: 0, end: 5460 }],
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
        },
        expect.objectContaining({
          slots: [{ start: 5461, end: 10922 }],
          primary: expect.objectContaining({ key: '10.0.0.1:7001' }),
        }),
      ],
    });
  });

  it('keeps several ranges of one primary, sorted and merged where adjacent', () => {
    const reply = shardsReply(protocol, [
      { slots: [100, 199, 0, 49, 50, 99, 300, 300], nodes: [shardsNode(7000, 'master')] },
    ]);
    expect(parseShards(reply).shards[0]?.slots).toEqual([
      { start: 0, end: 199 },
      { start: 300, end: 300 },
    ]);
  });

  it('accepts slot bounds sent as text', () => {
    const reply = shardsReply(protocol, [
      { slots: [], nodes: [] },
      { slots: ['0', '16383'] as unknown as number[], nodes: [shardsNode(7000, 'master')] },
    ]);
    expect(parseShards(reply).shards[0]?.slots).toEqual([{ start: 0, end: 16383 }]);
  });

  it('prefers the endpoint, falls back to the ip for `?`, and to the source host when empty', () => {
    const reply = shardsReply(protocol, [
      {
        slots: [0, 100],
        nodes: [
          shardsNode(7000, 'master', { endpoint: 'redis-0.internal', hostname: 'redis-0' }),
          shardsNode(7003, 'replica', { endpoint: '?', ip: '10.0.0.9' }),
          shardsNode(7006, 'replica', { endpoint: '', ip: '10.0.0.8' }),
          shardsNode(7007, 'replica', { endpoint: null, ip: '10.0.0.7' }),
        ],
      },
    ]);
    const [shard] = parseShards(reply, { source }).shards;
    expect(shard?.primary.key).toBe('redis-0.internal:7000');
    expect(shard?.replicas.map((node) => node.key)).toEqual([
      '10.0.0.9:7003',
      'seed.example:7006',
      'seed.example:7007',
    ]);
  });

  it('uses the ip for an empty endpoint when the source is not known', () => {
    const reply = shardsReply(protocol, [
      { slots: [0, 1], nodes: [shardsNode(7000, 'master', { endpoint: '', ip: '10.0.0.8' })] },
    ]);
    expect(parseShards(reply).shards[0]?.primary.key).toBe('10.0.0.8:7000');
  });

  it('leaves out nodes with no usable address, and shards whose primary is left out', () => {
    const reply = shardsReply(protocol, [
      {
        slots: [0, 100],
        nodes: [
          shardsNode(7000, 'master'),
          shardsNode(7003, 'replica', { endpoint: '?', ip: '?' }),
          shardsNode(7004, 'replica', { port: undefined }),
        ],
      },
      {
        slots: [101, 200],
        nodes: [shardsNode(7001, 'master', { endpoint: '?', ip: '' })],
      },
    ]);
    const view = parseShards(reply);
    expect(view.shards).toHaveLength(1);
    expect(view.shards[0]?.replicas).toEqual([]);
  });

  it('reads IPv6 endpoints', () => {
    const reply = shardsReply(protocol, [
      { slots: [0, 16383], nodes: [shardsNode(7000, 'master', { endpoint: '::1', ip: '::1' })] },
    ]);
    const primary = parseShards(reply).shards[0]?.primary;
    expect(primary?.address).toEqual({ host: '::1', port: 7000 });
    expect(primary?.key).toBe('[::1]:7000');
  });

  it('dials the tls-port with tls, the port without', () => {
    const reply = shardsReply(protocol, [
      { slots: [0, 1], nodes: [shardsNode(7000, 'master', { 'tls-port': 17000 })] },
      {
        slots: [2, 3],
        nodes: [shardsNode(7001, 'master', { port: undefined, 'tls-port': 17001 })],
      },
    ]);
    expect(parseShards(reply, { tls: true }).shards.map((s) => s.primary.address.port)).toEqual([
      17000, 17001,
    ]);
    expect(parseShards(reply, { tls: false }).shards.map((s) => s.primary.address.port)).toEqual([
      7000, 17001,
    ]);
  });

  it('flags failed and loading replicas, keeping them in the view', () => {
    const reply = shardsReply(protocol, [
      {
        slots: [0, 16383],
        nodes: [
          shardsNode(7000, 'master'),
          shardsNode(7003, 'replica', { health: 'failed' }),
          shardsNode(7004, 'replica', { health: 'loading', 'replication-offset': 0 }),
          shardsNode(7005, 'replica', { health: 'something-new' }),
        ],
      },
    ]);
    expect(parseShards(reply).shards[0]?.replicas.map((r) => [r.address.port, r.health])).toEqual([
      [7003, 'failed'],
      [7004, 'loading'],
      [7005, 'failed'],
    ]);
  });

  it('leaves out shards without slots (a failed-over primary, an emptied one)', () => {
    const reply = shardsReply(protocol, [
      { slots: [], nodes: [shardsNode(7000, 'master', { health: 'failed' })] },
      { slots: [0, 16383], nodes: [shardsNode(7003, 'master')] },
    ]);
    expect(parseShards(reply).shards.map((s) => s.primary.address.port)).toEqual([7003]);
  });

  it('leaves out a shard whose nodes include no primary', () => {
    const reply = shardsReply(protocol, [
      { slots: [0, 8000], nodes: [shardsNode(7003, 'replica')] },
      { slots: [8001, 16383], nodes: [shardsNode(7001, 'master')] },
    ]);
    expect(parseShards(reply).shards.map((s) => s.slots[0]?.start)).toEqual([8001]);
  });

  it('takes the healthy primary of a shard that lists two (7.2 keeps a failed-over one)', () => {
    const reply = shardsReply(protocol, [
      {
        slots: [0, 16383],
        nodes: [
          shardsNode(7000, 'master', { health: 'failed' }),
          shardsNode(7003, 'master'),
          shardsNode(7004, 'replica'),
        ],
      },
    ]);
    const [shard] = parseShards(reply).shards;
    expect(shard?.primary.address.port).toBe(7003);
    expect(shard?.replicas.map((r) => r.address.port)).toEqual([7004]);
  });

  it('keeps a failed primary that still owns its slots (before the failover)', () => {
    const reply = shardsReply(protocol, [
      { slots: [0, 16383], nodes: [shardsNode(7000, 'master', { health: 'failed' })] },
    ]);
    expect(parseShards(reply).shards[0]?.primary.health).toBe('failed');
  });

  it('applies nodeAddressMap to every node', () => {
    const reply = shardsReply(protocol, [
      {
        slots: [0, 16383],
        nodes: [
          shardsNode(6379, 'master', { endpoint: '172.17.0.2' }),
          shardsNode(6379, 'replica', { endpoint: '172.17.0.3' }),
        ],
      },
    ]);
    const nodeAddressMap = (a: { host: string; port: number }) => ({
      host: 'localhost',
      port: a.host === '172.17.0.2' ? 7000 : 7001,
    });
    const [shard] = parseShards(reply, { nodeAddressMap }).shards;
    expect(shard?.primary.key).toBe('localhost:7000');
    expect(shard?.replicas[0]?.key).toBe('localhost:7001');
  });

  it('reads buffers as text', () => {
    const reply = shardsReply(protocol, [
      {
        slots: [0, 16383],
        nodes: [
          { ...shardsNode(7000, 'master'), endpoint: Buffer.from('10.0.0.2') as unknown as string },
        ],
      },
    ]);
    expect(parseShards(reply).shards[0]?.primary.key).toBe('10.0.0.2:7000');
  });

  it('is empty for an empty reply', () => {
    expect(parseShards([])).toEqual({ shards: [] });
  });
});

describe('parseShards on malformed replies', () => {
  it.each([
    ['not an array', 'OK'],
    ['a shard that is not a map', [42]],
    ['an odd flat map', [['slots']]],
    ['odd slot bounds', [['slots', [1], 'nodes', []]]],
    ['a slot out of range', [['slots', [0, 16384], 'nodes', []]]],
    ['a reversed range', [['slots', [10, 5], 'nodes', []]]],
    ['nodes that are not an array', [['slots', [0, 1], 'nodes', 'x']]],
  ])('throws REDWIRE_UNEXPECTED_REPLY for %s', (_, reply) => {
    expect(() => parseShards(reply as never)).toThrowError(
      expect.objectContaining({ code: 'REDWIRE_UNEXPECTED_REPLY' }),
    );
    expect(() => parseShards(reply as never)).toThrow(RedisError);
  });
});
