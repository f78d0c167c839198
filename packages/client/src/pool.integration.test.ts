import { ConnectionError } from '@redwire/connection';
import { getTestServers } from '@redwire/test-harness';
import { afterAll, describe, expect, it } from 'vitest';
import { createClient } from './create-client.js';
import { PoolExhaustedError, WatchError } from './errors.js';
import { clientList, namedClient } from './test-helpers/named-clients.js';

const { host, port } = getTestServers().standalone.address;
const observer = createClient({ host, port });
afterAll(() => observer.close());

async function until(check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('condition not met within 2 s');
}

describe('the pool', () => {
  it('runs 5 concurrent BLPOPs on 5 pooled connections, each served after LPUSH', async () => {
    const { name, redis } = namedClient('pool-test');
    await using _ = redis;
    const keys = [1, 2, 3, 4, 5].map((i) => `pool:five:${i}`);
    await redis.sendCommand(['DEL', ...keys]);
    const pops = keys.map((key) => redis.sendCommand(['BLPOP', key, '5']));
    await until(
      async () => (await clientList(observer, name)).filter((c) => c.cmd === 'blpop').length === 5,
    );
    expect(redis.poolStats()).toMatchObject({ leased: 5, total: 5, maxConnections: 10 });
    for (const key of keys) await observer.sendCommand(['LPUSH', key, `value of ${key}`]);
    expect(await Promise.all(pops)).toEqual(keys.map((key) => [key, `value of ${key}`]));
    expect(redis.poolStats()).toMatchObject({ idle: 5, leased: 0 });
  });

  it("with poolWhenExhausted: 'fail', a third BLPOP over maxConnections 2 rejects at once", async () => {
    await using redis = createClient({ host, port, maxConnections: 2, poolWhenExhausted: 'fail' });
    const first = redis.sendCommand(['BLPOP', 'pool:fail:1', '0.3']);
    const second = redis.sendCommand(['BLPOP', 'pool:fail:2', '0.3']);
    const third = redis.sendCommand(['BLPOP', 'pool:fail:3', '0.3']);
    const error = await third.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PoolExhaustedError);
    expect(error).toMatchObject({ code: 'REDWIRE_POOL_EXHAUSTED', maxConnections: 2, waited: 0 });
    expect(await Promise.all([first, second])).toEqual([null, null]);
  });

  it("with 'wait', a caller gets PoolExhaustedError after poolTimeout, or a connection as soon as one is released", async () => {
    await using redis = createClient({ host, port, maxConnections: 1, poolTimeout: 100 });
    await redis.sendCommand(['DEL', 'pool:wait']);
    const holder = redis.sendCommand(['BLPOP', 'pool:wait', '0.3']);
    const started = performance.now();
    const error = await redis.sendCommand(['BLPOP', 'pool:wait', '1']).catch((e: unknown) => e);
    const waited = performance.now() - started;
    expect(error).toBeInstanceOf(PoolExhaustedError);
    expect((error as Error).message).toContain('poolTimeout (100 ms)');
    expect(waited).toBeGreaterThanOrEqual(95);
    // Not the holder's release (300 ms) then a 1 s BLPOP: the error itself says poolTimeout fired.
    expect(waited).toBeLessThan(1_000);

    // A waiter is served the moment the holder's BLPOP returns its connection.
    await using patient = createClient({ host, port, maxConnections: 1, poolTimeout: 2_000 });
    await patient.sendCommand(['DEL', 'pool:wait:2']);
    const held = patient.sendCommand(['BLPOP', 'pool:wait:2', '5']);
    const queued = patient.sendCommand(['BLPOP', 'pool:wait:2', '5']);
    await until(async () => patient.poolStats().waiters === 1);
    await observer.sendCommand(['RPUSH', 'pool:wait:2', 'a']);
    expect(await held).toEqual(['pool:wait:2', 'a']);
    await observer.sendCommand(['RPUSH', 'pool:wait:2', 'b']);
    expect(await queued).toEqual(['pool:wait:2', 'b']);
    expect(await holder).toBeNull();
  });

  it('closes a pooled connection idle for poolIdleTimeout: it leaves CLIENT LIST', async () => {
    const { name, redis } = namedClient('pool-test', { poolIdleTimeout: 150 });
    await using _ = redis;
    const sharedId = String(await redis.sendCommand(['CLIENT', 'ID']));
    const pooledId = String(await redis.isolated((conn) => conn.sendCommand(['CLIENT', 'ID'])));
    expect(pooledId).not.toBe(sharedId);
    expect(redis.poolStats()).toMatchObject({ idle: 1, total: 1 });
    expect((await clientList(observer, name)).map((c) => c.id)).toContain(pooledId);

    await until(async () => !(await clientList(observer, name)).some((c) => c.id === pooledId));
    expect(redis.poolStats().total).toBe(0);
    // Only the pooled connection went: the shared one stays, and the pool opens anew on demand.
    expect((await clientList(observer, name)).map((c) => c.id)).toEqual([sharedId]);
    expect(await redis.isolated((conn) => conn.sendCommand(['PING']))).toBe('PONG');
    expect(redis.poolStats()).toMatchObject({ idle: 1, total: 1 });
  });

  it('close() rejects callers waiting for a pooled connection with a clear error', async () => {
    const redis = createClient({ host, port, maxConnections: 1 });
    const running = redis.sendCommand(['BLPOP', 'pool:close', '0']);
    await until(async () => redis.poolStats().leased === 1);
    const waiting = redis.sendCommand(['BLPOP', 'pool:close', '0']).catch((e: unknown) => e);
    await until(async () => redis.poolStats().waiters === 1);
    await redis.close();
    const error = await waiting;
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error).toMatchObject({ code: 'REDWIRE_CONNECTION_CLOSED' });
    expect(await running).toBeNull();
    expect(redis.poolStats().total).toBe(0);
  });
});

describe('isolated', () => {
  it('WATCH, MULTI, EXEC on a dedicated connection; a concurrent change makes EXEC return null', async () => {
    await using redis = createClient({ host, port });
    await redis.sendCommand(['SET', 'pool:counter', '1']);
    const sharedId = await redis.sendCommand(['CLIENT', 'ID']);
    const committed = await redis.isolated(async (conn) => {
      expect(await conn.sendCommand(['CLIENT', 'ID'])).not.toBe(sharedId);
      await conn.sendCommand(['WATCH', 'pool:counter']);
      const n = Number(await conn.sendCommand(['GET', 'pool:counter']));
      await conn.sendCommand(['MULTI']);
      await conn.sendCommand(['SET', 'pool:counter', String(n + 1)]);
      return conn.sendCommand(['EXEC']);
    });
    expect(committed).toEqual(['OK']);
    expect(await redis.sendCommand(['GET', 'pool:counter'])).toBe('2');

    const raced = await redis.isolated(async (conn) => {
      await conn.sendCommand(['WATCH', 'pool:counter']);
      await redis.sendCommand(['INCR', 'pool:counter']);
      await conn.sendCommand(['MULTI']);
      await conn.sendCommand(['SET', 'pool:counter', '100']);
      return conn.sendCommand(['EXEC']);
    });
    expect(raced).toBeNull();
    expect(await redis.sendCommand(['GET', 'pool:counter'])).toBe('3');
    // Both leases came back clean: one connection, idle.
    expect(redis.poolStats()).toMatchObject({ idle: 1, leased: 0, total: 1 });
  });

  it('lends a client with the connection-state methods the shared client leaves out', async () => {
    await using redis = createClient({ host, port });
    // On the shared connection WATCH would watch for every caller, CLIENT REPLY OFF would put
    // every later reply out of step: not methods there, only through sendCommand.
    expect('watch' in redis).toBe(false);
    expect('clientReply' in redis).toBe(false);
    await redis.sendCommand(['SET', 'pool:state', '1']);
    const [name, exec] = await redis.isolated(async (conn) => {
      await conn.clientSetname('pool-isolated');
      await conn.watch('pool:state');
      await redis.sendCommand(['INCR', 'pool:state']);
      const aborted = await conn
        .multi()
        .get('pool:state')
        .exec()
        .catch((error) => error);
      return [await conn.clientGetname(), aborted];
    });
    expect(name).toBe('pool-isolated');
    expect(exec).toBeInstanceOf(WatchError);
    // CLIENT SETNAME left state behind: that connection was destroyed, not lent again.
    expect(redis.poolStats()).toMatchObject({ leased: 0, total: 0 });
  });

  it('makes views (withOptions, withBuffers) that keep its connection and its methods', async () => {
    await using redis = createClient({ host, port });
    const [ids, name] = await redis.isolated(async (conn) => {
      const timed = conn.withOptions({ timeout: 1_000 });
      const raw = conn.withBuffers();
      await timed.clientSetname('pool-view');
      const own = [conn, timed, raw].map((view) => view.sendCommand(['CLIENT', 'ID']));
      return [await Promise.all(own), await raw.clientGetname()];
    });
    expect(new Set(ids).size).toBe(1);
    expect(name).toEqual(Buffer.from('pool-view'));
    // The shared client's views stay without them.
    expect('watch' in redis.withOptions({ timeout: 1_000 })).toBe(false);
    expect('watch' in redis.withBuffers()).toBe(false);
  });

  it('returns the connection unwatched, and its client refuses commands afterwards', async () => {
    await using redis = createClient({ host, port });
    let kept: typeof redis | undefined;
    await redis.isolated(async (conn) => {
      kept = conn;
      await conn.sendCommand(['WATCH', 'pool:unwatched']);
    });
    await redis.sendCommand(['SET', 'pool:unwatched', 'changed']);
    const exec = await redis.isolated(async (conn) => {
      await conn.sendCommand(['MULTI']);
      return conn.sendCommand(['EXEC']);
    });
    expect(exec).toEqual([]);
    await expect(kept?.sendCommand(['PING'])).rejects.toMatchObject({
      code: 'REDWIRE_CONNECTION_CLOSED',
    });
  });

  it('runs blocking commands on its own connection', async () => {
    await using redis = createClient({ host, port });
    await redis.sendCommand(['DEL', 'pool:isolated:list']);
    const [ownId, popped] = await redis.isolated(async (conn) => {
      const id = await conn.sendCommand(['CLIENT', 'ID']);
      const pop = conn.sendCommand(['BLPOP', 'pool:isolated:list', '0.05']);
      return [id, await pop];
    });
    expect(ownId).toEqual(expect.any(Number));
    expect(popped).toBeNull();
    expect(redis.poolStats().total).toBe(1);
  });

  it('destroys its connection when the callback throws, and passes the error on', async () => {
    const { name, redis } = namedClient('pool-test');
    await using _ = redis;
    let id: unknown;
    const failure = new Error('boom');
    await expect(
      redis.isolated(async (conn) => {
        id = await conn.sendCommand(['CLIENT', 'ID']);
        throw failure;
      }),
    ).rejects.toBe(failure);
    expect(redis.poolStats().total).toBe(0);
    await until(async () => !(await clientList(observer, name)).some((c) => c.id === String(id)));
  });

  it('destroys a connection left in another state (SELECT, an open MULTI)', async () => {
    await using redis = createClient({ host, port });
    await redis.isolated((conn) => conn.sendCommand(['SELECT', '1']));
    expect(redis.poolStats().total).toBe(0);
    await redis.isolated((conn) => conn.sendCommand(['MULTI']));
    expect(redis.poolStats().total).toBe(0);
    await redis.isolated((conn) => conn.sendCommand(['PING']));
    expect(redis.poolStats()).toMatchObject({ idle: 1, total: 1 });
  });
});
