import { join } from 'node:path';
import { getTestServers, runFixture } from '@redwire/test-harness';
import { describe, expect, it } from 'vitest';
import { Connection } from './connection.js';
import { ConnectionError } from './errors.js';

const { host, port } = getTestServers().standalone.address;

describe('close() and destroy()', () => {
  it('close() lets commands already sent get their replies, then refuses new ones', async () => {
    const connection = new Connection({ host, port });
    const sent = Array.from({ length: 50 }, (_, i) => connection.send(['ECHO', `c${i}`]));
    const closed = connection.close();
    await expect(connection.send(['PING'])).rejects.toMatchObject({
      code: 'REDWIRE_CONNECTION_CLOSED',
    });
    expect(await Promise.all(sent)).toEqual(Array.from({ length: 50 }, (_, i) => `c${i}`));
    await closed;
    expect(connection.status).toBe('closed');
  });

  it('destroy() rejects everything pending with ConnectionError at once', async () => {
    const connection = new Connection({ host, port });
    await connection.connect();
    const blocked = connection.send(['BLPOP', 'close:nothing', '0'], { blockingMs: 0 });
    connection.destroy();
    const error = await blocked.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as ConnectionError).code).toBe('REDWIRE_CONNECTION_CLOSED');
  });

  it('close() does not wait for replies owed to commands already given up on', async () => {
    const connection = new Connection({ host, port });
    await connection.connect();
    const gaveUp = connection.send(['BLPOP', 'close:never', '0'], { timeout: 20 });
    await expect(gaveUp).rejects.toMatchObject({ code: 'REDWIRE_TIMEOUT' });
    const started = performance.now();
    await connection.close();
    expect(performance.now() - started).toBeLessThan(1_500);
  });

  it.each(['close', 'destroy'])(
    'leaves nothing alive after %s(): the process exits by itself',
    async (mode) => {
      const fixture = join(import.meta.dirname, 'test-fixtures', 'close-and-exit.ts');
      const report = await runFixture(fixture, [host, String(port), mode], {
        cwd: join(import.meta.dirname, '..'),
        timeoutMs: 10_000,
      });
      expect(report).toEqual({
        status: 'closed',
        alive: [],
      });
    },
  );
});
