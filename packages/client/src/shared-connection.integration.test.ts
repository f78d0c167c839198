import { ArgumentError } from '@redwire/protocol';
import { getTestServers } from '@redwire/test-harness';
import { describe, expect, it } from 'vitest';
import { createClient } from './create-client.js';

const { host, port } = getTestServers().standalone.address;

describe('commands that would change the shared connection for every caller', () => {
  it('are refused before anything is written, and other callers keep their replies', async () => {
    await using redis = createClient({ host, port });
    const key = `shared:${process.pid}`;
    await redis.set(key, '1');
    // Sent in one tick: had MULTI gone out, the GET and INCR would have been answered QUEUED.
    const [multi, value, incremented] = await Promise.all([
      redis.sendCommand(['MULTI']).catch((e: unknown) => e),
      redis.get(key),
      redis.incr(key),
    ]);
    expect(multi).toBeInstanceOf(ArgumentError);
    expect((multi as Error).message).toMatch(/^MULTI would change .*use multi\(\)/);
    expect([value, incremented]).toEqual(['1', 2]);
    const info = String(await redis.sendCommand(['CLIENT', 'INFO']));
    expect(info).toMatch(/ multi=-1 /);
    expect(info).toMatch(/ db=0 /);
    for (const args of [
      ['SELECT', '1'],
      ['CLIENT', 'REPLY', 'OFF'],
      ['SUBSCRIBE', 'news'],
    ]) {
      await expect(redis.sendCommand(args)).rejects.toBeInstanceOf(ArgumentError);
    }
    expect(await redis.get(key)).toBe('2');
  });

  it('are refused by pipelines and transactions on the shared connection as they are recorded', async () => {
    await using redis = createClient({ host, port });
    expect(() => redis.pipeline().sendCommand(['SELECT', '1'])).toThrow(/db option/);
    expect(() => redis.pipeline().sendCommand(['MULTI'])).toThrow(ArgumentError);
    expect(() => redis.multi().sendCommand(['WATCH', 'k'])).toThrow(/transaction\(keys, fn\)/);
    expect(() => redis.pipeline().select(1)).toThrow(ArgumentError);
    expect(await redis.pipeline().ping().exec()).toEqual(['PONG']);
  });

  it('may be sent on the connection isolated() lends, which is not reused dirty', async () => {
    await using redis = createClient({ host, port, maxConnections: 1 });
    const replies = await redis.isolated(async (conn) => {
      await conn.sendCommand(['SELECT', '1']);
      await conn.sendCommand(['MULTI']);
      await conn.sendCommand(['PING']);
      const exec = await conn.sendCommand(['EXEC']);
      const batched = await conn.pipeline().sendCommand(['SELECT', '0']).ping().exec();
      return [exec, batched];
    });
    expect(replies).toEqual([['PONG'], ['OK', 'PONG']]);
    expect(redis.poolStats()).toMatchObject({ total: 0 });
  });
});
