import { EventEmitter } from 'node:events';
import { performance as perfHooksPerformance } from 'node:perf_hooks';
import { AbortError, ConnectionError, type ConnectionStatus } from '@redwire/connection';
import type { CommandArgument, RespValue } from '@redwire/protocol';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PoolExhaustedError } from './errors.js';
import { CLIENT_DEFAULTS, type PoolSettings, resolvePoolSettings } from './options.js';
import { ConnectionPool, type PoolableConnection } from './pool.js';

/** A connection that answers CLIENT ID with its id, or fails to open when told to. */
class FakeConnection extends EventEmitter implements PoolableConnection {
  static nextId = 1;
  status: ConnectionStatus = 'idle';
  id = FakeConnection.nextId++;
  readonly sent: (readonly CommandArgument[])[] = [];
  constructor(readonly openError?: Error) {
    super();
  }
  send(args: readonly CommandArgument[]): Promise<RespValue> {
    this.sent.push(args);
    if (this.openError !== undefined) return Promise.reject(this.openError);
    this.status = 'ready';
    return Promise.resolve(this.id);
  }
  close(): Promise<void> {
    this.#end();
    return Promise.resolve();
  }
  destroy(): void {
    this.#end();
  }
  reconnect(newId: number): void {
    this.id = newId;
    this.emit('reconnecting');
  }
  #end(): void {
    if (this.status === 'closed') return;
    this.status = 'closed';
    this.emit('end');
  }
}

function makePool(settings: Partial<PoolSettings> = {}, openError?: () => Error | undefined) {
  const created: FakeConnection[] = [];
  const pool = new ConnectionPool({ ...CLIENT_DEFAULTS, ...settings }, () => {
    const connection = new FakeConnection(openError?.());
    created.push(connection);
    return connection;
  });
  return { pool, created };
}

describe('ConnectionPool', () => {
  it('opens connections up to maxConnections, each learning its CLIENT ID first', async () => {
    const { pool, created } = makePool({ maxConnections: 2 });
    const [a, b] = await Promise.all([pool.acquire(), pool.acquire()]);
    expect(created).toHaveLength(2);
    expect(a.id).toBe(created[0]?.id);
    expect(b.id).toBe(created[1]?.id);
    expect(created[0]?.sent).toEqual([['CLIENT', 'ID']]);
    expect(pool.stats).toMatchObject({ opening: 0, idle: 0, leased: 2, waiters: 0, total: 2 });
  });

  it('lends the most recently released idle connection instead of opening another', async () => {
    const { pool, created } = makePool();
    const first = await pool.acquire();
    const second = await pool.acquire();
    pool.release(first);
    pool.release(second);
    expect(pool.stats).toMatchObject({ idle: 2, leased: 0 });
    expect(await pool.acquire()).toBe(second);
    expect(created).toHaveLength(2);
  });

  it("fails fast with PoolExhaustedError under poolWhenExhausted: 'fail'", async () => {
    const { pool } = makePool({ maxConnections: 1, poolWhenExhausted: 'fail' });
    await pool.acquire();
    const error = await pool.acquire().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PoolExhaustedError);
    expect(error).toMatchObject({ code: 'REDWIRE_POOL_EXHAUSTED', maxConnections: 1, waited: 0 });
    expect((error as Error).message).toMatch(/All 1 pooled connections .*'fail'/);
    expect(pool.stats.waiters).toBe(0);
  });

  it('hands released connections to waiters in arrival order', async () => {
    const { pool } = makePool({ maxConnections: 1 });
    const held = await pool.acquire();
    const order: string[] = [];
    const first = pool.acquire().then((p) => {
      order.push('first');
      return p;
    });
    const second = pool.acquire().then((p) => {
      order.push('second');
      return p;
    });
    expect(pool.stats.waiters).toBe(2);
    pool.release(held);
    const got = await first;
    expect(got).toBe(held);
    pool.release(got);
    expect(await second).toBe(held);
    expect(order).toEqual(['first', 'second']);
  });

  it('rejects a waiter with PoolExhaustedError after poolTimeout', async () => {
    const { pool } = makePool({ maxConnections: 1, poolTimeout: 30 });
    await pool.acquire();
    const started = performance.now();
    const error = await pool.acquire().catch((e: unknown) => e);
    expect(performance.now() - started).toBeGreaterThanOrEqual(25);
    expect(error).toBeInstanceOf(PoolExhaustedError);
    expect(error).toMatchObject({ waited: 30 });
    expect((error as Error).message).toContain('poolTimeout (30 ms)');
    expect(pool.stats.waiters).toBe(0);
  });

  it('honours an AbortSignal, aborted before or while waiting', async () => {
    const { pool } = makePool({ maxConnections: 1 });
    const held = await pool.acquire();
    await expect(pool.acquire(AbortSignal.abort())).rejects.toBeInstanceOf(AbortError);
    const controller = new AbortController();
    const waiting = pool.acquire(controller.signal);
    controller.abort();
    await expect(waiting).rejects.toBeInstanceOf(AbortError);
    expect(pool.stats.waiters).toBe(0);
    pool.release(held);
    expect(pool.stats.idle).toBe(1);
  });

  it('offers a connection opened for a caller who gave up to the next one, or to idle', async () => {
    const { pool } = makePool();
    const controller = new AbortController();
    const opening = pool.acquire(controller.signal);
    controller.abort();
    await expect(opening).rejects.toBeInstanceOf(AbortError);
    await Promise.resolve();
    expect(pool.stats).toMatchObject({ opening: 0, idle: 1, leased: 0 });
  });

  it('destroys a dirty or closed connection on release and opens one for a waiter', async () => {
    const { pool, created } = makePool({ maxConnections: 1 });
    const dirty = await pool.acquire();
    const waiting = pool.acquire();
    dirty.dirty = true;
    pool.release(dirty);
    expect(created[0]?.status).toBe('closed');
    const fresh = await waiting;
    expect(fresh).not.toBe(dirty);
    expect(created).toHaveLength(2);
    created[1]?.destroy();
    pool.release(fresh);
    expect(pool.stats.total).toBe(0);
  });

  it('rejects with the error when a connection cannot be opened, freeing its slot', async () => {
    let fail = true;
    const { pool } = makePool({ maxConnections: 1 }, () =>
      fail ? new ConnectionError('refused') : undefined,
    );
    await expect(pool.acquire()).rejects.toThrow('refused');
    expect(pool.stats.total).toBe(0);
    fail = false;
    expect((await pool.acquire()).id).toBeTypeOf('number');
  });

  it('learns the id again after a reconnect, before lending the connection', async () => {
    const { pool, created } = makePool();
    const pooled = await pool.acquire();
    pool.release(pooled);
    created[0]?.reconnect(99);
    expect(pooled.id).toBeUndefined();
    const again = await pool.acquire();
    expect(again).toBe(pooled);
    expect(again.id).toBe(99);
  });

  it('forgets an idle connection that ended on its own', async () => {
    const { pool, created } = makePool();
    pool.release(await pool.acquire());
    created[0]?.destroy();
    expect(pool.stats).toMatchObject({ idle: 0, total: 0 });
  });

  it('release is idempotent', async () => {
    const { pool } = makePool();
    const pooled = await pool.acquire();
    pool.release(pooled);
    pool.release(pooled);
    expect(pool.stats).toMatchObject({ idle: 1, leased: 0 });
  });

  it('close rejects waiters, closes idle connections now and leased ones once released', async () => {
    const { pool, created } = makePool({ maxConnections: 3 });
    const [a, b, c] = await Promise.all([pool.acquire(), pool.acquire(), pool.acquire()]);
    pool.release(c as NonNullable<typeof c>);
    const waiting = [pool.acquire(), pool.acquire()];
    expect(pool.stats).toMatchObject({ idle: 0, leased: 3, waiters: 1 });
    let closed = false;
    const closing = pool.close().then(() => {
      closed = true;
    });
    const error = await waiting[1]?.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error).toMatchObject({ code: 'REDWIRE_CONNECTION_CLOSED' });
    await expect(pool.acquire()).rejects.toMatchObject({ code: 'REDWIRE_CONNECTION_CLOSED' });
    await new Promise((resolve) => setImmediate(resolve));
    expect(closed).toBe(false);
    expect(created.map((connection) => connection.status)).toEqual(['ready', 'ready', 'ready']);
    for (const pooled of [a, b, await waiting[0]]) pool.release(pooled as NonNullable<typeof a>);
    await closing;
    expect(created.map((connection) => connection.status)).toEqual(['closed', 'closed', 'closed']);
    expect(pool.stats.total).toBe(0);
  });

  it('destroy destroys every connection, leased ones included, and rejects waiters', async () => {
    const { pool, created } = makePool({ maxConnections: 1 });
    const leased = await pool.acquire();
    const waiting = pool.acquire();
    pool.destroy();
    await expect(waiting).rejects.toBeInstanceOf(ConnectionError);
    expect(created[0]?.status).toBe('closed');
    pool.release(leased);
    expect(pool.stats.total).toBe(0);
    await pool.close();
  });

  it('destroy rejects a caller waiting for a connection being opened', async () => {
    const { pool } = makePool();
    const opening = pool.acquire();
    pool.destroy();
    await expect(opening).rejects.toMatchObject({ code: 'REDWIRE_CONNECTION_CLOSED' });
  });
});

describe('ConnectionPool bounds', () => {
  afterEach(() => {
    vi.restoreAllMocks();
    vi.useRealTimers();
  });

  it('rejects the 1,001st waiter at once with PoolExhaustedError; the first 1,000 are served', async () => {
    // Fake timers: nothing can time out, so whatever settles below settles without waiting.
    useFakeClock();
    expect(CLIENT_DEFAULTS.maxPoolWaiters).toBe(1_000);
    const { pool, created } = makePool({ maxConnections: 1 });
    const held = await pool.acquire();
    const served: number[] = [];
    const waiters = Array.from({ length: 1_000 }, (_, i) =>
      pool.acquire().then((pooled) => {
        served.push(i);
        // Each hands the connection on to the next, as a real caller would when done.
        pool.release(pooled);
        return pooled;
      }),
    );
    expect(pool.stats.waiters).toBe(1_000);

    let error: unknown;
    pool.acquire().catch((e: unknown) => {
      error = e;
    });
    // Settles on the microtask queue alone: the clock does not move.
    await vi.advanceTimersByTimeAsync(0);
    expect(error).toBeInstanceOf(PoolExhaustedError);
    expect(error).toMatchObject({ code: 'REDWIRE_POOL_EXHAUSTED', maxConnections: 1, waited: 0 });
    expect((error as Error).message).toMatch(/wait queue is full: 1000 callers .*maxPoolWaiters/);
    expect(error).toMatchObject({ waited: 0, queued: 1000 });
    expect(pool.stats.waiters).toBe(1_000);
    expect(served).toEqual([]);

    pool.release(held);
    const got = await Promise.all(waiters);
    expect(got.every((pooled) => pooled === held)).toBe(true);
    expect(served).toEqual(Array.from({ length: 1_000 }, (_, i) => i));
    expect(created).toHaveLength(1);
    expect(pool.stats).toMatchObject({ idle: 1, leased: 0, waiters: 0 });
    await pool.close();
  });

  it('with maxPoolWaiters 0, fails fast as soon as all connections are leased', async () => {
    useFakeClock();
    const { pool } = makePool({ maxConnections: 2, maxPoolWaiters: 0 });
    const first = await pool.acquire();
    await pool.acquire();
    let error: unknown;
    pool.acquire().catch((e: unknown) => {
      error = e;
    });
    await vi.advanceTimersByTimeAsync(0);
    expect(error).toBeInstanceOf(PoolExhaustedError);
    expect(error).toMatchObject({ code: 'REDWIRE_POOL_EXHAUSTED', maxConnections: 2, waited: 0 });
    expect((error as Error).message).toMatch(/wait queue is full: 0 callers .*maxPoolWaiters/);
    expect(pool.stats.waiters).toBe(0);
    pool.release(first);
    expect(await pool.acquire()).toBe(first);
  });

  it('closes a connection idle for poolIdleTimeout, and a later lease opens a new one', async () => {
    useFakeClock();
    const { pool, created } = makePool({ poolIdleTimeout: 1_000 });
    const first = await pool.acquire();
    pool.release(first);
    await vi.advanceTimersByTimeAsync(999);
    expect(created[0]?.status).toBe('ready');
    expect(pool.stats).toMatchObject({ idle: 1, total: 1 });
    await vi.advanceTimersByTimeAsync(1);
    expect(created[0]?.status).toBe('closed');
    expect(pool.stats).toMatchObject({ idle: 0, closing: 0, total: 0 });
    expect(vi.getTimerCount()).toBe(0);

    const second = await pool.acquire();
    expect(second).not.toBe(first);
    expect(created).toHaveLength(2);
    expect(second.id).toBe(created[1]?.id);
  });

  it('closes idle connections oldest first, each after its own poolIdleTimeout, on one unref()d timer', async () => {
    useFakeClock();
    const setTimeoutSpy = vi.spyOn(globalThis, 'setTimeout');
    const { pool, created } = makePool({ poolIdleTimeout: 1_000 });
    const [a, b] = await Promise.all([pool.acquire(), pool.acquire()]);
    expect(vi.getTimerCount()).toBe(0);
    pool.release(a as NonNullable<typeof a>);
    await vi.advanceTimersByTimeAsync(400);
    pool.release(b as NonNullable<typeof b>);
    expect(vi.getTimerCount()).toBe(1);
    const timer = setTimeoutSpy.mock.results[0]?.value as NodeJS.Timeout;
    expect(timer.hasRef()).toBe(false);

    await vi.advanceTimersByTimeAsync(600);
    expect(created.map((connection) => connection.status)).toEqual(['closed', 'ready']);
    expect(vi.getTimerCount()).toBe(1);
    await vi.advanceTimersByTimeAsync(399);
    expect(created[1]?.status).toBe('ready');
    await vi.advanceTimersByTimeAsync(1);
    expect(created[1]?.status).toBe('closed');
    expect(pool.stats.total).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('does not close a connection leased again before poolIdleTimeout; its idle time restarts', async () => {
    useFakeClock();
    const { pool, created } = makePool({ poolIdleTimeout: 1_000 });
    const pooled = await pool.acquire();
    pool.release(pooled);
    await vi.advanceTimersByTimeAsync(900);
    expect(await pool.acquire()).toBe(pooled);
    // Nothing idle: no timer at all.
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(created[0]?.status).toBe('ready');
    expect(pool.stats).toMatchObject({ leased: 1, total: 1 });

    pool.release(pooled);
    await vi.advanceTimersByTimeAsync(999);
    expect(created[0]?.status).toBe('ready');
    expect(await pool.acquire()).toBe(pooled);
    expect(created).toHaveLength(1);
  });

  it('keeps idle connections and holds no timer when poolIdleTimeout is 0', async () => {
    useFakeClock();
    const { pool, created } = makePool({ poolIdleTimeout: 0 });
    pool.release(await pool.acquire());
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(24 * 60 * 60 * 1_000);
    expect(created[0]?.status).toBe('ready');
    expect(pool.stats.idle).toBe(1);
  });

  it('leaves no timer behind after close() or destroy()', async () => {
    useFakeClock();
    const closing = makePool({ poolIdleTimeout: 1_000 });
    const [a, b] = await Promise.all([closing.pool.acquire(), closing.pool.acquire()]);
    closing.pool.release(a as NonNullable<typeof a>);
    expect(vi.getTimerCount()).toBe(1);
    const closed = closing.pool.close();
    expect(vi.getTimerCount()).toBe(0);
    // A connection released while the pool closes is closed, not parked idle behind a timer.
    closing.pool.release(b as NonNullable<typeof b>);
    await closed;
    expect(vi.getTimerCount()).toBe(0);
    expect(closing.pool.stats.total).toBe(0);

    const destroyed = makePool({ poolIdleTimeout: 1_000 });
    destroyed.pool.release(await destroyed.pool.acquire());
    expect(vi.getTimerCount()).toBe(1);
    destroyed.pool.destroy();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('validates maxPoolWaiters and poolIdleTimeout, defaulting to 1_000 and 30_000', () => {
    expect(resolvePoolSettings()).toMatchObject({ maxPoolWaiters: 1_000, poolIdleTimeout: 30_000 });
    expect(resolvePoolSettings({ maxPoolWaiters: 0, poolIdleTimeout: 0 })).toMatchObject({
      maxPoolWaiters: 0,
      poolIdleTimeout: 0,
    });
    for (const maxPoolWaiters of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => resolvePoolSettings({ maxPoolWaiters })).toThrow(RangeError);
    }
    for (const poolIdleTimeout of [-1, Number.NaN, Number.POSITIVE_INFINITY, '10' as never]) {
      expect(() => resolvePoolSettings({ poolIdleTimeout })).toThrow(RangeError);
    }
  });
});

/**
 * Fake timers, with the clock the pool reads (node:perf_hooks' `performance`, which fake timers
 * leave alone: they replace the global) following the faked global one.
 */
function useFakeClock(): void {
  vi.useFakeTimers();
  vi.spyOn(perfHooksPerformance, 'now').mockImplementation(() => performance.now());
}
