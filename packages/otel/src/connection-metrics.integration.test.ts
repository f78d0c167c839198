/**
 * The connection-level metrics on the real standalone server: the open connection count going
 * up and back down, connect times, failed attempts, reconnects, resent commands, an exhausted
 * pool and a full offline queue.
 */
import { createClient, PoolExhaustedError } from '@redwire/client';
import { getTestServers } from '@redwire/test-harness';
import { describe, expect, it } from 'vitest';
import { instrumentedMeter } from './test-helpers/test-meter.js';

const { standalone } = getTestServers();
const { host, port } = standalone.address;
const meter = instrumentedMeter();

describe('connection metrics', () => {
  it('counts a connection open from its handshake until it is closed', async () => {
    const db = { 'server.address': host, 'server.port': port, 'db.namespace': '8' };
    const redis = createClient({ host, port, db: 8 });
    expect(await meter.total('db.client.connection.count', db)).toBe(0);
    await redis.ping();
    expect(await meter.total('db.client.connection.count', db)).toBe(1);
    expect(await meter.count('db.client.connection.create_time', db)).toBe(1);
    await redis.close();
    expect(await meter.total('db.client.connection.count', db)).toBe(0);
  });

  it('counts a lost connection down, the reconnect, the reads written again, and up again', async () => {
    const db = { 'db.namespace': '9' };
    await using redis = createClient({ host, port, db: 9 });
    const id = await redis.clientId();
    const kill = redis.sendCommand(['CLIENT', 'KILL', 'ID', String(id), 'SKIPME', 'no']);
    const reads = [redis.get('otel:k'), redis.get('otel:k')];
    await kill;
    await Promise.all(reads);
    expect(await meter.total('redwire.connection.reconnects', db)).toBe(1);
    expect(
      await meter.total('redwire.command.retries', { ...db, 'db.operation.name': 'GET' }),
    ).toBe(2);
    expect(await meter.total('db.client.connection.count', db)).toBe(1);
    expect(await meter.count('db.client.connection.create_time', db)).toBe(2);
  });

  it('counts a failed connection attempt with its error.type, and a full offline queue', async () => {
    const nowhere = { 'server.address': '127.0.0.1', 'server.port': 1 };
    const offline = createClient({ host: '127.0.0.1', port: 1, maxOfflineCommands: 1 });
    const first = offline.get('otel:k').catch((error: unknown) => error);
    await expect(offline.get('otel:k')).rejects.toMatchObject({
      code: 'REDWIRE_OFFLINE_QUEUE_FULL',
    });
    const deadline = Date.now() + 10_000;
    while ((await meter.total('redwire.connection.failures', nowhere)) === 0) {
      expect(Date.now()).toBeLessThan(deadline);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    offline.destroy();
    await first;
    const failures = (await meter.points('redwire.connection.failures')).filter(
      (p) => p.attributes['server.port'] === 1,
    );
    expect(failures[0]?.attributes['error.type']).toEqual(expect.any(String));
    expect(await meter.total('db.client.connection.count', nowhere)).toBe(0);
    expect(
      await meter.total('redwire.offline_queue.full', { ...nowhere, 'db.operation.name': 'GET' }),
    ).toBe(1);
  });

  it('counts a caller refused by an exhausted pool, with the reason', async () => {
    await using redis = createClient({ host, port, maxConnections: 1, poolWhenExhausted: 'fail' });
    let release = () => {};
    const held = redis.isolated(() => new Promise<void>((resolve) => (release = resolve)));
    await new Promise((resolve) => setTimeout(resolve, 50));
    await expect(redis.isolated(async () => undefined)).rejects.toBeInstanceOf(PoolExhaustedError);
    release();
    await held;
    expect(
      await meter.total('redwire.pool.exhausted', {
        'db.system.name': 'redis',
        'redwire.pool.exhausted.reason': 'fail',
      }),
    ).toBe(1);
  });

  it('observes pool usage at each collection: used, idle, waiting callers and the bound', async () => {
    const pool = { 'server.address': host, 'server.port': port, 'db.namespace': '11' };
    const state = (value: string) => ({ ...pool, 'db.client.connection.state': value });
    const redis = createClient({ host, port, db: 11, maxConnections: 1 });
    expect(await meter.total('db.client.connection.max', pool)).toBe(1);
    expect(await meter.total('redwire.pool.connections', state('used'))).toBe(0);

    let release = () => {};
    let leased = () => {};
    const isLeased = new Promise<void>((resolve) => (leased = resolve));
    const held = redis.isolated(async () => {
      leased();
      await new Promise<void>((resolve) => (release = resolve));
    });
    await isLeased;
    const waiting = redis.isolated(async () => undefined);
    expect(await meter.total('redwire.pool.connections', state('used'))).toBe(1);
    expect(await meter.total('db.client.connection.pending_requests', pool)).toBe(1);
    release();
    await Promise.all([held, waiting]);
    expect(await meter.total('redwire.pool.connections', state('used'))).toBe(0);
    expect(await meter.total('redwire.pool.connections', state('idle'))).toBe(1);
    expect(await meter.total('db.client.connection.pending_requests', pool)).toBe(0);

    // Two clients of one server and database: their pools are summed.
    const other = createClient({ host, port, db: 11, maxConnections: 3 });
    expect(await meter.total('db.client.connection.max', pool)).toBe(4);
    await redis.close();
    expect(await meter.total('db.client.connection.max', pool)).toBe(3);
    await other.close();
  });
});
