import type { Socket } from 'node:net';
import { Writable } from 'node:stream';
import { type CommandArgument, type EncodedCommand, encodeCommand } from '@redwire/protocol';
import { describe, expect, it, vi } from 'vitest';
import { Fifo } from './fifo.js';
import { PendingCommand } from './pending-command.js';
import { collectBatch, writePayload } from './write-batch.js';

const MAX = 64 * 1024;

/** What each test command encodes to: collectBatch drops it from the command once written. */
const encodings = new Map<PendingCommand, EncodedCommand>();

function pending(...args: CommandArgument[]): PendingCommand {
  const encoded = encodeCommand(args);
  const command = new PendingCommand(String(args[0]), encoded, false, false, 0, 0);
  command.promise?.catch(() => {});
  encodings.set(command, encoded);
  return command;
}

function enc(command: PendingCommand | undefined): EncodedCommand {
  return encodings.get(command as PendingCommand) as EncodedCommand;
}

function queueOf(...commands: PendingCommand[]): Fifo<PendingCommand> {
  const queue = new Fifo<PendingCommand>();
  for (const command of commands) queue.push(command);
  return queue;
}

/** The bytes a payload puts on the wire, in order. */
function wire(payload: string | (string | Buffer)[] | undefined): Buffer {
  if (payload === undefined) return Buffer.alloc(0);
  if (typeof payload === 'string') return Buffer.from(payload);
  return Buffer.concat(
    payload.map((chunk) => (Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk))),
  );
}

describe('collectBatch', () => {
  it('joins string-encoded commands into one string, in queue order', () => {
    const commands = [pending('SET', 'a', '1'), pending('GET', 'a'), pending('PING')];
    const written = new Fifo<PendingCommand>();
    const payload = collectBatch(queueOf(...commands), written, MAX);
    expect(payload).toBe(commands.map(enc).join(''));
  });

  it('moves each written command to the written FIFO, in order, marked written', () => {
    const commands = [
      pending('GET', 'a'),
      pending('GET', 'b'),
      pending('SET', 'c', Buffer.from('x')),
    ];
    const queue = queueOf(...commands);
    const written = new Fifo<PendingCommand>();
    collectBatch(queue, written, MAX);
    expect(queue.length).toBe(0);
    expect([...written]).toEqual(commands);
    for (const command of commands) {
      expect(command.state).toBe('written');
      expect(command.written).toBe(true);
      expect(command.settled).toBe(false);
    }
  });

  it('appends to a written FIFO that already holds commands awaiting replies', () => {
    const earlier = pending('GET', 'earlier');
    const written = queueOf(earlier);
    const next = pending('GET', 'next');
    collectBatch(queueOf(next), written, MAX);
    expect([...written]).toEqual([earlier, next]);
  });

  it('returns Buffer arguments as their own chunks (not copied), text around them joined', () => {
    const value = Buffer.from([0x00, 0xff, 0x0d, 0x0a]);
    const before = pending('GET', 'a');
    const withBuffer = pending('SET', 'k', value);
    const after1 = pending('GET', 'b');
    const after2 = pending('GET', 'c');
    const payload = collectBatch(queueOf(before, withBuffer, after1, after2), new Fifo(), MAX);

    const [head, body, tail] = enc(withBuffer) as [string, Buffer, string];
    expect(body).toBe(value);
    expect(payload).toEqual([enc(before), head, value, tail, `${enc(after1)}${enc(after2)}`]);
    expect((payload as (string | Buffer)[])[2]).toBe(value);
  });

  it('puts the bytes of several Buffer-carrying commands on the wire in queue order', () => {
    const commands = [
      pending('SET', 'a', Buffer.from('first')),
      pending('GET', 'a'),
      pending('SET', 'b', Buffer.from('second'), 'EX', 10),
      pending('MSET', 'c', Buffer.from('3'), 'd', Buffer.from('4')),
      pending('PING'),
    ];
    const payload = collectBatch(queueOf(...commands), new Fifo(), MAX);
    expect(wire(payload)).toEqual(Buffer.concat(commands.map((command) => wire(enc(command)))));
  });

  it('returns a Buffer-only command as its chunks', () => {
    const command = pending('SET', 'k', Buffer.from('v'));
    const payload = collectBatch(queueOf(command), new Fifo(), MAX);
    expect(payload).toEqual(enc(command));
  });

  it('drops a written command’s bytes, unless it may be written again after a reconnect', () => {
    const once = pending('SET', 'a', '1');
    const again = new PendingCommand('GET', encodeCommand(['GET', 'a']), false, true, 0, 0);
    const payload = collectBatch(queueOf(once, again), new Fifo(), MAX);
    expect(payload).toBe(`${enc(once)}${again.encoded}`);
    expect(once.encoded).toBeUndefined();
    expect(again.encoded).toBe(encodeCommand(['GET', 'a']));
  });

  it('lists the rooms of commands written once as releasable, not a caller’s Buffer nor a kept command’s', () => {
    const large = 'v'.repeat(70_000);
    const once = pending('SET', 'a', large);
    const own = pending('SET', 'b', Buffer.alloc(70_000));
    const again = new PendingCommand('SET', encodeCommand(['SET', 'c', large]), false, true, 0, 0);
    const releasable: Buffer[] = [];
    collectBatch(queueOf(once, own, again), new Fifo(), 1 << 20, releasable);
    const room = (enc(once) as (string | Buffer)[]).find((chunk) => Buffer.isBuffer(chunk));
    expect(releasable).toHaveLength(1);
    expect(releasable[0]).toBe(room);
  });

  it('skips commands settled while queued: not written, not moved to written', () => {
    const aborted = pending('GET', 'aborted');
    aborted.fail(new Error('aborted'));
    const timedOut = pending('SET', 'late', Buffer.from('v'));
    timedOut.fail(new Error('timed out'));
    const live = pending('GET', 'live');
    const queue = queueOf(aborted, live, timedOut);
    const written = new Fifo<PendingCommand>();

    const payload = collectBatch(queue, written, MAX);
    expect(payload).toBe(enc(live));
    expect([...written]).toEqual([live]);
    expect(queue.length).toBe(0);
    expect(aborted.state).toBe('settled');
    expect(aborted.written).toBe(false);
    expect(timedOut.state).toBe('settled');
    expect(timedOut.written).toBe(false);
  });

  it('returns undefined, writing nothing, when every queued command was settled', () => {
    const cancelled = [pending('GET', 'a'), pending('GET', 'b')];
    for (const command of cancelled) command.fail(new Error('aborted'));
    const queue = queueOf(...cancelled);
    const written = new Fifo<PendingCommand>();
    expect(collectBatch(queue, written, MAX)).toBeUndefined();
    expect(queue.length).toBe(0);
    expect(written.length).toBe(0);
  });

  it('returns undefined when the queue is empty', () => {
    const written = new Fifo<PendingCommand>();
    expect(collectBatch(new Fifo(), written, MAX)).toBeUndefined();
    expect(written.length).toBe(0);
  });

  it('stops once about maxBytes are collected and leaves the rest queued', () => {
    const commands = Array.from({ length: 10 }, (_, i) =>
      pending('SET', `key:${i}`, 'x'.repeat(80)),
    );
    const size = encodeCommand(['SET', 'key:0', 'x'.repeat(80)]).length; // all the same size
    const queue = queueOf(...commands);
    const written = new Fifo<PendingCommand>();

    // The cap is checked before each command: the one that crosses it still goes.
    const payload = collectBatch(queue, written, size * 3 + 1);
    expect(payload).toBe(commands.slice(0, 4).map(enc).join(''));
    expect(written.length).toBe(4);
    expect(queue.length).toBe(6);
    expect(queue.peek()).toBe(commands[4]);
    expect(commands[4]?.state).toBe('queued');

    const rest = collectBatch(queue, written, size * 3);
    expect(rest).toBe(commands.slice(4, 7).map(enc).join(''));
    expect(queue.length).toBe(3);
  });

  it('counts Buffer chunk bytes against maxBytes', () => {
    const big = pending('SET', 'big', Buffer.alloc(1_000));
    const next = pending('GET', 'next');
    const queue = queueOf(big, next);
    const payload = collectBatch(queue, new Fifo(), 500);
    expect(payload).toEqual(enc(big));
    expect(queue.peek()).toBe(next);
  });

  it('always takes at least one command, even one larger than maxBytes', () => {
    const huge = pending('SET', 'huge', 'v'.repeat(10_000));
    const next = pending('GET', 'next');
    const queue = queueOf(huge, next);
    const written = new Fifo<PendingCommand>();
    expect(collectBatch(queue, written, 1)).toBe(enc(huge));
    expect([...written]).toEqual([huge]);
    expect([...queue]).toEqual([next]);
  });
});

/**
 * A stream standing in for a socket: records each write and each corked batch. Like a socket,
 * it completes writes asynchronously (a Writable whose write calls back at once never fills).
 */
function sink(highWaterMark: number) {
  const batches: Buffer[][] = [];
  const stream = new Writable({
    highWaterMark,
    writev(chunks, callback) {
      batches.push(chunks.map(({ chunk }) => Buffer.from(chunk)));
      process.nextTick(callback);
    },
    write(chunk, _encoding, callback) {
      batches.push([Buffer.from(chunk)]);
      process.nextTick(callback);
    },
  });
  return { socket: stream as unknown as Socket, batches };
}

describe('writePayload', () => {
  it('writes a string payload in one write', () => {
    const { socket, batches } = sink(1024);
    expect(writePayload(socket, 'PING')).toBe(true);
    expect(batches).toEqual([[Buffer.from('PING')]]);
  });

  it('writes chunks corked, so they reach the socket together and in order', () => {
    const { socket, batches } = sink(1024);
    const value = Buffer.from([0, 1, 2]);
    expect(writePayload(socket, ['head', value, 'tail'])).toBe(true);
    expect(batches).toEqual([[Buffer.from('head'), value, Buffer.from('tail')]]);
    expect(socket.writableCorked).toBe(0);
  });

  it('writes a payload of one chunk without corking, and calls back once it is written', async () => {
    const { socket, batches } = sink(1024);
    const bytes = Buffer.from('*2\r\n$4\r\nMGET\r\n$1\r\nk\r\n');
    const cork = vi.spyOn(socket, 'cork');
    const done = new Promise<void>((resolve) => {
      expect(writePayload(socket, [bytes], () => resolve())).toBe(true);
    });
    await done;
    expect(cork).not.toHaveBeenCalled();
    expect(batches).toEqual([[bytes]]);
    expect(writePayload(sink(4).socket, [bytes])).toBe(false);
  });

  it('calls back once every chunk of a corked payload has been written', async () => {
    const { socket, batches } = sink(1024);
    let seen = -1;
    const done = new Promise<void>((resolve) => {
      writePayload(socket, ['head', Buffer.from('body'), 'tail'], () => {
        seen = batches.length;
        resolve();
      });
    });
    await done;
    expect(seen).toBe(1);
    expect(batches[0]).toHaveLength(3);
  });

  it('returns false when the socket asks the writer to wait for drain', () => {
    expect(writePayload(sink(4).socket, 'more than four bytes')).toBe(false);
    expect(writePayload(sink(4).socket, ['ab', Buffer.from('cd'), 'ef'])).toBe(false);
  });
});
