/**
 * Reply types pinned by the type checker (`pnpm --filter @redwire/client typecheck` checks
 * this file; nothing in it runs).
 */
import type { Buffer } from 'node:buffer';
import type { RespValue } from '@redwire/protocol';
import { describe, expectTypeOf, it } from 'vitest';
import type { IsolatedClient, RedisClient } from './client.js';
import type { BatchCommands, ClientCommands } from './methods.js';
import type { InfoSections } from './replies/info.js';
import type {
  HashField,
  PoppedElement,
  ScanPage,
  ScoredMember,
  StreamEntry,
  StreamMessages,
} from './replies/types.js';

declare const redis: RedisClient;
declare const isolated: IsolatedClient;
declare const buffers: ClientCommands<Buffer>;
declare const flag: boolean;

describe('connection-state commands', () => {
  it('are methods of an isolated client only', () => {
    expectTypeOf(isolated.watch('k')).resolves.toEqualTypeOf<RespValue>();
    expectTypeOf(isolated.get('k')).resolves.toEqualTypeOf<string | null>();
    // @ts-expect-error WATCH on the shared connection would watch for every caller
    redis.watch('k');
    // @ts-expect-error CLIENT REPLY OFF on the shared connection would desynchronise it
    redis.clientReply('OFF');
  });

  it('stay methods of the views an isolated client makes', () => {
    expectTypeOf(isolated.withOptions({ timeout: 50 })).toEqualTypeOf<IsolatedClient>();
    expectTypeOf(isolated.withBuffers()).toEqualTypeOf<IsolatedClient<Buffer>>();
    expectTypeOf(isolated.withBuffers().get('k')).resolves.toEqualTypeOf<Buffer | null>();
    expectTypeOf(isolated.withOptions({}).watch('k')).resolves.toEqualTypeOf<RespValue>();
    // An isolated client still goes wherever a RedisClient is asked for.
    expectTypeOf(isolated).toMatchTypeOf<RedisClient>();
  });
});

describe('scan iterators', () => {
  it("yield the view's form: strings, or Buffers on a withBuffers() view", () => {
    expectTypeOf(redis.scanIterator()).toEqualTypeOf<AsyncGenerator<string, void, undefined>>();
    expectTypeOf(redis.sscanIterator('s')).toEqualTypeOf<AsyncGenerator<string, void, undefined>>();
    expectTypeOf(redis.hscanIterator('h')).toEqualTypeOf<
      AsyncGenerator<HashField<string>, void, undefined>
    >();
    expectTypeOf(redis.zscanIterator('z')).toEqualTypeOf<
      AsyncGenerator<ScoredMember<string>, void, undefined>
    >();
    const raw = redis.withBuffers();
    expectTypeOf(raw.scanIterator()).toEqualTypeOf<AsyncGenerator<Buffer, void, undefined>>();
    expectTypeOf(raw.hscanIterator('h')).toEqualTypeOf<
      AsyncGenerator<HashField<Buffer>, void, undefined>
    >();
  });
});

describe('reply types', () => {
  it('strings, keys and expiry', () => {
    expectTypeOf(redis.get('k')).resolves.toEqualTypeOf<string | null>();
    expectTypeOf(redis.set('k', 'v')).resolves.toEqualTypeOf<'OK' | null>();
    expectTypeOf(redis.set('k', 'v', { nx: true, ex: 60 })).resolves.toEqualTypeOf<'OK' | null>();
    expectTypeOf(redis.set('k', 'v', { get: true })).resolves.toEqualTypeOf<string | null>();
    expectTypeOf(redis.set('k', 'v', { get: flag })).resolves.toEqualTypeOf<string | 'OK' | null>();
    expectTypeOf(redis.incrbyfloat('n', 1.5)).resolves.toEqualTypeOf<number>();
    expectTypeOf(redis.msetnx({ a: '1' })).resolves.toEqualTypeOf<boolean>();
    expectTypeOf(redis.expire('k', 10)).resolves.toEqualTypeOf<boolean>();
    expectTypeOf(redis.scan('0')).resolves.toEqualTypeOf<ScanPage<string>>();
    expectTypeOf(redis.type('k')).resolves.toEqualTypeOf<string>();
  });

  it('hashes, lists and sets', () => {
    expectTypeOf(redis.hgetall('h')).resolves.toEqualTypeOf<Record<string, string>>();
    expectTypeOf(redis.hexists('h', 'f')).resolves.toEqualTypeOf<boolean>();
    expectTypeOf(redis.hrandfield('h')).resolves.toEqualTypeOf<string | null>();
    expectTypeOf(redis.hrandfield('h', { count: 2, withvalues: true })).resolves.toEqualTypeOf<
      HashField<string>[]
    >();
    expectTypeOf(redis.lpop('l')).resolves.toEqualTypeOf<string | null>();
    expectTypeOf(redis.lpop('l', 2)).resolves.toEqualTypeOf<string[] | null>();
    expectTypeOf(redis.blpop('l', 1)).resolves.toEqualTypeOf<PoppedElement<string> | null>();
    expectTypeOf(redis.lpos('l', 'a')).resolves.toEqualTypeOf<number | null>();
    expectTypeOf(redis.lpos('l', 'a', { count: 0 })).resolves.toEqualTypeOf<number[]>();
    expectTypeOf(redis.smembers('s')).resolves.toEqualTypeOf<string[]>();
    expectTypeOf(redis.smismember('s', 'a')).resolves.toEqualTypeOf<boolean[]>();
    expectTypeOf(redis.spop('s')).resolves.toEqualTypeOf<string | null>();
    expectTypeOf(redis.spop('s', 3)).resolves.toEqualTypeOf<string[]>();
  });

  it('sorted sets and streams', () => {
    expectTypeOf(redis.zscore('z', 'a')).resolves.toEqualTypeOf<number | null>();
    expectTypeOf(redis.zrange('z', 0, -1)).resolves.toEqualTypeOf<string[]>();
    expectTypeOf(redis.zrange('z', 0, -1, { withscores: true })).resolves.toEqualTypeOf<
      ScoredMember<string>[]
    >();
    expectTypeOf(
      redis.zrangebyscore('z', '-inf', '+inf', { withscores: true }),
    ).resolves.toEqualTypeOf<ScoredMember<string>[]>();
    expectTypeOf(redis.zadd('z', [{ score: 1, member: 'a' }])).resolves.toEqualTypeOf<number>();
    expectTypeOf(
      redis.zadd('z', [{ score: 1, member: 'a' }], { incr: true }),
    ).resolves.toEqualTypeOf<number | null>();
    expectTypeOf(redis.zpopmin('z')).resolves.toEqualTypeOf<ScoredMember<string> | null>();
    expectTypeOf(redis.zpopmin('z', 2)).resolves.toEqualTypeOf<ScoredMember<string>[]>();
    expectTypeOf(redis.xadd('x', '*', { f: 'v' })).resolves.toEqualTypeOf<string>();
    expectTypeOf(redis.xrange('x', '-', '+')).resolves.toEqualTypeOf<StreamEntry<string>[]>();
    expectTypeOf(redis.xread({ streams: { x: '0' } })).resolves.toEqualTypeOf<
      StreamMessages<string>[] | null
    >();
  });

  it('scripting and server', () => {
    expectTypeOf(redis.eval('return 1')).resolves.toEqualTypeOf<RespValue>();
    expectTypeOf(redis.scriptExists('sha')).resolves.toEqualTypeOf<boolean[]>();
    expectTypeOf(redis.ping()).resolves.toEqualTypeOf<'PONG'>();
    expectTypeOf(redis.ping('hi')).resolves.toEqualTypeOf<string>();
    expectTypeOf(redis.info()).resolves.toEqualTypeOf<string>();
    expectTypeOf(redis.infoParsed('server')).resolves.toEqualTypeOf<InfoSections>();
    expectTypeOf(redis.configGet('maxmemory')).resolves.toEqualTypeOf<Record<string, string>>();
    expectTypeOf(redis.time()).resolves.toEqualTypeOf<[seconds: number, microseconds: number]>();
    // Outside the table: the raw reply, typed honestly.
    expectTypeOf(redis.objectEncoding('k')).resolves.toEqualTypeOf<RespValue>();
  });

  it('Buffer views keep values as Buffers and object keys as strings', () => {
    expectTypeOf(buffers.get('k')).resolves.toEqualTypeOf<Buffer | null>();
    expectTypeOf(buffers.hgetall('h')).resolves.toEqualTypeOf<Record<string, Buffer>>();
    expectTypeOf(buffers.zrange('z', 0, -1, { withscores: true })).resolves.toEqualTypeOf<
      ScoredMember<Buffer>[]
    >();
    expectTypeOf(buffers.set('k', 'v')).resolves.toEqualTypeOf<'OK' | null>();
    expectTypeOf(buffers.scan('0')).resolves.toEqualTypeOf<ScanPage<Buffer>>();
  });

  it('batches chain', () => {
    expectTypeOf<BatchCommands<'self'>['zrange']>().returns.toEqualTypeOf<'self'>();
    expectTypeOf<BatchCommands<'self'>['infoParsed']>().returns.toEqualTypeOf<'self'>();
  });
});
