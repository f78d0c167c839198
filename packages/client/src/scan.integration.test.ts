import { AbortError } from '@redwire/connection';
import { getTestServers } from '@redwire/test-harness';
import { describe, expect, it, vi } from 'vitest';
import type { RedisClient } from './client.js';
import { createClient } from './create-client.js';

const { host, port } = getTestServers().standalone.address;

/** Past the listpack/intset limits (128 and 512 by default), so the server really paginates. */
const LARGE = 1_000;

async function fill(redis: RedisClient, args: (string | number)[][]): Promise<void> {
  const pipeline = redis.pipeline();
  for (const command of args) pipeline.sendCommand(command);
  await pipeline.exec();
}

describe.each([2, 3] as const)('scan iterators over RESP%i', (protocol) => {
  const prefix = `scan:p${protocol}`;

  it('scanIterator with MATCH finds exactly the matching keys among 1,000', async () => {
    await using redis = createClient({ host, port, protocol });
    await fill(
      redis,
      Array.from({ length: 1_000 }, (_, i) => [
        'SET',
        `${prefix}:${i % 4 === 0 ? 'hit' : 'miss'}:${i}`,
        i,
      ]),
    );
    const send = vi.spyOn(redis, 'sendCommand');
    const found = new Set<string>();
    for await (const key of redis.scanIterator({ match: `${prefix}:hit:*`, count: 100 })) {
      found.add(key);
    }
    const expected = new Set(Array.from({ length: 250 }, (_, i) => `${prefix}:hit:${i * 4}`));
    expect(found).toEqual(expected);
    expect(send.mock.calls.length).toBeGreaterThan(1);
  });

  it('scanIterator filters by TYPE and yields Buffers on a withBuffers() view', async () => {
    await using redis = createClient({ host, port, protocol });
    await fill(redis, [
      ['SET', `${prefix}:typed:s`, '1'],
      ['DEL', `${prefix}:typed:l`],
      ['RPUSH', `${prefix}:typed:l`, 'x'],
    ]);
    const keys: unknown[] = [];
    for await (const key of redis
      .withBuffers()
      .scanIterator({ match: `${prefix}:typed:*`, type: 'list' })) {
      keys.push(key);
    }
    expect(keys).toEqual([Buffer.from(`${prefix}:typed:l`)]);
  });

  it('hscanIterator pages through a large hash as { field, value }', async () => {
    await using redis = createClient({ host, port, protocol });
    const key = `${prefix}:hash`;
    await redis.sendCommand(['DEL', key]);
    await fill(
      redis,
      Array.from({ length: LARGE }, (_, i) => ['HSET', key, `f${i}`, `v${i}`]),
    );
    const send = vi.spyOn(redis, 'sendCommand');
    const entries = new Map<string, string>();
    for await (const { field, value } of redis.hscanIterator(key, { count: 50 })) {
      entries.set(field, value);
    }
    expect(entries.size).toBe(LARGE);
    expect(entries.get('f999')).toBe('v999');
    expect(send.mock.calls.length).toBeGreaterThan(1);
  });

  it('sscanIterator pages through a large set, Buffers on a withBuffers() view', async () => {
    await using redis = createClient({ host, port, protocol });
    const key = `${prefix}:set`;
    await redis.sendCommand(['DEL', key]);
    await fill(
      redis,
      Array.from({ length: LARGE }, (_, i) => ['SADD', key, `m${i}`]),
    );
    const view = redis.withBuffers();
    const send = vi.spyOn(view, 'sendCommand');
    const members = new Set<string>();
    for await (const member of view.sscanIterator(key, { match: 'm*' })) {
      expect(Buffer.isBuffer(member)).toBe(true);
      members.add(member.toString());
    }
    expect(members.size).toBe(LARGE);
    expect(send.mock.calls.length).toBeGreaterThan(1);
  });

  it('zscanIterator pages through a large sorted set with numeric scores', async () => {
    await using redis = createClient({ host, port, protocol });
    const key = `${prefix}:zset`;
    await redis.sendCommand(['DEL', key]);
    await fill(redis, [
      ...Array.from({ length: LARGE }, (_, i) => ['ZADD', key, i + 0.5, `m${i}`]),
      ['ZADD', key, '+inf', 'top'],
    ]);
    const send = vi.spyOn(redis, 'sendCommand');
    const scores = new Map<string, number>();
    for await (const { member, score } of redis.zscanIterator(key)) scores.set(member, score);
    expect(scores.size).toBe(LARGE + 1);
    expect(scores.get('m10')).toBe(10.5);
    expect(scores.get('top')).toBe(Infinity);
    expect(send.mock.calls.length).toBeGreaterThan(1);
  });
});

describe('stopping a scan', () => {
  const key = 'scan:stop:set';

  it('sends no more SSCAN once the loop breaks out', async () => {
    await using redis = createClient({ host, port });
    await redis.sendCommand(['DEL', key]);
    await fill(
      redis,
      Array.from({ length: LARGE }, (_, i) => ['SADD', key, `m${i}`]),
    );
    const send = vi.spyOn(redis, 'sendCommand');
    let taken = 0;
    for await (const _ of redis.sscanIterator(key, { count: 10 })) {
      taken += 1;
      if (taken === 3) break;
    }
    const sent = send.mock.calls.length;
    expect(sent).toBe(1);
    await redis.sendCommand(['PING']);
    expect(send.mock.calls.map(([args]) => args[0])).toEqual(['SSCAN', 'PING']);
  });

  it('stops with AbortError when the signal aborts mid-iteration', async () => {
    await using redis = createClient({ host, port });
    await fill(
      redis,
      Array.from({ length: 100 }, (_, i) => ['SADD', key, `m${i}`]),
    );
    const controller = new AbortController();
    const send = vi.spyOn(redis, 'sendCommand');
    const seen: unknown[] = [];
    const loop = async () => {
      for await (const member of redis.sscanIterator(key, { signal: controller.signal })) {
        seen.push(member);
        controller.abort();
      }
    };
    await expect(loop()).rejects.toBeInstanceOf(AbortError);
    expect(seen).toHaveLength(1);
    expect(send).toHaveBeenCalledTimes(1);
  });
});
