import { getTestServers, RedisServer } from '@redwire/test-harness';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Connection } from './connection.js';
import type { ReconnectingEvent } from './connection-types.js';
import { ConnectionError } from './errors.js';

const { host, port } = getTestServers().standalone.address;

describe('reconnect after CLIENT KILL', () => {
  it('rejects the in-flight command, reconnects, re-runs the handshake and serves queued commands', async () => {
    await using connection = new Connection({ host, port, name: 'to-be-killed', db: 4 });
    await connection.send(['SET', 'reconnect:k', 'v']);
    const id = await connection.send(['CLIENT', 'ID']);
    const events: string[] = [];
    connection.on('reconnecting', () => events.push('reconnecting'));
    connection.on('ready', () => events.push('ready'));
    // Blocked on the server: written, unanswered, and the server free to run the kill.
    // The handler is attached at once: the rejection may come before the kill's own reply.
    const inFlight = connection
      .send(['BLPOP', 'reconnect:nothing', '0'], { blockingMs: 0 })
      .catch((e: unknown) => e);
    await new Promise((resolve) => setTimeout(resolve, 50));
    await getTestServers().standalone.command('CLIENT', 'KILL', 'ID', String(id));
    const error = await inFlight;
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as Error).message).toMatch(/lost/);
    // Queued while reconnecting, served once ready: same db, same name.
    expect(await connection.send(['GET', 'reconnect:k'])).toBe('v');
    expect(await connection.send(['CLIENT', 'GETNAME'])).toBe('to-be-killed');
    expect(events).toEqual(['reconnecting', 'ready']);
  });

  it('writes a command again after a reconnect when it opted in', async () => {
    await using connection = new Connection({ host, port });
    const id = await connection.send(['CLIENT', 'ID']);
    const ready = new Promise<void>((resolve) => connection.once('ready', () => resolve()));
    const retried = connection.send(['BLPOP', 'reconnect:retry', '0'], {
      blockingMs: 0,
      retryOnReconnect: true,
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    await getTestServers().standalone.command('CLIENT', 'KILL', 'ID', String(id));
    await ready;
    await new Promise((resolve) => setTimeout(resolve, 50));
    await getTestServers().standalone.command('LPUSH', 'reconnect:retry', 'delivered');
    expect(await retried).toEqual(['reconnect:retry', 'delivered']);
  });
});

describe('reconnect across a server restart on the same port', () => {
  let server: RedisServer;
  beforeAll(async () => {
    server = await RedisServer.start({ label: 'restart' });
  });
  afterAll(async () => {
    await server.stop();
  });

  it('queues commands while the server is down and runs them once it is back', async () => {
    await using connection = new Connection({
      host: server.host,
      port: server.port,
      reconnect: { minDelay: 20, maxDelay: 100 },
    });
    expect(await connection.send(['PING'])).toBe('PONG');
    const attempts: ReconnectingEvent[] = [];
    connection.on('reconnecting', (event) => attempts.push(event));
    await server.kill();
    await new Promise((resolve) => setTimeout(resolve, 150));
    const queued = connection.send(['ECHO', 'queued'], { timeout: 10_000 });
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(connection.status).toBe('reconnecting');
    await server.restart();
    expect(await queued).toBe('queued');
    expect(attempts.length).toBeGreaterThan(1);
    expect(attempts.map((a) => a.attempt)).toEqual(attempts.map((_, i) => i + 1));
    expect(attempts.every((a) => a.delay <= 100)).toBe(true);
  });

  it('bounds the offline queue with a clear error', async () => {
    await using connection = new Connection({
      host: server.host,
      port: server.port,
      maxOfflineCommands: 2,
      reconnect: { minDelay: 20, maxDelay: 50 },
    });
    await connection.connect();
    await server.kill();
    await new Promise((resolve) => setTimeout(resolve, 100));
    const first = connection.send(['ECHO', '1'], { timeout: 10_000 });
    const second = connection.send(['ECHO', '2'], { timeout: 10_000 });
    await expect(connection.send(['ECHO', '3'])).rejects.toMatchObject({
      code: 'REDWIRE_OFFLINE_QUEUE_FULL',
    });
    await server.restart();
    expect(await Promise.all([first, second])).toEqual(['1', '2']);
  });

  it('closes for good when reconnecting is disabled', async () => {
    const connection = new Connection({ host: server.host, port: server.port, reconnect: false });
    await connection.connect();
    const ended = new Promise((resolve) => connection.once('end', () => resolve('end')));
    await server.kill();
    expect(await ended).toBe('end');
    expect(connection.status).toBe('closed');
    await expect(connection.send(['PING'])).rejects.toMatchObject({
      code: 'REDWIRE_CONNECTION_CLOSED',
    });
    await server.restart();
  });
});
