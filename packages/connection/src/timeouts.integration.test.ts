import { getTestServers, RedisServer } from '@redwire/test-harness';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Connection } from './connection.js';
import { ConnectionError, TimeoutError } from './errors.js';

const { host, port } = getTestServers().standalone.address;

describe('command timeouts', () => {
  it('rejects with TimeoutError, then reads and drops the late reply so the next command gets its own', async () => {
    await using connection = new Connection({ host, port });
    const slow = connection.send(['DEBUG', 'SLEEP', '0.3'], { timeout: 50 });
    const next = connection.send(['ECHO', 'mine']);
    await expect(slow).rejects.toBeInstanceOf(TimeoutError);
    await expect(slow).rejects.toMatchObject({
      code: 'REDWIRE_TIMEOUT',
      timeout: 50,
      command: 'DEBUG',
    });
    expect(await next).toBe('mine');
    expect(await connection.send(['ECHO', 'later'])).toBe('later');
  });

  it('gives a blocking command its block time plus the margin', async () => {
    await using connection = new Connection({
      host,
      port,
      commandTimeout: 50,
      blockingTimeoutMargin: 500,
    });
    const started = performance.now();
    expect(
      await connection.send(['BLPOP', 'timeouts:empty-list', '0.2'], { blockingMs: 200 }),
    ).toBeNull();
    expect(performance.now() - started).toBeGreaterThanOrEqual(150);
  });
});

describe('timeouts while the server cannot be reached', () => {
  it('say why: the last connection error is in the message and is the cause', async () => {
    await using connection = new Connection({
      host: '127.0.0.1',
      port: 1,
      reconnect: { minDelay: 20, maxDelay: 40 },
    });
    const error = await connection.send(['PING'], { timeout: 150 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as Error).message).toMatch(
      /queued \(connection (reconnecting|connecting); last error: Could not connect to 127\.0\.0\.1:1: .*ECONNREFUSED/,
    );
    expect((error as Error).cause).toBeInstanceOf(ConnectionError);
  });
});

describe('timeouts against a stalled server', () => {
  let server: RedisServer;
  beforeAll(async () => {
    server = await RedisServer.start({ label: 'stalled' });
  });
  afterAll(async () => {
    await server.stop();
  });

  it('rejects connect() after connectTimeout when the server accepts but never answers HELLO', async () => {
    const connection = new Connection({
      host: server.host,
      port: server.port,
      connectTimeout: 200,
      reconnect: false,
    });
    await server.pause();
    try {
      const started = performance.now();
      const error = await connection.connect().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConnectionError);
      expect((error as Error).message).toMatch(/timed out after 200 ms/);
      expect(performance.now() - started).toBeLessThan(1_000);
    } finally {
      await server.resume();
      await connection.close();
    }
  });

  it('rejects each of 1,000 in-flight commands at its 30 ms timeout, not when the server comes back', async () => {
    await using connection = new Connection({
      host: server.host,
      port: server.port,
      reconnect: false,
    });
    await connection.connect();
    await server.pause();
    try {
      const lateness: number[] = [];
      const sent = Array.from({ length: 1000 }, () => {
        const at = performance.now();
        return connection.send(['PING'], { timeout: 30 }).then(
          () => {
            throw new Error('a stalled server cannot answer');
          },
          (error: unknown) => {
            expect(error).toBeInstanceOf(TimeoutError);
            lateness.push(performance.now() - at - 30);
          },
        );
      });
      await Promise.all(sent);
      expect(lateness).toHaveLength(1000);
      // A second tells "at its own timeout" from "whenever the server answers" on a loaded
      // 2-core machine (an earlier 50 ms bound failed there at 80 ms); tight figures are bench/'s.
      expect(Math.max(...lateness)).toBeLessThan(1_000);
    } finally {
      await server.resume();
    }
  });
});
