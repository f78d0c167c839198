import { getTestServers, RedisServer } from '@redwire/test-harness';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Connection } from './connection.js';
import { ConnectionError } from './errors.js';

describe('offlineQueue: false', () => {
  let server: RedisServer;
  beforeAll(async () => {
    server = await RedisServer.start({ label: 'offline-queue' });
  });
  afterAll(async () => {
    await server.stop();
  });

  it('still queues commands sent before the first connection attempt', async () => {
    await using connection = new Connection({
      host: server.host,
      port: server.port,
      offlineQueue: false,
    });
    const replies = await Promise.all([
      connection.send(['ECHO', 'a']),
      connection.send(['ECHO', 'b']),
    ]);
    expect(replies).toEqual(['a', 'b']);
  });

  it('fails commands at once, marked unwritten, while the server is down, and recovers', async () => {
    await using connection = new Connection({
      host: server.host,
      port: server.port,
      offlineQueue: false,
      reconnect: { minDelay: 20, maxDelay: 50 },
    });
    await connection.connect();
    await server.kill();
    await new Promise((resolve) => setTimeout(resolve, 60));
    const started = performance.now();
    const error = await connection.send(['ECHO', 'x'], { timeout: 10_000 }).catch((e) => e);
    expect(performance.now() - started).toBeLessThan(500);
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error).toMatchObject({ code: 'REDWIRE_CONNECTION', written: false });
    expect((error as Error).message).toMatch(/not connected \(offlineQueue: false\)/);
    await server.restart();
    await expect
      .poll(() => connection.send(['ECHO', 'back']).catch(() => 'down'), { timeout: 5_000 })
      .toBe('back');
  });

  it('fails a first connection attempt to a dead port without waiting for the timeout', async () => {
    const dead = await RedisServer.start({ label: 'offline-queue-dead' });
    const { host, port } = dead;
    await dead.stop();
    await using connection = new Connection({ host, port, offlineQueue: false });
    const error = await connection.send(['PING'], { timeout: 10_000 }).catch((e) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error).toMatchObject({ written: false });
    // The next command tries again rather than failing on a stale state.
    expect(connection.status).toBe('idle');
  });
});

describe('ConnectionError.written', () => {
  it('is true for a command whose reply the lost socket took with it', async () => {
    const standalone = getTestServers().standalone;
    const { host, port } = standalone.address;
    await using connection = new Connection({ host, port });
    const id = await connection.send(['CLIENT', 'ID']);
    const blocked = connection
      .send(['BLPOP', 'offline-queue:nothing', '0'], { blockingMs: 0 })
      .catch((e: unknown) => e);
    await new Promise((resolve) => setTimeout(resolve, 50));
    await standalone.command('CLIENT', 'KILL', 'ID', String(id));
    expect(await blocked).toMatchObject({ code: 'REDWIRE_CONNECTION', written: true });
  });
});
