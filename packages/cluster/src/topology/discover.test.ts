import { ConnectionError } from '@redwire/connection';
import { ReplyError } from '@redwire/protocol';
import { describe, expect, it, vi } from 'vitest';
import { nodeKey } from './address.js';
import {
  createViewFetcher,
  discover,
  type FetchView,
  type QueryNode,
  sampleViews,
} from './discover.js';
import { shardsNode, shardsReply, threeShards } from './test-replies.js';
import type { ClusterView, NodeAddress } from './types.js';

const seeds: NodeAddress[] = [
  { host: '10.0.0.1', port: 7000 },
  { host: '10.0.0.1', port: 7001 },
  { host: '10.0.0.1', port: 7002 },
];
const SLOTS = [[0, 16383, ['10.0.0.1', 7000, 'x'.repeat(40)]]];

describe('createViewFetcher', () => {
  it('asks CLUSTER SHARDS, with the address it asked as the source', async () => {
    const query = vi.fn<QueryNode>(async () =>
      shardsReply(2, [
        { slots: [0, 16383], nodes: [shardsNode(7000, 'master', { endpoint: '' })] },
      ]),
    );
    const view = await createViewFetcher(query)({ host: 'seed', port: 7000 });
    expect(query).toHaveBeenCalledWith({ host: 'seed', port: 7000 }, ['CLUSTER', 'SHARDS']);
    expect(view.shards[0]?.primary.key).toBe('seed:7000');
  });

  it('passes tls and nodeAddressMap to the parser', async () => {
    const reply = shardsReply(3, [
      { slots: [0, 16383], nodes: [shardsNode(7000, 'master', { 'tls-port': 17000 })] },
    ]);
    const fetchView = createViewFetcher(async () => reply, {
      tls: true,
      nodeAddressMap: { '10.0.0.1:17000': { host: 'tunnel', port: 1 } },
    });
    expect((await fetchView(seeds[0]!)).shards[0]?.primary.key).toBe('tunnel:1');
  });

  it.each([
    "ERR unknown subcommand 'SHARDS'. Try CLUSTER HELP.",
    "ERR Unknown subcommand or wrong number of arguments for 'SHARDS'. Try CLUSTER HELP.",
    "ERR unknown command 'CLUSTER', with args beginning with: 'SHARDS'",
  ])('falls back to CLUSTER SLOTS after %j, and remembers it for that node', async (message) => {
    const query = vi.fn<QueryNode>(async (_, args) => {
      if (args[1] === 'SHARDS') throw new ReplyError(message);
      return SLOTS;
    });
    const fetchView = createViewFetcher(query);
    expect((await fetchView(seeds[0]!)).shards).toHaveLength(1);
    expect((await fetchView(seeds[0]!)).shards).toHaveLength(1);
    await fetchView(seeds[1]!);
    expect(query.mock.calls.map(([address, args]) => `${nodeKey(address)} ${args[1]}`)).toEqual([
      '10.0.0.1:7000 SHARDS',
      '10.0.0.1:7000 SLOTS',
      '10.0.0.1:7000 SLOTS',
      '10.0.0.1:7001 SHARDS',
      '10.0.0.1:7001 SLOTS',
    ]);
  });

  it('understands an error reply resolved as a value rather than thrown', async () => {
    const query = vi.fn<QueryNode>(async (_, args) =>
      args[1] === 'SHARDS' ? new ReplyError("ERR unknown subcommand 'SHARDS'") : SLOTS,
    );
    expect((await createViewFetcher(query)(seeds[0]!)).shards).toHaveLength(1);
  });

  it('falls back on NOPERM each time, since ACLs change', async () => {
    const query = vi.fn<QueryNode>(async (_, args) => {
      if (args[1] === 'SHARDS') throw new ReplyError('NOPERM this user has no permissions');
      return SLOTS;
    });
    const fetchView = createViewFetcher(query);
    await fetchView(seeds[0]!);
    await fetchView(seeds[0]!);
    expect(query.mock.calls.map(([, args]) => args[1])).toEqual([
      'SHARDS',
      'SLOTS',
      'SHARDS',
      'SLOTS',
    ]);
  });

  it('does not fall back on other errors', async () => {
    const disabled = new ReplyError('ERR This instance has cluster support disabled');
    const query = vi.fn<QueryNode>(async () => {
      throw disabled;
    });
    await expect(createViewFetcher(query)(seeds[0]!)).rejects.toBe(disabled);
    const lost = new ConnectionError('connection lost');
    await expect(createViewFetcher(async () => Promise.reject(lost))(seeds[0]!)).rejects.toBe(lost);
    expect(query).toHaveBeenCalledTimes(1);
  });

  it('rejects with the parser error for a malformed reply', async () => {
    await expect(createViewFetcher(async () => 'OK')(seeds[0]!)).rejects.toMatchObject({
      code: 'REDWIRE_UNEXPECTED_REPLY',
    });
  });
});

describe('discover', () => {
  it('returns the view of the first seed that answers, trying seeds in random order', async () => {
    const view = threeShards();
    const asked: string[] = [];
    const fetchView = vi.fn<FetchView>(async (address) => {
      asked.push(nodeKey(address));
      return view;
    });
    // With random() always 0, the Fisher–Yates order of [a, b, c] is [b, c, a].
    await expect(discover(seeds, fetchView, () => 0)).resolves.toBe(view);
    expect(asked).toEqual(['10.0.0.1:7001']);
  });

  it('moves on past failing seeds and seeds that know no slots', async () => {
    const view = threeShards();
    const fetchView: FetchView = async (address) => {
      if (address.port === 7001) throw new ConnectionError('connect ECONNREFUSED');
      if (address.port === 7002) return { shards: [] };
      return view;
    };
    await expect(discover(seeds, fetchView, () => 0)).resolves.toBe(view);
  });

  it('throws a ConnectionError naming every seed and why, the errors in its cause', async () => {
    const errors = new Map<number, Error>([
      [7000, new ConnectionError('connect ECONNREFUSED 10.0.0.1:7000')],
      [7001, new ReplyError('ERR This instance has cluster support disabled')],
    ]);
    const fetchView: FetchView = async (address) => {
      const error = errors.get(address.port);
      if (error !== undefined) throw error;
      return { shards: [] } satisfies ClusterView;
    };
    const failure = await discover(seeds, fetchView, () => 0).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ConnectionError);
    expect(failure).toMatchObject({ code: 'REDWIRE_CONNECTION' });
    const { message, cause } = failure as ConnectionError;
    expect(message).toBe(
      'No seed node of the cluster gave its view: ' +
        '10.0.0.1:7001 (ERR This instance has cluster support disabled), ' +
        '10.0.0.1:7002 (the node knows of no shard serving a slot (not joined yet, or reset)), ' +
        '10.0.0.1:7000 (connect ECONNREFUSED 10.0.0.1:7000)',
    );
    expect(cause).toBeInstanceOf(AggregateError);
    const aggregate = cause as AggregateError;
    expect(aggregate.errors).toHaveLength(3);
    expect(aggregate.errors[0]).toBe(errors.get(7001));
    expect(aggregate.errors[2]).toBe(errors.get(7000));
    expect(aggregate.errors[1]).toMatchObject({ code: 'REDWIRE_CLUSTER_DOWN' });
  });

  it('throws a ConnectionError when given no seed', async () => {
    await expect(discover([], async () => threeShards())).rejects.toThrow(
      'No seed node to discover the cluster from',
    );
  });

  it('tries every seed first in about equal measure', async () => {
    const firsts = new Map<number, number>();
    for (let i = 0; i < 3000; i++) {
      await discover(seeds, async (address) => {
        firsts.set(address.port, (firsts.get(address.port) ?? 0) + 1);
        return threeShards();
      });
    }
    expect([...firsts.keys()].sort()).toEqual([7000, 7001, 7002]);
    for (const count of firsts.values()) expect(count).toBeGreaterThan(850);
  });
});

describe('sampleViews', () => {
  const nodes = Array.from({ length: 6 }, (_, i) => ({ host: '10.0.0.1', port: 7000 + i }));

  it('asks `count` distinct random nodes at once', async () => {
    let inFlight = 0;
    let most = 0;
    const asked: number[] = [];
    const { views, failures } = await sampleViews(nodes, 3, async (address) => {
      asked.push(address.port);
      inFlight++;
      most = Math.max(most, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 5));
      inFlight--;
      return threeShards();
    });
    expect(views).toHaveLength(3);
    expect(failures).toEqual([]);
    expect(new Set(asked).size).toBe(3);
    expect(most).toBe(3);
  });

  it('lists the nodes that failed or know no slots, and never rejects', async () => {
    const boom = new ConnectionError('timeout');
    const sample = await sampleViews(
      nodes,
      10,
      async (address) => {
        if (address.port === 7001) throw boom;
        if (address.port === 7002) return { shards: [] };
        return threeShards();
      },
      () => 0.999,
    );
    expect(sample.views).toHaveLength(4);
    expect(sample.failures.map((f) => f.address.port)).toEqual([7001, 7002]);
    expect(sample.failures[0]?.error).toBe(boom);
  });

  it('asks nobody for a count of zero or no nodes', async () => {
    const fetchView = vi.fn<FetchView>(async () => threeShards());
    expect(await sampleViews(nodes, 0, fetchView)).toEqual({ views: [], failures: [] });
    expect(await sampleViews([], 3, fetchView)).toEqual({ views: [], failures: [] });
    expect(fetchView).not.toHaveBeenCalled();
  });
});
