import { getTestServers } from '@redwire/test-harness';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RedisClient } from './client.js';
import { createClient } from './create-client.js';

const { host, port } = getTestServers().standalone.address;

describe.each([2, 3] as const)('command groups over RESP%i', (protocol) => {
  let redis: RedisClient;
  const k = (name: string) => `cmd${protocol}:${name}`;

  beforeAll(async () => {
    redis = createClient({ host, port, protocol });
    await redis.flushdb();
  });
  afterAll(async () => {
    await redis.close();
  });

  it('string', async () => {
    expect(await redis.set(k('s'), 'v', { ex: 60, nx: true })).toBe('OK');
    expect(await redis.set(k('s'), 'w', { nx: true })).toBeNull();
    expect(await redis.get(k('s'))).toBe('v');
    expect(await redis.incrby(k('n'), 5)).toBe(5);
    expect(await redis.mset({ [k('a')]: '1', [k('b')]: '2' })).toBe('OK');
    expect(await redis.mget(k('a'), k('b'), k('missing'))).toEqual(['1', '2', null]);
    expect(await redis.getex(k('a'), { persist: true })).toBe('1');
  });

  it('generic', async () => {
    await redis.set(k('g'), 'x');
    expect(await redis.exists(k('g'), k('nope'))).toBe(1);
    expect(await redis.expire(k('g'), 100)).toBe(true);
    expect(await redis.ttl(k('g'))).toBeGreaterThan(90);
    expect(await redis.type(k('g'))).toBe('string');
    expect(await redis.del(k('g'))).toBe(1);
  });

  it('list', async () => {
    expect(await redis.rpush(k('l'), 'a', 'b', 'c')).toBe(3);
    expect(await redis.lrange(k('l'), 0, -1)).toEqual(['a', 'b', 'c']);
    expect(await redis.lpop(k('l'), 2)).toEqual(['a', 'b']);
    expect(await redis.lmove(k('l'), k('l2'), 'LEFT', 'RIGHT')).toBe('c');
  });

  it('hash', async () => {
    expect(await redis.hset(k('h'), { f1: 'a', f2: 'b' })).toBe(2);
    expect(await redis.hget(k('h'), 'f1')).toBe('a');
    expect(await redis.hgetall(k('h'))).toEqual({ f1: 'a', f2: 'b' });
  });

  it('set', async () => {
    expect(await redis.sadd(k('set'), 'x', 'y')).toBe(2);
    expect(await redis.sismember(k('set'), 'x')).toBe(true);
    expect(await redis.scard(k('set'))).toBe(2);
  });

  it('sorted set', async () => {
    expect(
      await redis.zadd(k('z'), [
        { score: 1, member: 'a' },
        { score: 2.5, member: 'b' },
      ]),
    ).toBe(2);
    expect(await redis.zrange(k('z'), '0', '-1', { withscores: true })).toEqual([
      { member: 'a', score: 1 },
      { member: 'b', score: 2.5 },
    ]);
    expect(
      await redis.zrangebyscore(k('z'), Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY),
    ).toEqual(['a', 'b']);
  });

  it('stream', async () => {
    expect(await redis.xadd(k('x'), '*', { field: 'value' })).toMatch(/^\d+-\d+$/);
    expect(await redis.xlen(k('x'))).toBe(1);
  });

  it('bitmap, hyperloglog and geo', async () => {
    expect(await redis.setbit(k('bits'), 7, 1)).toBe(0);
    expect(await redis.bitcount(k('bits'))).toBe(1);
    expect(await redis.pfadd(k('hll'), 'a', 'b', 'a')).toBe(1);
    expect(await redis.pfcount(k('hll'))).toBe(2);
    expect(
      await redis.geoadd(k('geo'), [
        { longitude: 13.361389, latitude: 38.115556, member: 'Palermo' },
      ]),
    ).toBe(1);
  });

  it('scripting, server, connection and pubsub', async () => {
    expect(await redis.eval('return KEYS[1] .. ARGV[1]', { keys: [k('e')], args: ['!'] })).toBe(
      `${k('e')}!`,
    );
    expect(await redis.dbsize()).toBeGreaterThan(0);
    expect(await redis.echo('hi')).toBe('hi');
    expect(await redis.ping()).toBe('PONG');
    expect(await redis.publish(k('channel'), 'nobody listens')).toBe(0);
  });

  it('typed methods chain on pipelines and transactions', async () => {
    expect(await redis.pipeline().set(k('p'), '1').incr(k('p')).get(k('p')).exec()).toEqual([
      'OK',
      2,
      '2',
    ]);
    expect(await redis.multi().set(k('m'), '1').incr(k('m')).exec()).toEqual(['OK', 2]);
  });

  it('rejects a bad argument with a TypeError naming the method, before anything is written', async () => {
    await expect(redis.set(undefined as never, 'v')).rejects.toThrow(/set\(\): argument "key"/);
    await expect(redis.set(k('x'), 'v', { ex: 1, px: 1 })).rejects.toThrow(TypeError);
    expect(() => redis.pipeline().get(undefined as never)).toThrow(TypeError);
  });
});
