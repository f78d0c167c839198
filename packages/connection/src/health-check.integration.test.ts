import { RedisServer } from '@redwire/test-harness';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Connection } from './connection.js';
import { TimeoutError } from './errors.js';

describe('a stalled server (SIGSTOP)', () => {
  let server: RedisServer;
  beforeAll(async () => {
    server = await RedisServer.start({ label: 'health' });
  });
  afterAll(async () => {
    await server.stop();
  });

  it('trips the idle health check, which drops the socket and reconnects once the server is back', async () => {
    await using connection = new Connection({
      host: server.host,
      port: server.port,
      pingInterval: 100,
      connectTimeout: 300,
      reconnect: { minDelay: 20, maxDelay: 50 },
    });
    await connection.connect();
    const errors: Error[] = [];
    connection.on('error', (error) => errors.push(error));
    const lost = new Promise<number>((resolve) => {
      const started = performance.now();
      connection.once('reconnecting', () => resolve(performance.now() - started));
    });
    await server.pause();
    try {
      // Two intervals (about 200 ms): one to send the PING, one to see it unanswered. Without
      // the check, TCP would take minutes to notice; the bound leaves room for a busy runner.
      expect(await lost).toBeLessThan(1_000);
      expect(errors[0]?.message).toMatch(/health-check PING/);
    } finally {
      await server.resume();
    }
    expect(await connection.send(['PING'], { timeout: 5_000 })).toBe('PONG');
  });

  it('trips the command timeout of a command sent to it', async () => {
    await using connection = new Connection({ host: server.host, port: server.port });
    await connection.connect();
    await server.pause();
    try {
      await expect(connection.send(['GET', 'k'], { timeout: 100 })).rejects.toBeInstanceOf(
        TimeoutError,
      );
    } finally {
      await server.resume();
    }
    expect(await connection.send(['PING'])).toBe('PONG');
  });
});
