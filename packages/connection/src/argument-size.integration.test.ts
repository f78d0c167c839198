import { ArgumentTooLargeError, RedisError } from '@redwire/protocol';
import { getTestServers } from '@redwire/test-harness';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Connection } from './connection.js';

const { standalone } = getTestServers();
const { host, port } = standalone.address;
/** The smallest proto-max-bulk-len the server accepts, so the test need not send 512 MiB. */
const SERVER_LIMIT = 1024 * 1024;

beforeAll(() => standalone.command('CONFIG', 'SET', 'proto-max-bulk-len', String(SERVER_LIMIT)));
afterAll(() => standalone.command('CONFIG', 'SET', 'proto-max-bulk-len', '536870912'));

describe('an argument over the server’s bulk-length limit', () => {
  it('is refused before anything is written, and commands in flight beside it are not disturbed', async () => {
    await using connection = new Connection({ host, port, maxArgumentBytes: SERVER_LIMIT });
    await connection.connect();
    const key = `argument-size:${process.pid}`;
    await connection.send(['DEL', key]);
    const before = connection.send(['INCR', key]);
    const oversized = connection.send(['SET', key, Buffer.alloc(SERVER_LIMIT + 1)]);
    const after = connection.send(['INCR', key]);
    await expect(oversized).rejects.toBeInstanceOf(ArgumentTooLargeError);
    await expect(oversized).rejects.toMatchObject({
      code: 'REDWIRE_ARGUMENT_TOO_LARGE',
      position: 2,
      bytes: SERVER_LIMIT + 1,
      limit: SERVER_LIMIT,
    });
    expect([await before, await after]).toEqual([1, 2]);
    // One that fits goes through, on the same connection.
    expect(await connection.send(['SET', key, Buffer.alloc(SERVER_LIMIT)])).toBe('OK');
    expect(await connection.send(['STRLEN', key])).toBe(SERVER_LIMIT);
    expect(connection.status).toBe('ready');
    await connection.send(['DEL', key]);
  });

  it('would make the server drop the connection: why the client checks first', async () => {
    // A client that believes the server takes more than it does.
    await using connection = new Connection({
      host,
      port,
      maxArgumentBytes: 2 * SERVER_LIMIT,
      reconnect: false,
    });
    await connection.connect();
    const ended = new Promise<void>((resolve) => connection.once('end', () => resolve()));
    const sent = connection.send([
      'SET',
      `argument-size:${process.pid}`,
      Buffer.alloc(SERVER_LIMIT + 1),
    ]);
    // Seen: the server resets the socket while the argument is still being written. Either way
    // it is a failure of the connection, not a refusal before sending.
    const error = await sent.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RedisError);
    expect(error).not.toBeInstanceOf(ArgumentTooLargeError);
    await ended;
    expect(connection.status).toBe('closed');
  });
});
