import { Socket } from 'node:net';
import { getTestServers } from '@redwire/test-harness';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Connection } from './connection.js';

const { host, port } = getTestServers().standalone.address;

afterEach(() => {
  vi.restoreAllMocks();
});

describe('automatic pipelining', () => {
  it('writes commands sent in the same tick in one socket write, replies in order', async () => {
    await using connection = new Connection({ host, port });
    await connection.connect();
    const write = vi.spyOn(Socket.prototype, 'write');
    const replies = await Promise.all(
      Array.from({ length: 100 }, (_, i) => connection.send(['ECHO', `m${i}`])),
    );
    expect(replies).toEqual(Array.from({ length: 100 }, (_, i) => `m${i}`));
    expect(write).toHaveBeenCalledTimes(1);
  });

  it('splits a large batch at maxWriteBytes, still in order', async () => {
    await using connection = new Connection({ host, port, maxWriteBytes: 1024 });
    await connection.connect();
    const write = vi.spyOn(Socket.prototype, 'write');
    const value = 'x'.repeat(300);
    const replies = await Promise.all(
      Array.from({ length: 20 }, (_, i) => connection.send(['ECHO', `${i}${value}`])),
    );
    expect(replies).toEqual(Array.from({ length: 20 }, (_, i) => `${i}${value}`));
    expect(write.mock.calls.length).toBeGreaterThanOrEqual(5);
  });

  it('returns Buffers to the commands that ask, strings to the others, on one connection', async () => {
    await using connection = new Connection({ host, port });
    await connection.send(['SET', 'pipelining:binary', Buffer.from([0xff, 0x00, 0xfe])]);
    const [asBuffer, asString] = await Promise.all([
      connection.send(['GET', 'pipelining:binary'], { returnBuffers: true }),
      connection.send(['ECHO', 'text']),
    ]);
    expect(asBuffer).toEqual(Buffer.from([0xff, 0x00, 0xfe]));
    expect(asString).toBe('text');
  });

  it('rejects a bad argument with a TypeError and writes nothing', async () => {
    await using connection = new Connection({ host, port });
    await connection.connect();
    const write = vi.spyOn(Socket.prototype, 'write');
    await expect(connection.send(['SET', 'k', undefined as never])).rejects.toThrow(TypeError);
    await new Promise((resolve) => setImmediate(resolve));
    expect(write).not.toHaveBeenCalled();
    expect(await connection.send(['PING'])).toBe('PONG');
  });
});

describe('push frames', () => {
  it('go to the push listener, never to a waiting command', async () => {
    await using tracked = new Connection({ host, port });
    await using writer = new Connection({ host, port });
    const pushes: unknown[] = [];
    tracked.on('push', (push) => pushes.push(push));
    await tracked.send(['CLIENT', 'TRACKING', 'ON']);
    await tracked.send(['GET', 'pipelining:tracked']);
    await writer.send(['SET', 'pipelining:tracked', '1']);
    // The invalidation arrives between replies; the next command must still get its own.
    expect(await tracked.send(['ECHO', 'after'])).toBe('after');
    await vi.waitFor(() => expect(pushes).toContainEqual(['invalidate', ['pipelining:tracked']]));
  });
});
