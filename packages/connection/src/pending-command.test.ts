import { encodeCommand, ReplyError } from '@redwire/protocol';
import { describe, expect, it, vi } from 'vitest';
import { PendingCommand } from './pending-command.js';

function command(timeout = 0, now = 0): PendingCommand {
  return new PendingCommand('GET', encodeCommand(['GET', 'k']), false, false, timeout, now);
}

describe('PendingCommand', () => {
  it('starts queued, unwritten and unsettled, keeping what it was built with', () => {
    const encoded = encodeCommand(['SET', 'k', Buffer.from('v')]);
    const pending = new PendingCommand('SET', encoded, true, true, 250, 1_000);
    expect(pending.state).toBe('queued');
    expect(pending.written).toBe(false);
    expect(pending.settled).toBe(false);
    expect(pending.name).toBe('SET');
    expect(pending.encoded).toBe(encoded);
    expect(pending.returnBuffers).toBe(true);
    expect(pending.retryOnReconnect).toBe(true);
    expect(pending.timeout).toBe(250);
  });

  it('puts its deadline at now + timeout', () => {
    expect(command(250, 1_000).deadline).toBe(1_250);
    expect(command(1, 0.5).deadline).toBe(1.5);
  });

  it('has no deadline (Infinity) when the timeout is 0', () => {
    const pending = command(0, 1_000);
    expect(pending.deadline).toBe(Number.POSITIVE_INFINITY);
    expect(pending.timeout).toBe(0);
  });

  it('resolves with its reply and becomes settled', async () => {
    const pending = command();
    expect(pending.reply('value')).toBe(true);
    expect(pending.state).toBe('settled');
    expect(pending.settled).toBe(true);
    await expect(pending.promise).resolves.toBe('value');
  });

  it('settles from the written state too', async () => {
    const pending = command();
    pending.state = 'written';
    expect(pending.settled).toBe(false);
    expect(pending.reply(null)).toBe(true);
    expect(pending.state).toBe('settled');
    await expect(pending.promise).resolves.toBeNull();
  });

  it('rejects when the reply is a ReplyError, with that very error', async () => {
    const pending = command();
    const error = new ReplyError('WRONGTYPE Operation against a key holding the wrong kind');
    expect(pending.reply(error)).toBe(true);
    expect(pending.settled).toBe(true);
    await expect(pending.promise).rejects.toBe(error);
  });

  it('resolves (does not reject) with a reply that merely contains a ReplyError', async () => {
    const pending = command();
    const nested = [new ReplyError('ERR inside a transaction'), 'OK'];
    pending.reply(nested);
    await expect(pending.promise).resolves.toBe(nested);
  });

  it('rejects with the error given to fail', async () => {
    const pending = command();
    const error = new Error('socket closed');
    expect(pending.fail(error)).toBe(true);
    expect(pending.state).toBe('settled');
    await expect(pending.promise).rejects.toBe(error);
  });

  it('settles once: a fail after a reply returns false and the reply stands', async () => {
    const pending = command();
    expect(pending.reply('first')).toBe(true);
    expect(pending.fail(new Error('late'))).toBe(false);
    expect(pending.reply('second')).toBe(false);
    await expect(pending.promise).resolves.toBe('first');
  });

  it('settles once: a reply after a fail returns false and the failure stands', async () => {
    const pending = command();
    const error = new Error('timed out');
    expect(pending.fail(error)).toBe(true);
    expect(pending.reply('late reply')).toBe(false);
    expect(pending.fail(new Error('again'))).toBe(false);
    expect(pending.state).toBe('settled');
    await expect(pending.promise).rejects.toBe(error);
  });

  it('runs the onSettle cleanup exactly once, when it settles by reply', () => {
    const pending = command();
    const cleanup = vi.fn();
    pending.onSettle(cleanup);
    expect(cleanup).not.toHaveBeenCalled();
    pending.reply('OK');
    pending.fail(new Error('late'));
    pending.reply('late');
    expect(cleanup).toHaveBeenCalledTimes(1);
  });

  it('runs the onSettle cleanup exactly once, when it settles by failure', async () => {
    const pending = command();
    const cleanup = vi.fn();
    pending.onSettle(cleanup);
    pending.fail(new Error('aborted'));
    pending.reply('late');
    expect(cleanup).toHaveBeenCalledTimes(1);
    await expect(pending.promise).rejects.toThrow('aborted');
  });

  it('runs the cleanup before the promise settles', async () => {
    const pending = command();
    const order: string[] = [];
    pending.onSettle(() => order.push('cleanup'));
    const done = pending.promise?.then(() => order.push('resolved'));
    pending.reply('OK');
    await done;
    expect(order).toEqual(['cleanup', 'resolved']);
  });

  it('settles without a cleanup registered', async () => {
    const pending = command();
    expect(pending.reply(1)).toBe(true);
    await expect(pending.promise).resolves.toBe(1);
  });
});

describe('PendingCommand with a reply transform', () => {
  it('resolves with the shaped reply, the observer told the reply as it came', async () => {
    const pending = command();
    const seen: unknown[] = [];
    pending.observer = { settled: (outcome) => seen.push(outcome) };
    pending.transform = (reply) => `shaped:${String(reply)}`;
    pending.reply('value');
    await expect(pending.promise).resolves.toBe('shaped:value');
    expect(seen).toEqual(['value']);
  });

  it('settles in the same microtask as a command without one: no promise is chained', async () => {
    const plain = command();
    const shaped = command();
    shaped.transform = (reply) => reply;
    const order: string[] = [];
    void plain.promise!.then(() => order.push('plain'));
    void shaped.promise!.then(() => order.push('shaped'));
    // Settled in the opposite order: a chained promise would make "shaped" come a tick later.
    shaped.reply('b');
    plain.reply('a');
    await Promise.resolve();
    expect(order).toEqual(['shaped', 'plain']);
  });

  it('rejects with what the transform throws, and stays settled', async () => {
    const pending = command();
    const thrown = new TypeError('expected a string');
    pending.transform = () => {
      throw thrown;
    };
    expect(pending.reply(42)).toBe(true);
    await expect(pending.promise).rejects.toBe(thrown);
    expect(pending.settled).toBe(true);
    expect(pending.reply('again')).toBe(false);
  });

  it('leaves error replies and failures alone', async () => {
    const transform = vi.fn((reply: unknown) => reply);
    const refused = command();
    refused.transform = transform;
    const error = new ReplyError('WRONGTYPE Operation against a key');
    refused.reply(error);
    await expect(refused.promise).rejects.toBe(error);
    const failed = command();
    failed.transform = transform;
    failed.fail(new Error('closed'));
    await expect(failed.promise).rejects.toThrow('closed');
    expect(transform).not.toHaveBeenCalled();
  });
});
