import { describe, expect, it } from 'vitest';
import { commandBuilders as c } from './generated/index.js';

const args = (built: { args: readonly unknown[] }) => built.args;

describe('command builders produce the exact arguments', () => {
  const table: [string, { args: readonly unknown[] }, unknown[]][] = [
    ['GET', c.get('k'), ['GET', 'k']],
    ['SET plain', c.set('k', 'v'), ['SET', 'k', 'v']],
    ['SET EX NX', c.set('k', 'v', { ex: 60, nx: true }), ['SET', 'k', 'v', 'NX', 'EX', 60]],
    [
      'SET XX GET PX',
      c.set('k', 1, { xx: true, get: true, px: 5 }),
      ['SET', 'k', 1, 'XX', 'GET', 'PX', 5],
    ],
    [
      'SET EXAT Date',
      c.set('k', 'v', { exat: new Date(1_700_000_000_500) }),
      ['SET', 'k', 'v', 'EXAT', 1_700_000_000],
    ],
    [
      'SET PXAT Date',
      c.set('k', 'v', { pxat: new Date(1_700_000_000_500) }),
      ['SET', 'k', 'v', 'PXAT', 1_700_000_000_500],
    ],
    ['SET KEEPTTL', c.set('k', 'v', { keepttl: true }), ['SET', 'k', 'v', 'KEEPTTL']],
    [
      'SET false flags are left out',
      c.set('k', 'v', { nx: false, xx: true }),
      ['SET', 'k', 'v', 'XX'],
    ],
    ['GETEX PERSIST', c.getex('k', { persist: true }), ['GETEX', 'k', 'PERSIST']],
    ['GETEX EX', c.getex('k', { ex: 10 }), ['GETEX', 'k', 'EX', 10]],
    ['SETEX', c.setex('k', 60, 'v'), ['SETEX', 'k', 60, 'v']],
    ['DEL rest', c.del('a', 'b'), ['DEL', 'a', 'b']],
    ['MGET rest', c.mget('a', 'b', 'c'), ['MGET', 'a', 'b', 'c']],
    ['MSET object', c.mset({ a: '1', b: 2 }), ['MSET', 'a', '1', 'b', 2]],
    [
      'MSET tuples',
      c.mset([
        ['a', '1'],
        [Buffer.from('b'), '2'],
      ]),
      ['MSET', 'a', '1', Buffer.from('b'), '2'],
    ],
    ['HSET pairs', c.hset('h', { f1: 'v1', f2: 'v2' }), ['HSET', 'h', 'f1', 'v1', 'f2', 'v2']],
    ['HSET Map', c.hset('h', new Map([['f', 'v']])), ['HSET', 'h', 'f', 'v']],
    ['LPOP count?', c.lpop('l'), ['LPOP', 'l']],
    ['LPOP count', c.lpop('l', 2), ['LPOP', 'l', 2]],
    [
      'LPOS options',
      c.lpos('l', 'x', { rank: -1, count: 2, maxlen: 100 }),
      ['LPOS', 'l', 'x', 'RANK', -1, 'COUNT', 2, 'MAXLEN', 100],
    ],
    ['LMOVE', c.lmove('a', 'b', 'LEFT', 'RIGHT'), ['LMOVE', 'a', 'b', 'LEFT', 'RIGHT']],
    ['BLPOP one key', c.blpop('q', 0), ['BLPOP', 'q', 0]],
    ['BLPOP keys', c.blpop(['q1', 'q2'], 1.5), ['BLPOP', 'q1', 'q2', 1.5]],
    [
      'LMPOP numkeys',
      c.lmpop(['a', 'b'], 'LEFT', { count: 3 }),
      ['LMPOP', 2, 'a', 'b', 'LEFT', 'COUNT', 3],
    ],
    [
      'ZADD options and members',
      c.zadd(
        'z',
        [
          { score: 1, member: 'a' },
          { score: '+inf', member: 'b' },
        ],
        { xx: true, gt: true, ch: true },
      ),
      ['ZADD', 'z', 'XX', 'GT', 'CH', 1, 'a', '+inf', 'b'],
    ],
    [
      'ZRANGE BYSCORE REV LIMIT WITHSCORES',
      c.zrange('z', '+inf', '(1', {
        byscore: true,
        rev: true,
        limit: { offset: 0, count: 10 },
        withscores: true,
      }),
      ['ZRANGE', 'z', '+inf', '(1', 'BYSCORE', 'REV', 'LIMIT', 0, 10, 'WITHSCORES'],
    ],
    [
      'ZRANGEBYSCORE infinities',
      c.zrangebyscore('z', -Infinity, Infinity),
      ['ZRANGEBYSCORE', 'z', '-inf', '+inf'],
    ],
    [
      'ZRANGEBYSCORE exclusive',
      c.zrangebyscore('z', '(1', 5, { withscores: true }),
      ['ZRANGEBYSCORE', 'z', '(1', 5, 'WITHSCORES'],
    ],
    [
      'ZUNIONSTORE numkeys WEIGHTS AGGREGATE',
      c.zunionstore('d', ['a', 'b'], { weights: [1, 2.5], aggregate: 'MAX' }),
      ['ZUNIONSTORE', 'd', 2, 'a', 'b', 'WEIGHTS', 1, 2.5, 'AGGREGATE', 'MAX'],
    ],
    [
      'XADD NOMKSTREAM MAXLEN ~ id fields',
      c.xadd(
        's',
        '*',
        { f: 'v', g: 1 },
        { nomkstream: true, strategy: 'MAXLEN', approximately: true, threshold: 1000 },
      ),
      ['XADD', 's', 'NOMKSTREAM', 'MAXLEN', '~', 1000, '*', 'f', 'v', 'g', 1],
    ],
    [
      'XADD MINID = LIMIT explicit id',
      c.xadd('s', '1-1', [['f', 'v']], {
        strategy: 'MINID',
        equal: true,
        threshold: '0-1',
        limit: 10,
      }),
      ['XADD', 's', 'MINID', '=', '0-1', 'LIMIT', 10, '1-1', 'f', 'v'],
    ],
    ['XTRIM', c.xtrim('s', { strategy: 'MAXLEN', threshold: 5 }), ['XTRIM', 's', 'MAXLEN', 5]],
    [
      'XREAD COUNT BLOCK STREAMS',
      c.xread({ count: 10, block: 0, streams: { s1: '0', s2: '$' } }),
      ['XREAD', 'COUNT', 10, 'BLOCK', 0, 'STREAMS', 's1', 's2', '0', '$'],
    ],
    [
      'XREADGROUP',
      c.xreadgroup({ group: { group: 'g', consumer: 'c' }, noack: true, streams: [['s', '>']] }),
      ['XREADGROUP', 'GROUP', 'g', 'c', 'NOACK', 'STREAMS', 's', '>'],
    ],
    [
      'XGROUP CREATE $',
      c.xgroupCreate('s', 'g', '$', { mkstream: true }),
      ['XGROUP', 'CREATE', 's', 'g', '$', 'MKSTREAM'],
    ],
    ['XINFO STREAM FULL', c.xinfoStream('s', { full: true }), ['XINFO', 'STREAM', 's', 'FULL']],
    [
      'XINFO STREAM FULL COUNT',
      c.xinfoStream('s', { full: { count: 5 } }),
      ['XINFO', 'STREAM', 's', 'FULL', 'COUNT', 5],
    ],
    [
      'CLIENT KILL filters',
      c.clientKill({ id: 7, type: 'NORMAL', user: 'u', skipme: 'no' }),
      ['CLIENT', 'KILL', 'ID', 7, 'TYPE', 'NORMAL', 'USER', 'u', 'SKIPME', 'no'],
    ],
    [
      'CLIENT LIST TYPE ID',
      c.clientList({ type: 'pubsub', id: [1, 2] }),
      ['CLIENT', 'LIST', 'TYPE', 'PUBSUB', 'ID', 1, 2],
    ],
    ['CLIENT SETNAME', c.clientSetname('app'), ['CLIENT', 'SETNAME', 'app']],
    ['SCAN', c.scan('0'), ['SCAN', '0']],
    [
      'SCAN MATCH COUNT TYPE',
      c.scan('18446744073709551615', { match: 'user:*', count: 100, type: 'hash' }),
      ['SCAN', '18446744073709551615', 'MATCH', 'user:*', 'COUNT', 100, 'TYPE', 'hash'],
    ],
    [
      'BITFIELD operations',
      c.bitfield('b', [
        { get: { encoding: 'u8', offset: 0 } },
        { overflow: 'SAT' },
        { incrby: { encoding: 'i5', offset: 100, increment: 1 } },
        { set: { encoding: 'u4', offset: 4, value: 3 } },
      ]),
      [
        'BITFIELD',
        'b',
        'GET',
        'u8',
        0,
        'OVERFLOW',
        'SAT',
        'INCRBY',
        'i5',
        100,
        1,
        'SET',
        'u4',
        4,
        3,
      ],
    ],
    [
      'BITFIELD_RO',
      c.bitfieldRo('b', {
        get: [
          { encoding: 'u8', offset: 0 },
          { encoding: 'u8', offset: 8 },
        ],
      }),
      ['BITFIELD_RO', 'b', 'GET', 'u8', 0, 'GET', 'u8', 8],
    ],
    [
      'BITCOUNT range BIT',
      c.bitcount('b', { start: 0, end: -1, bit: true }),
      ['BITCOUNT', 'b', 0, -1, 'BIT'],
    ],
    [
      'GEOSEARCH FROMLONLAT BYRADIUS',
      c.geosearch('g', {
        fromlonlat: { longitude: 15, latitude: 37 },
        byradius: { radius: 200, unit: 'km' },
        asc: true,
        count: 5,
        any: true,
        withdist: true,
      }),
      [
        'GEOSEARCH',
        'g',
        'FROMLONLAT',
        15,
        37,
        'BYRADIUS',
        200,
        'KM',
        'ASC',
        'COUNT',
        5,
        'ANY',
        'WITHDIST',
      ],
    ],
    [
      'GEOSEARCH FROMMEMBER BYBOX',
      c.geosearch('g', { frommember: 'm', bybox: { width: 1, height: 2, unit: 'M' } }),
      ['GEOSEARCH', 'g', 'FROMMEMBER', 'm', 'BYBOX', 1, 2, 'M'],
    ],
    [
      'SORT BY LIMIT GET DESC ALPHA STORE',
      c.sort('l', {
        by: 'w_*',
        limit: { offset: 0, count: 5 },
        get: ['#', 'o_*'],
        desc: true,
        alpha: true,
        store: 'd',
      }),
      [
        'SORT',
        'l',
        'BY',
        'w_*',
        'LIMIT',
        0,
        5,
        'GET',
        '#',
        'GET',
        'o_*',
        'DESC',
        'ALPHA',
        'STORE',
        'd',
      ],
    ],
    ['EVAL no keys', c.eval('return 1'), ['EVAL', 'return 1', 0]],
    [
      'EVAL keys args',
      c.eval('return 1', { keys: ['a', 'b'], args: ['x', 1] }),
      ['EVAL', 'return 1', 2, 'a', 'b', 'x', 1],
    ],
    ['FCALL', c.fcall('f', { keys: 'k' }), ['FCALL', 'f', 1, 'k']],
    [
      'MIGRATE KEYS AUTH2',
      c.migrate('h', 6380, '', 0, 5000, {
        copy: true,
        auth2: { username: 'u', password: 'p' },
        keys: ['a', 'b'],
      }),
      ['MIGRATE', 'h', 6380, '', 0, 5000, 'COPY', 'AUTH2', 'u', 'p', 'KEYS', 'a', 'b'],
    ],
    [
      'CONFIG SET pairs',
      c.configSet({ maxmemory: '1mb', 'maxmemory-policy': 'allkeys-lru' }),
      ['CONFIG', 'SET', 'maxmemory', '1mb', 'maxmemory-policy', 'allkeys-lru'],
    ],
    ['CONFIG GET', c.configGet('maxmemory', 'save'), ['CONFIG', 'GET', 'maxmemory', 'save']],
    ['OBJECT ENCODING', c.objectEncoding('k'), ['OBJECT', 'ENCODING', 'k']],
    [
      'ACL SETUSER rules',
      c.aclSetuser('alice', 'on', '>pw', '~cache:*', '+get'),
      ['ACL', 'SETUSER', 'alice', 'on', '>pw', '~cache:*', '+get'],
    ],
    ['ACL LOG RESET', c.aclLog('RESET'), ['ACL', 'LOG', 'RESET']],
    ['ACL LOG count', c.aclLog(5), ['ACL', 'LOG', 5]],
    ['EXPIRE GT', c.expire('k', 10, { gt: true }), ['EXPIRE', 'k', 10, 'GT']],
    ['PEXPIREAT Date', c.pexpireat('k', new Date(5000)), ['PEXPIREAT', 'k', 5000]],
    [
      'HELLO AUTH SETNAME',
      c.hello({ protover: 3, auth: { username: 'u', password: 'p' }, setname: 'n' }),
      ['HELLO', 3, 'AUTH', 'u', 'p', 'SETNAME', 'n'],
    ],
    [
      'CLUSTER SETSLOT NODE',
      c.clusterSetslot(5, { node: 'abc' }),
      ['CLUSTER', 'SETSLOT', 5, 'NODE', 'abc'],
    ],
    [
      'CLUSTER ADDSLOTSRANGE',
      c.clusterAddslotsrange([{ startSlot: 0, endSlot: 99 }]),
      ['CLUSTER', 'ADDSLOTSRANGE', 0, 99],
    ],
    [
      'COMMAND LIST FILTERBY',
      c.commandList({ filterby: { pattern: 'x*' } }),
      ['COMMAND', 'LIST', 'FILTERBY', 'PATTERN', 'x*'],
    ],
    ['REPLICAOF NO ONE', c.replicaof('NO', 'ONE'), ['REPLICAOF', 'NO', 'ONE']],
    ['untyped DEBUG', c.debug('SLEEP', 0), ['DEBUG', 'SLEEP', 0]],
    ['PING', c.ping(), ['PING']],
  ];
  it.each(table)('%s', (_, built, expected) => {
    expect(args(built)).toEqual(expected);
  });

  it('attaches the spec of the command built', () => {
    expect(c.clientSetname('x').spec?.name).toBe('CLIENT SETNAME');
    expect(c.get('k').spec?.keySpecs[0]?.beginSearch).toEqual({ type: 'index', index: 1 });
  });
});

describe('command builders reject bad arguments with a TypeError naming method and parameter', () => {
  // Calls the untyped way a JavaScript caller (or an `any`) would.
  const loose = c as unknown as Record<string, (...a: unknown[]) => unknown>;
  const cases: [string, () => unknown, string][] = [
    [
      'a missing key',
      () => loose.set?.(undefined, 'v'),
      'set(): argument "key" must be a string or Buffer, got undefined',
    ],
    [
      'a null value',
      () => loose.set?.('k', null),
      'set(): argument "value" must be a string, Buffer or finite number, got null',
    ],
    [
      'an object as value',
      () => loose.get?.({}),
      'get(): argument "key" must be a string or Buffer, got an object',
    ],
    [
      'a fractional integer option',
      () => c.set('k', 'v', { ex: 1.5 }),
      'set(): option "ex" must be an integer, got the number 1.5',
    ],
    [
      'NaN as a value',
      () => c.set('k', Number.NaN),
      'set(): argument "value" must be a string, Buffer or finite number, got the number NaN',
    ],
    [
      'Infinity where no score is due',
      () => c.incrbyfloat('k', Infinity),
      'incrbyfloat(): argument "increment" must be a finite number',
    ],
    [
      'EX with PX',
      () => c.set('k', 'v', { ex: 1, px: 1000 }),
      'set(): options "ex" and "px" cannot be used together',
    ],
    [
      'NX with XX',
      () => c.set('k', 'v', { nx: true, xx: true }),
      'set(): options "nx" and "xx" cannot be used together',
    ],
    [
      'GETEX EX with PERSIST',
      () => c.getex('k', { ex: 1, persist: true }),
      'getex(): options "ex" and "persist" cannot be used together',
    ],
    [
      'BYSCORE with BYLEX',
      () => c.zrange('z', 0, 1, { byscore: true, bylex: true }),
      'zrange(): options "byscore" and "bylex" cannot be used together',
    ],
    [
      'GEOSEARCH without a center',
      () => c.geosearch('g', { byradius: { radius: 1, unit: 'M' } }),
      'geosearch(): options need one of "frommember", "fromlonlat"',
    ],
    [
      'XREAD without options',
      () => loose.xread?.(),
      'xread(): argument "options" must be an object, got undefined',
    ],
    [
      'XREAD without streams',
      () => loose.xread?.({ count: 1 }),
      'xread(): option "streams" must be an object, a Map or an array of [name, value] pairs, got undefined',
    ],
    [
      'DEL with no keys',
      () => c.del(),
      'del(): argument "keys" must be at least one value, got none',
    ],
    [
      'MSET with no entries',
      () => c.mset({}),
      'mset(): argument "entries" must be at least one pair',
    ],
    [
      'a bad key in a rest list',
      () => loose.del?.('a', 1),
      'del(): argument "keys[1]" must be a string or Buffer, got the number 1',
    ],
    [
      'a missing LIMIT field',
      () => loose.zrange?.('z', 0, 1, { limit: { offset: 0 } }),
      'zrange(): option "limit.count" must be an integer, got undefined',
    ],
    [
      'a wrong choice',
      () => loose.lmove?.('a', 'b', 'UP', 'LEFT'),
      "lmove(): argument \"wherefrom\" must be one of 'LEFT', 'RIGHT', got 'UP'",
    ],
    [
      'a non-boolean flag',
      () => loose.set?.('k', 'v', { nx: 'yes' }),
      'set(): option "nx" must be a boolean',
    ],
    [
      'an invalid Date',
      () => c.set('k', 'v', { exat: new Date(Number.NaN) }),
      'set(): option "exat" must be a valid Date',
    ],
    [
      'a bad score',
      () => loose.zcount?.('z', 'abc', 1),
      'zcount(): argument "min" must be a number',
    ],
    [
      'an object as untyped argument',
      () => loose.debug?.({}),
      'debug(): argument 1 must be a string, Buffer or finite number',
    ],
  ];
  it.each(cases)('%s', (_, call, message) => {
    expect(call).toThrow(TypeError);
    expect(call).toThrow(message);
  });
});

describe('calls without options take a short way that builds the same command', () => {
  it('matches the long way (an empty options object) for every builder that accepts both', () => {
    const builders = c as unknown as Record<string, (...params: unknown[]) => { args: unknown[] }>;
    let compared = 0;
    for (const [method, build] of Object.entries(builders)) {
      const positional = build.length - 1;
      if (positional < 0) continue;
      for (const sample of [1, 'k']) {
        const values = Array.from({ length: positional }, () => sample);
        let short: unknown;
        let long: unknown;
        try {
          long = build(...values, {}).args;
        } catch {
          continue; // its last parameter is not an options object, or the sample does not fit
        }
        try {
          short = build(...values).args;
        } catch (error) {
          short = error;
        }
        expect(short, method).toEqual(long);
        compared++;
        break;
      }
    }
    // 64 methods with an options object took both ways here when this was written.
    expect(compared).toBeGreaterThanOrEqual(60);
  });

  it('still names the method and the argument when a value is wrong', () => {
    expect(() => c.set({} as never, 'v')).toThrow(/set\(\).*"key"/);
    expect(() => c.get(undefined as never)).toThrow(TypeError);
  });
});

describe('unknown option keys of a command', () => {
  it('refuses a misspelt option instead of sending the command without it', () => {
    expect(() => c.set('k', 'v', { ex: 5, nxx: true } as never)).toThrow(
      expect.objectContaining({
        code: 'REDWIRE_UNKNOWN_OPTION',
        option: 'nxx',
        where: 'set()',
        message: 'set(): unknown option `nxx` (did you mean `nx`?)',
      }),
    );
  });

  it('checks the fields of a nested block with their path', () => {
    expect(() => c.sort('k', { limit: { offset: 0, cont: 1 } } as never)).toThrow(
      'sort(): unknown option `limit.cont` (did you mean `limit.count`?)',
    );
  });

  it('accepts the fields of groups and exclusive sets kept in the options object', () => {
    expect(c.set('k', 'v', { px: 5, xx: true, get: true }).args).toEqual([
      'SET',
      'k',
      'v',
      'XX',
      'GET',
      'PX',
      5,
    ]);
  });
});
