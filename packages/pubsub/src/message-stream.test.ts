import { describe, expect, it, vi } from 'vitest';
import { MessageOverflowError } from './errors.js';
import type { Message } from './message.js';
import { MessageStream } from './message-stream.js';
import type { OverflowPolicy } from './options.js';

const m = (n: number): Message => ({ channel: 'c', message: String(n) });

function streamOf(maxBuffered: number, overflow: OverflowPolicy) {
  const release = vi.fn(async () => {});
  return { stream: new MessageStream({ maxBuffered, overflow }, release), release };
}

async function drain(stream: MessageStream): Promise<string[]> {
  const got: string[] = [];
  for await (const { message } of stream) got.push(message);
  return got;
}

describe('MessageStream', () => {
  it('yields buffered messages in order, and hands a waiting next() the next one', async () => {
    const { stream } = streamOf(10, 'error');
    stream.push(m(1));
    stream.push(m(2));
    expect(stream.buffered).toBe(2);
    expect(await stream.next()).toEqual({ done: false, value: m(1) });
    expect(await stream.next()).toEqual({ done: false, value: m(2) });
    const waiting = stream.next();
    stream.push(m(3));
    expect(await waiting).toEqual({ done: false, value: m(3) });
  });

  it("with 'dropOldest', keeps the newest maxBuffered messages and counts the drops", async () => {
    const { stream, release } = streamOf(3, 'dropOldest');
    for (let i = 1; i <= 10; i++) stream.push(m(i));
    expect(stream.dropped).toBe(7);
    expect(stream.buffered).toBe(3);
    stream.end();
    expect(await drain(stream)).toEqual(['8', '9', '10']);
    expect(release).toHaveBeenCalledTimes(1);
  });

  it("with 'error', stops receiving, yields what it held, then throws MessageOverflowError", async () => {
    const { stream, release } = streamOf(2, 'error');
    for (let i = 1; i <= 5; i++) stream.push(m(i));
    expect(stream.open).toBe(false);
    expect(release).toHaveBeenCalledTimes(1); // its subscription is let go at once
    const got: string[] = [];
    const error = await (async () => {
      for await (const { message } of stream) got.push(message);
    })().catch((e: unknown) => e);
    expect(got).toEqual(['1', '2']);
    expect(error).toBeInstanceOf(MessageOverflowError);
    expect(error).toMatchObject({ code: 'REDWIRE_MESSAGE_OVERFLOW', maxBuffered: 2 });
    expect(await stream.next()).toEqual({ done: true, value: undefined });
  });

  it('break releases the subscription once and drops what was buffered', async () => {
    const { stream, release } = streamOf(10, 'error');
    stream.push(m(1));
    stream.push(m(2));
    for await (const _ of stream) break;
    expect(release).toHaveBeenCalledTimes(1);
    expect(stream.buffered).toBe(0);
    stream.push(m(3));
    expect(await stream.next()).toEqual({ done: true, value: undefined });
    await stream.close();
    await stream[Symbol.asyncDispose]();
    expect(release).toHaveBeenCalledTimes(1);
  });

  it('close() settles every pending next() as done and waits for the release', async () => {
    let released = false;
    const stream = new MessageStream({ maxBuffered: 1, overflow: 'error' }, async () => {
      await new Promise((resolve) => setTimeout(resolve, 10));
      released = true;
    });
    const pending = [stream.next(), stream.next()];
    await stream.close();
    expect(released).toBe(true);
    expect(await Promise.all(pending)).toEqual([
      { done: true, value: undefined },
      { done: true, value: undefined },
    ]);
  });

  it('a release that fails does not reach the consumer', async () => {
    const stream = new MessageStream({ maxBuffered: 1, overflow: 'error' }, async () => {
      throw new Error('connection gone');
    });
    await expect(stream.close()).resolves.toBeUndefined();
  });
});
