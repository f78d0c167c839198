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

  it('starts a long batch on the wire before the tick ends, every 16 KB, replies in order', async () => {
    await using connection = new Connection({ host, port });
    await connection.connect();
    const write = vi.spyOn(Socket.prototype, 'write');
    const value = 'v'.repeat(1_000);
    const sent: Promise<unknown>[] = [];
    const writesSoFar: number[] = [];
    for (let i = 0; i < 100; i++) {
      sent.push(connection.send(['ECHO', `${i}:${value}`]));
      writesSoFar.push(write.mock.calls.length);
    }
    // About 1 KB a command: the first write leaves with the 16th, while the loop still runs.
    expect(writesSoFar[14]).toBe(0);
    expect(writesSoFar[16]).toBe(1);
    expect(writesSoFar[99]).toBe(6);
    expect(await Promise.all(sent)).toEqual(Array.from({ length: 100 }, (_, i) => `${i}:${value}`));
    // The tail (under 16 KB) went out at the end of the tick.
    expect(write).toHaveBeenCalledTimes(7);
  });

  it('sendEach hands every outcome to the sink by index: replies, error replies, refused arguments', async () => {
    await using connection = new Connection({ host, port });
    await connection.connect();
    const write = vi.spyOn(Socket.prototype, 'write');
    const outcomes = new Map<number, unknown>();
    const done = new Promise<void>((resolve) => {
      connection.sendEach(
        [
          ['SET', 'send-each:a', '1'],
          ['INCR', 'send-each:a'],
          ['HGET', 'send-each:a', 'f'],
          ['ECHO', { not: 'an argument' } as never],
          ['GET', 'send-each:a'],
        ],
        {
          settle(index, outcome) {
            outcomes.set(index, outcome);
            if (outcomes.size === 5) resolve();
          },
        },
      );
    });
    // The refused argument is reported at once; nothing of it is written.
    expect(outcomes.get(3)).toBeInstanceOf(TypeError);
    await done;
    expect(outcomes.get(0)).toBe('OK');
    expect(outcomes.get(1)).toBe(2);
    expect(outcomes.get(2)).toMatchObject({ code: 'WRONGTYPE' });
    expect(outcomes.get(4)).toBe('2');
    expect(write).toHaveBeenCalledTimes(1);
  });

  it('sendEach settles every command through the sink when the connection is closed or times out', async () => {
    const connection = new Connection({ host, port, commandTimeout: 50 });
    await connection.connect();
    const outcomes: unknown[] = [];
    const settled = new Promise<void>((resolve) => {
      connection.sendEach([['CLIENT', 'PAUSE', '300', 'ALL'], ['PING'], ['PING']], {
        settle(index, outcome) {
          outcomes[index] = outcome;
          if (outcomes.filter((o) => o !== undefined).length === 3) resolve();
        },
      });
    });
    await settled;
    expect(outcomes[0]).toBe('OK');
    expect(outcomes[1]).toMatchObject({ name: 'TimeoutError' });
    expect(outcomes[2]).toMatchObject({ name: 'TimeoutError' });
    await connection.close();
    const late: unknown[] = [];
    connection.sendEach([['PING']], { settle: (_, outcome) => late.push(outcome) });
    expect(late).toEqual([expect.objectContaining({ code: 'REDWIRE_CONNECTION_CLOSED' })]);
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
