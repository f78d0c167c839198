/**
 * Every command of the reply table against a real server, over RESP2 and RESP3: each step
 * expects one value, so both protocols must normalise to the same JS value.
 */
import { getTestServers } from '@redwire/test-harness';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RedisClient } from './client.js';
import { createClient } from './create-client.js';
import { replyTransforms } from './replies/table.js';

const { host, port } = getTestServers().standalone.address;

type Key = (name: string) => string;
/** One call of `method` and the value it must resolve with (asymmetric matchers allowed). */
type Step = [
  method: string,
  run: (redis: RedisClient, k: Key) => Promise<unknown>,
  expected: unknown,
];

const sorted = async (values: Promise<string[]>) => (await values).sort();
const anyNumber = expect.any(Number);
const ENTRIES = [
  { id: '1-1', fields: { f: 'v' } },
  { id: '2-0', fields: { a: '1', b: '2' } },
];
const LIBRARY =
  "#!lua name=rwreplies\nredis.register_function('rw_echo', function(keys, args) return args[1] end)";

const groups: Record<string, Step[]> = {
  string: [
    ['set', (r, k) => r.set(k('s'), 'v'), 'OK'],
    ['set', (r, k) => r.set(k('s'), 'w', { nx: true }), null],
    ['set', (r, k) => r.set(k('s'), 'w', { get: true }), 'v'],
    ['get', (r, k) => r.get(k('s')), 'w'],
    ['append', (r, k) => r.append(k('s'), 'x'), 2],
    ['strlen', (r, k) => r.strlen(k('s')), 2],
    ['getrange', (r, k) => r.getrange(k('s'), 0, 0), 'w'],
    ['setrange', (r, k) => r.setrange(k('s'), 1, 'y'), 2],
    ['getset', (r, k) => r.getset(k('s'), 'z'), 'wy'],
    ['getex', (r, k) => r.getex(k('s'), { ex: 100 }), 'z'],
    ['getdel', (r, k) => r.getdel(k('s')), 'z'],
    ['get', (r, k) => r.get(k('s')), null],
    ['incr', (r, k) => r.incr(k('n')), 1],
    ['incrby', (r, k) => r.incrby(k('n'), 5), 6],
    ['decr', (r, k) => r.decr(k('n')), 5],
    ['decrby', (r, k) => r.decrby(k('n'), 2), 3],
    ['incrbyfloat', (r, k) => r.incrbyfloat(k('n'), 0.5), 3.5],
    ['mset', (r, k) => r.mset({ [k('a')]: '1', [k('b')]: '2' }), 'OK'],
    ['mget', (r, k) => r.mget(k('a'), k('b'), k('none')), ['1', '2', null]],
    ['msetnx', (r, k) => r.msetnx({ [k('a')]: '1', [k('c')]: '3' }), false],
    ['msetnx', (r, k) => r.msetnx({ [k('c')]: '3' }), true],
    ['setnx', (r, k) => r.setnx(k('a'), 'x'), false],
    ['setex', (r, k) => r.setex(k('e'), 100, 'v'), 'OK'],
    ['psetex', (r, k) => r.psetex(k('p'), 100_000, 'v'), 'OK'],
  ],
  'keys and expiry': [
    ['exists', async (r, k) => (await r.set(k('g'), 'x')) && r.exists(k('g'), k('none')), 1],
    ['expire', (r, k) => r.expire(k('g'), 100), true],
    ['expire', (r, k) => r.expire(k('none'), 100), false],
    ['pexpire', (r, k) => r.pexpire(k('g'), 100_000), true],
    ['ttl', async (r, k) => (await r.ttl(k('g'))) > 90, true],
    ['pttl', async (r, k) => (await r.pttl(k('g'))) > 90_000, true],
    ['expiretime', (r, k) => r.expiretime(k('g')), anyNumber],
    ['pexpiretime', (r, k) => r.pexpiretime(k('g')), anyNumber],
    ['expireat', (r, k) => r.expireat(k('g'), new Date(Date.now() + 1e6)), true],
    ['pexpireat', (r, k) => r.pexpireat(k('g'), new Date(Date.now() + 1e6)), true],
    ['persist', (r, k) => r.persist(k('g')), true],
    ['persist', (r, k) => r.persist(k('g')), false],
    ['ttl', (r, k) => r.ttl(k('g')), -1],
    ['pttl', (r, k) => r.pttl(k('none')), -2],
    ['type', (r, k) => r.type(k('g')), 'string'],
    ['copy', (r, k) => r.copy(k('g'), k('g2')), true],
    ['rename', (r, k) => r.rename(k('g2'), k('g3')), 'OK'],
    ['renamenx', (r, k) => r.renamenx(k('g3'), k('g')), false],
    ['touch', (r, k) => r.touch(k('g'), k('g3'), k('none')), 2],
    ['keys', (r, k) => sorted(r.keys(k('g*'))), (k: Key) => [k('g'), k('g3')]],
    [
      'scan',
      (r, k) => r.scan('0', { match: k('g*'), count: 10_000 }),
      (k: Key) => ({ cursor: '0', keys: expect.arrayContaining([k('g'), k('g3')]) }),
    ],
    ['randomkey', (r) => r.randomkey(), expect.any(String)],
    ['del', (r, k) => r.del(k('g'), k('none')), 1],
    ['unlink', (r, k) => r.unlink(k('g3')), 1],
  ],
  hash: [
    ['hset', (r, k) => r.hset(k('h'), { f1: 'a', f2: 'b' }), 2],
    ['hget', (r, k) => r.hget(k('h'), 'f1'), 'a'],
    ['hget', (r, k) => r.hget(k('h'), 'none'), null],
    ['hgetall', (r, k) => r.hgetall(k('h')), { f1: 'a', f2: 'b' }],
    ['hgetall', (r, k) => r.hgetall(k('none')), {}],
    ['hmget', (r, k) => r.hmget(k('h'), 'f1', 'none'), ['a', null]],
    ['hkeys', (r, k) => r.hkeys(k('h')), ['f1', 'f2']],
    ['hvals', (r, k) => r.hvals(k('h')), ['a', 'b']],
    ['hlen', (r, k) => r.hlen(k('h')), 2],
    ['hexists', (r, k) => r.hexists(k('h'), 'f1'), true],
    ['hexists', (r, k) => r.hexists(k('h'), 'none'), false],
    ['hsetnx', (r, k) => r.hsetnx(k('h'), 'f1', 'z'), false],
    ['hmset', (r, k) => r.hmset(k('h'), { f3: 'c' }), 'OK'],
    ['hdel', (r, k) => r.hdel(k('h'), 'f3', 'none'), 1],
    ['hincrby', (r, k) => r.hincrby(k('h'), 'n', 2), 2],
    ['hincrbyfloat', (r, k) => r.hincrbyfloat(k('h'), 'x', 1.5), 1.5],
    ['hstrlen', (r, k) => r.hstrlen(k('h'), 'f1'), 1],
    [
      'hrandfield',
      async (r, k) => (await r.hset(k('h1'), { only: '1' })) && r.hrandfield(k('h1')),
      'only',
    ],
    ['hrandfield', (r, k) => r.hrandfield(k('none')), null],
    ['hrandfield', (r, k) => r.hrandfield(k('h1'), { count: 2 }), ['only']],
    [
      'hrandfield',
      (r, k) => r.hrandfield(k('h1'), { count: 1, withvalues: true }),
      [{ field: 'only', value: '1' }],
    ],
    ['hscan', (r, k) => r.hscan(k('h1'), '0'), { cursor: '0', entries: { only: '1' } }],
  ],
  list: [
    ['rpush', (r, k) => r.rpush(k('l'), 'a', 'b', 'c'), 3],
    ['lpush', (r, k) => r.lpush(k('l'), 'z'), 4],
    ['lrange', (r, k) => r.lrange(k('l'), 0, -1), ['z', 'a', 'b', 'c']],
    ['llen', (r, k) => r.llen(k('l')), 4],
    ['lindex', (r, k) => r.lindex(k('l'), 0), 'z'],
    ['lindex', (r, k) => r.lindex(k('l'), 99), null],
    ['lset', (r, k) => r.lset(k('l'), 0, 'y'), 'OK'],
    ['linsert', (r, k) => r.linsert(k('l'), 'AFTER', 'a', 'a2'), 5],
    ['lrem', (r, k) => r.lrem(k('l'), 0, 'a2'), 1],
    ['lpos', (r, k) => r.lpos(k('l'), 'b'), 2],
    ['lpos', (r, k) => r.lpos(k('l'), 'none'), null],
    ['lpos', (r, k) => r.lpos(k('l'), 'b', { count: 0 }), [2]],
    ['lpop', (r, k) => r.lpop(k('l')), 'y'],
    ['lpop', (r, k) => r.lpop(k('l'), 2), ['a', 'b']],
    ['lpop', (r, k) => r.lpop(k('none'), 2), null],
    ['rpop', (r, k) => r.rpop(k('l')), 'c'],
    ['rpop', (r, k) => r.rpop(k('none')), null],
    ['lpushx', (r, k) => r.lpushx(k('none'), 'x'), 0],
    ['rpushx', (r, k) => r.rpushx(k('none'), 'x'), 0],
    ['rpush', (r, k) => r.rpush(k('l'), '1', '2', '3'), 3],
    ['ltrim', (r, k) => r.ltrim(k('l'), 0, 1), 'OK'],
    ['lmove', (r, k) => r.lmove(k('l'), k('l2'), 'LEFT', 'RIGHT'), '1'],
    ['rpoplpush', (r, k) => r.rpoplpush(k('l'), k('l2')), '2'],
    ['rpoplpush', (r, k) => r.rpoplpush(k('none'), k('l2')), null],
    ['blmove', (r, k) => r.blmove(k('l2'), k('l'), 'LEFT', 'LEFT', 1), '2'],
    ['brpoplpush', (r, k) => r.brpoplpush(k('l'), k('l2'), 1), '2'],
    ['blpop', (r, k) => r.blpop(k('l2'), 1), (k: Key) => ({ key: k('l2'), element: '2' })],
    [
      'brpop',
      (r, k) => r.brpop([k('none'), k('l2')], 1),
      (k: Key) => ({ key: k('l2'), element: '1' }),
    ],
    ['blpop', (r, k) => r.blpop(k('l2'), 0.05), null],
  ],
  set: [
    ['sadd', (r, k) => r.sadd(k('s1'), 'x', 'y'), 2],
    ['sadd', (r, k) => r.sadd(k('s2'), 'y', 'z'), 2],
    ['scard', (r, k) => r.scard(k('s1')), 2],
    ['sismember', (r, k) => r.sismember(k('s1'), 'x'), true],
    ['sismember', (r, k) => r.sismember(k('s1'), 'q'), false],
    ['smismember', (r, k) => r.smismember(k('s1'), 'x', 'q'), [true, false]],
    ['smembers', (r, k) => sorted(r.smembers(k('s1'))), ['x', 'y']],
    ['smembers', (r, k) => r.smembers(k('none')), []],
    ['sdiff', (r, k) => r.sdiff(k('s1'), k('s2')), ['x']],
    ['sinter', (r, k) => r.sinter(k('s1'), k('s2')), ['y']],
    ['sunion', (r, k) => sorted(r.sunion(k('s1'), k('s2'))), ['x', 'y', 'z']],
    ['sintercard', (r, k) => r.sintercard([k('s1'), k('s2')]), 1],
    ['sdiffstore', (r, k) => r.sdiffstore(k('d'), k('s1'), k('s2')), 1],
    ['sinterstore', (r, k) => r.sinterstore(k('d'), k('s1'), k('s2')), 1],
    ['sunionstore', (r, k) => r.sunionstore(k('d'), k('s1'), k('s2')), 3],
    ['smove', (r, k) => r.smove(k('s2'), k('s1'), 'z'), true],
    ['srem', (r, k) => r.srem(k('s1'), 'z', 'q'), 1],
    [
      'srandmember',
      async (r, k) => (await r.sadd(k('s3'), 'only')) && r.srandmember(k('s3')),
      'only',
    ],
    ['srandmember', (r, k) => r.srandmember(k('s3'), 2), ['only']],
    ['srandmember', (r, k) => r.srandmember(k('none')), null],
    ['sscan', (r, k) => r.sscan(k('s3'), '0'), { cursor: '0', members: ['only'] }],
    ['spop', (r, k) => r.spop(k('s3'), 1), ['only']],
    ['spop', (r, k) => r.spop(k('s3')), null],
    ['spop', (r, k) => r.spop(k('s3'), 2), []],
  ],
  'sorted set': [
    [
      'zadd',
      (r, k) =>
        r.zadd(k('z'), [
          { score: 1, member: 'a' },
          { score: 2.5, member: 'b' },
        ]),
      2,
    ],
    ['zadd', (r, k) => r.zadd(k('z'), [{ score: 1, member: 'a' }], { incr: true }), 2],
    ['zadd', (r, k) => r.zadd(k('z'), [{ score: 1, member: 'q' }], { xx: true, incr: true }), null],
    ['zscore', (r, k) => r.zscore(k('z'), 'a'), 2],
    ['zscore', (r, k) => r.zscore(k('z'), 'q'), null],
    ['zincrby', (r, k) => r.zincrby(k('z'), 1, 'a'), 3],
    ['zmscore', (r, k) => r.zmscore(k('z'), 'a', 'q'), [3, null]],
    ['zcard', (r, k) => r.zcard(k('z')), 2],
    ['zcount', (r, k) => r.zcount(k('z'), '-inf', '+inf'), 2],
    ['zrank', (r, k) => r.zrank(k('z'), 'b'), 0],
    ['zrank', (r, k) => r.zrank(k('z'), 'q'), null],
    ['zrevrank', (r, k) => r.zrevrank(k('z'), 'b'), 1],
    ['zrange', (r, k) => r.zrange(k('z'), 0, -1), ['b', 'a']],
    [
      'zrange',
      (r, k) => r.zrange(k('z'), 0, -1, { withscores: true }),
      [
        { member: 'b', score: 2.5 },
        { member: 'a', score: 3 },
      ],
    ],
    [
      'zrangebyscore',
      (r, k) => r.zrangebyscore(k('z'), '-inf', '+inf', { withscores: true }),
      [
        { member: 'b', score: 2.5 },
        { member: 'a', score: 3 },
      ],
    ],
    [
      'zrevrange',
      (r, k) => r.zrevrange(k('z'), 0, -1, { withscores: true }),
      [
        { member: 'a', score: 3 },
        { member: 'b', score: 2.5 },
      ],
    ],
    ['zrevrangebyscore', (r, k) => r.zrevrangebyscore(k('z'), '+inf', '-inf'), ['a', 'b']],
    ['zadd', (r, k) => r.zadd(k('z'), [{ score: Number.POSITIVE_INFINITY, member: 'top' }]), 1],
    ['zscore', (r, k) => r.zscore(k('z'), 'top'), Number.POSITIVE_INFINITY],
    ['zrem', (r, k) => r.zrem(k('z'), 'top', 'q'), 1],
    [
      'zadd',
      (r, k) =>
        r.zadd(k('zl'), [
          { score: 0, member: 'a' },
          { score: 0, member: 'b' },
        ]),
      2,
    ],
    ['zrangebylex', (r, k) => r.zrangebylex(k('zl'), '-', '+'), ['a', 'b']],
    ['zlexcount', (r, k) => r.zlexcount(k('zl'), '-', '+'), 2],
    [
      'zscan',
      (r, k) => r.zscan(k('z'), '0'),
      {
        cursor: '0',
        members: [
          { member: 'b', score: 2.5 },
          { member: 'a', score: 3 },
        ],
      },
    ],
    [
      'zrandmember',
      async (r, k) =>
        (await r.zadd(k('z1'), [{ score: 1, member: 'only' }])) && r.zrandmember(k('z1')),
      'only',
    ],
    ['zrandmember', (r, k) => r.zrandmember(k('none')), null],
    ['zrandmember', (r, k) => r.zrandmember(k('z1'), { count: 1 }), ['only']],
    [
      'zrandmember',
      (r, k) => r.zrandmember(k('z1'), { count: 1, withscores: true }),
      [{ member: 'only', score: 1 }],
    ],
    ['zpopmin', (r, k) => r.zpopmin(k('z')), { member: 'b', score: 2.5 }],
    ['zpopmax', (r, k) => r.zpopmax(k('z'), 1), [{ member: 'a', score: 3 }]],
    ['zpopmin', (r, k) => r.zpopmin(k('z')), null],
    ['zpopmax', (r, k) => r.zpopmax(k('z'), 2), []],
    [
      'zadd',
      (r, k) =>
        r.zadd(k('z'), [
          { score: 1, member: 'a' },
          { score: 2, member: 'b' },
          { score: 3, member: 'c' },
        ]),
      3,
    ],
    ['zremrangebyrank', (r, k) => r.zremrangebyrank(k('z'), 0, 0), 1],
    ['zremrangebyscore', (r, k) => r.zremrangebyscore(k('z'), 3, 3), 1],
    [
      'bzpopmin',
      (r, k) => r.bzpopmin(k('z'), 1),
      (k: Key) => ({ key: k('z'), member: 'b', score: 2 }),
    ],
    ['bzpopmax', (r, k) => r.bzpopmax(k('z'), 0.05), null],
  ],
  stream: [
    ['xadd', (r, k) => r.xadd(k('x'), '1-1', { f: 'v' }), '1-1'],
    ['xadd', (r, k) => r.xadd(k('x'), '2-0', { a: '1', b: '2' }), '2-0'],
    ['xadd', (r, k) => r.xadd(k('none'), '*', { a: 'b' }, { nomkstream: true }), null],
    ['xlen', (r, k) => r.xlen(k('x')), 2],
    ['xrange', (r, k) => r.xrange(k('x'), '-', '+'), ENTRIES],
    ['xrevrange', (r, k) => r.xrevrange(k('x'), '+', '-'), [...ENTRIES].reverse()],
    [
      'xread',
      (r, k) => r.xread({ streams: { [k('x')]: '0' } }),
      (k: Key) => [{ stream: k('x'), messages: ENTRIES }],
    ],
    ['xread', (r, k) => r.xread({ block: 10, streams: { [k('x')]: '$' } }), null],
    ['xgroupCreate', (r, k) => r.xgroupCreate(k('x'), 'g', '0'), 'OK'],
    [
      'xreadgroup',
      (r, k) => r.xreadgroup({ group: { group: 'g', consumer: 'c' }, streams: { [k('x')]: '>' } }),
      (k: Key) => [{ stream: k('x'), messages: ENTRIES }],
    ],
    ['xack', (r, k) => r.xack(k('x'), 'g', '1-1'), 1],
    ['xdel', (r, k) => r.xdel(k('x'), '2-0'), 1],
    [
      'xreadgroup',
      (r, k) => r.xreadgroup({ group: { group: 'g', consumer: 'c' }, streams: { [k('x')]: '0' } }),
      (k: Key) => [{ stream: k('x'), messages: [{ id: '2-0', fields: null }] }],
    ],
    ['xtrim', (r, k) => r.xtrim(k('x'), { strategy: 'MAXLEN', threshold: 0 }), 1],
  ],
  scripting: [
    ['eval', (r, k) => r.eval('return {1, KEYS[1]}', { keys: [k('e')] }), (k: Key) => [1, k('e')]],
    ['scriptLoad', (r) => r.scriptLoad('return 7'), expect.stringMatching(/^[0-9a-f]{40}$/)],
    ['evalsha', async (r) => r.evalsha(await r.scriptLoad('return 7')), 7],
    [
      'scriptExists',
      async (r) => r.scriptExists(await r.scriptLoad('return 7'), 'f'.repeat(40)),
      [true, false],
    ],
    [
      'fcall',
      async (r, k) =>
        (await r.functionLoad(LIBRARY, { replace: true })) &&
        r.fcall('rw_echo', { keys: [k('f')], args: ['hi'] }),
      'hi',
    ],
    ['scriptFlush', (r) => r.scriptFlush(), 'OK'],
  ],
  'server and connection': [
    ['ping', (r) => r.ping(), 'PONG'],
    ['ping', (r) => r.ping('hi'), 'hi'],
    ['echo', (r) => r.echo('e'), 'e'],
    ['dbsize', (r) => r.dbsize(), anyNumber],
    ['info', (r) => r.info('server'), expect.stringContaining('redis_version:')],
    [
      'infoParsed',
      (r) => r.infoParsed('server'),
      { server: expect.objectContaining({ redis_version: expect.stringMatching(/^\d+\.\d+/) }) },
    ],
    [
      'configGet',
      (r) => r.configGet('maxmemory-policy'),
      { 'maxmemory-policy': expect.any(String) },
    ],
    [
      'configSet',
      async (r) =>
        r.configSet({
          'maxmemory-policy':
            (await r.configGet('maxmemory-policy'))['maxmemory-policy'] ?? 'noeviction',
        }),
      'OK',
    ],
    ['time', (r) => r.time(), [anyNumber, anyNumber]],
    ['lastsave', (r) => r.lastsave(), anyNumber],
    ['clientId', (r) => r.clientId(), anyNumber],
    ['clientList', (r) => r.clientList(), expect.stringContaining('id=')],
    ['clientSetname', (r) => r.isolated((c) => c.clientSetname('rw')), 'OK'],
    [
      'clientGetname',
      (r) => r.isolated(async (c) => (await c.clientSetname('rw')) && c.clientGetname()),
      'rw',
    ],
    ['clientGetname', (r) => r.isolated((c) => c.clientGetname()), null],
    ['publish', (r, k) => r.publish(k('channel'), 'nobody listens'), 0],
    ['flushdb', (r) => r.flushdb(), 'OK'],
    ['flushall', (r) => r.flushall(), 'OK'],
  ],
};

describe.each([2, 3] as const)('normalised replies over RESP%i', (protocol) => {
  let redis: RedisClient;
  const k: Key = (name) => `rep${protocol}:${name}`;

  beforeAll(async () => {
    redis = createClient({ host, port, protocol });
    await redis.flushdb();
  });
  afterAll(async () => {
    await redis.close();
  });

  for (const [group, steps] of Object.entries(groups)) {
    it(group, async () => {
      for (const [i, [method, run, expected]] of steps.entries()) {
        const value = await run(redis, k);
        expect(value, `step ${i}: ${method}`).toEqual(
          typeof expected === 'function' ? expected(k) : expected,
        );
      }
    });
  }

  it('normalises pipeline and transaction replies too', async () => {
    const h = k('batch:h');
    const z = k('batch:z');
    const expected = [
      2,
      1,
      { f: 'a', g: 'b' },
      [{ member: 'm', score: 1.5 }],
      true,
      { server: expect.objectContaining({ redis_version: expect.any(String) }) },
    ];
    const pipeline = redis
      .pipeline()
      .hset(h, { f: 'a', g: 'b' })
      .zadd(z, [{ score: 1.5, member: 'm' }])
      .hgetall(h)
      .zrange(z, 0, -1, { withscores: true })
      .expire(h, 100)
      .infoParsed('server');
    expect(await pipeline.exec()).toEqual(expected);
    await redis.del(h, z);
    const multi = redis
      .multi()
      .hset(h, { f: 'a', g: 'b' })
      .zadd(z, [{ score: 1.5, member: 'm' }])
      .hgetall(h)
      .zrange(z, 0, -1, { withscores: true })
      .expire(h, 100)
      .infoParsed('server');
    expect(await multi.exec()).toEqual(expected);
  });

  it('keeps values as Buffers on a Buffer view, names and protocol text as strings', async () => {
    const b = (s: string) => Buffer.from(s);
    const buffers = redis.withBuffers();
    expect(await buffers.set(k('b:s'), 'v')).toBe('OK');
    expect(await buffers.get(k('b:s'))).toEqual(b('v'));
    expect(await buffers.type(k('b:s'))).toBe('string');
    await redis.hset(k('b:h'), { f: 'v' });
    expect(await buffers.hgetall(k('b:h'))).toEqual({ f: b('v') });
    await redis.zadd(k('b:z'), [{ score: 2, member: 'm' }]);
    expect(await buffers.zrange(k('b:z'), 0, -1, { withscores: true })).toEqual([
      { member: b('m'), score: 2 },
    ]);
    expect(await buffers.zscore(k('b:z'), 'm')).toBe(2);
    expect(await buffers.scan('0', { match: k('b:s'), count: 10_000 })).toEqual({
      cursor: '0',
      keys: [b(k('b:s'))],
    });
    expect(Buffer.isBuffer(await buffers.info('server'))).toBe(true);
  });
});

describe('the reply table', () => {
  it('is exercised here command by command', () => {
    const covered = new Set(Object.values(groups).flatMap((steps) => steps.map(([m]) => m)));
    const missing = [...Object.keys(replyTransforms), 'infoParsed'].filter((m) => !covered.has(m));
    expect(missing).toEqual([]);
  });
});
