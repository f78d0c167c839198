import { EventEmitter } from 'node:events';
import { type Connection, ConnectionError, ReplyError } from '@redwire/connection';
import type { CommandArgument, PushFrame } from '@redwire/protocol';
import { describe, expect, it } from 'vitest';
import type { SubscriptionKind } from './kinds.js';
import type { Message } from './message.js';
import { type LinkHooks, SubscriptionLink } from './subscription-link.js';

/** A connection whose pub/sub commands the test answers by hand. */
class FakeConnection extends EventEmitter {
  status = 'ready';
  readonly sent: { args: readonly CommandArgument[]; settle: Settle }[] = [];
  usePubSub(): void {}
  sendPubSub(args: readonly CommandArgument[]): Promise<PushFrame[]> {
    return new Promise((resolve, reject) => this.sent.push({ args, settle: { resolve, reject } }));
  }
  close(): Promise<void> {
    this.status = 'closed';
    this.emit('end');
    return Promise.resolve();
  }
  /** Answers the oldest unanswered command with its confirmations, pushed first as a server would. */
  confirmNext(): void {
    const command = this.sent.shift();
    if (command === undefined) throw new Error('nothing sent');
    const kind = String(command.args[0]).toLowerCase();
    const frames = command.args.slice(1).map((name, i): PushFrame => [kind, String(name), i + 1]);
    for (const frame of frames) this.emit('push', frame);
    command.settle.resolve(frames);
  }
}
interface Settle {
  resolve(frames: PushFrame[]): void;
  reject(error: Error): void;
}

function linkOn(
  connection: FakeConnection,
  batches?: ConstructorParameters<typeof SubscriptionLink<string>>[3],
) {
  const seen = {
    messages: [] as Message[],
    dropped: [] as [SubscriptionKind, string][],
    resubscribed: [] as unknown[],
    errors: [] as Error[],
    ended: 0,
  };
  const hooks: LinkHooks<string> = {
    message: (m) => seen.messages.push(m),
    dropped: (kind, name) => seen.dropped.push([kind, name]),
    resubscribed: (event) => seen.resubscribed.push(event),
    reconnecting: () => {},
    error: (error) => seen.errors.push(error),
    end: () => seen.ended++,
  };
  const link = new SubscriptionLink(connection as unknown as Connection, hooks, false, batches);
  return { link, seen };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));
const lost = () => new ConnectionError('lost', { code: 'REDWIRE_CONNECTION' });

describe('SubscriptionLink', () => {
  it('turns message frames into messages', () => {
    const connection = new FakeConnection();
    const { seen } = linkOn(connection);
    connection.emit('push', ['message', 'c', 'm']);
    connection.emit('push', ['pmessage', 'p*', 'c', 'm']);
    connection.emit('push', [Buffer.from('smessage'), 's', 'm']);
    connection.emit('push', ['invalidate', ['k']]);
    expect(seen.messages).toEqual([
      { channel: 'c', message: 'm' },
      { channel: 'c', message: 'm', pattern: 'p*' },
      { channel: 's', message: 'm', shard: true },
    ]);
  });

  it('reports a sharded subscription the server ended on its own, not one it was asked to end', async () => {
    const connection = new FakeConnection();
    const { link, seen } = linkOn(connection);
    const added = link.add('shard', ['moved', 'kept']);
    connection.confirmNext();
    await added;
    expect(link.subscriptions.isConfirmed('shard', 'moved')).toBe(true);
    // A slot migration: the server sends sunsubscribe unasked.
    connection.emit('push', ['sunsubscribe', 'moved', 1]);
    expect(seen.dropped).toEqual([['shard', 'moved']]);
    expect(link.subscriptions.isDesired('shard', 'moved')).toBe(true);
    expect(link.subscriptions.unconfirmed('shard')).toEqual(['moved']);
    const removed = link.remove('shard', ['kept']);
    connection.confirmNext();
    await removed;
    expect(seen.dropped).toHaveLength(1);
    expect(link.subscriptions.desired('shard')).toEqual(['moved']);
  });

  it('restores every desired subscription after a reconnect, then reports resubscribed', async () => {
    const connection = new FakeConnection();
    const { link, seen } = linkOn(connection);
    const adds = [link.add('channel', ['a', 'b']), link.add('pattern', ['p*'])];
    connection.confirmNext();
    connection.confirmNext();
    await Promise.all(adds);
    connection.emit('reconnecting', { attempt: 1, delay: 10, error: lost() });
    expect(link.subscriptions.confirmedCounts()).toEqual({ channels: 0, patterns: 0, shards: 0 });
    connection.emit('ready');
    expect(connection.sent.map((c) => c.args)).toEqual([
      ['SUBSCRIBE', 'a', 'b'],
      ['PSUBSCRIBE', 'p*'],
    ]);
    connection.confirmNext();
    await tick();
    expect(seen.resubscribed).toEqual([]); // not before every kind is back
    connection.confirmNext();
    await tick();
    expect(seen.resubscribed).toEqual([{ channels: 2, patterns: 1, shards: 0 }]);
  });

  it('a restore overtaken by another loss reports nothing; the next one does', async () => {
    const connection = new FakeConnection();
    const { link, seen } = linkOn(connection);
    const added = link.add('channel', ['a']);
    connection.confirmNext();
    await added;
    connection.emit('reconnecting', { attempt: 1, delay: 10, error: lost() });
    connection.emit('ready');
    connection.sent.shift()?.settle.reject(lost());
    connection.emit('reconnecting', { attempt: 1, delay: 10, error: lost() });
    connection.emit('ready');
    connection.confirmNext();
    await tick();
    expect(seen.resubscribed).toEqual([{ channels: 1, patterns: 0, shards: 0 }]);
    expect(seen.errors).toEqual([]);
  });

  it('a subscribe lost with the socket resolves once restored, or rejects if the connection ends', async () => {
    const connection = new FakeConnection();
    const { link } = linkOn(connection);
    const first = link.add('channel', ['x']);
    connection.emit('reconnecting', { attempt: 1, delay: 10, error: lost() });
    connection.sent.shift()?.settle.reject(lost());
    await tick();
    connection.emit('ready');
    connection.confirmNext();
    await expect(first).resolves.toBeUndefined();

    const second = link.add('channel', ['y']);
    connection.emit('reconnecting', { attempt: 1, delay: 10, error: lost() });
    connection.sent.shift()?.settle.reject(lost());
    await tick();
    await link.close();
    await expect(second).rejects.toMatchObject({ code: 'REDWIRE_CONNECTION_CLOSED' });
  });

  it('subscribes lost with the socket settle when the restore refuses part of it, while the connection lives on', async () => {
    const connection = new FakeConnection();
    // One restore command per name, as a cluster link sends one per slot.
    const { link, seen } = linkOn(connection, (_kind, names) => names.map((name) => [name]));
    const kept = link.add('shard', ['kept']);
    const moved = link.add('shard', ['moved']);
    connection.emit('reconnecting', { attempt: 1, delay: 10, error: lost() });
    for (const command of connection.sent.splice(0)) command.settle.reject(lost());
    await tick();
    connection.emit('ready');
    expect(connection.sent.map((c) => c.args)).toEqual([
      ['SSUBSCRIBE', 'kept'],
      ['SSUBSCRIBE', 'moved'],
    ]);
    connection.confirmNext();
    const refusal = new ReplyError('MOVED 1234 127.0.0.1:7002');
    connection.sent.shift()?.settle.reject(refusal);
    await expect(kept).resolves.toBeUndefined();
    await expect(moved).rejects.toBe(refusal);
    expect(seen.errors).toEqual([refusal]);
    expect(seen.resubscribed).toEqual([]);
    expect(connection.status).toBe('ready');
  });

  it('a refused subscribe is no longer desired', async () => {
    const connection = new FakeConnection();
    const { link } = linkOn(connection);
    const refused = link.add('channel', ['secret']);
    connection.sent.shift()?.settle.reject(new ReplyError('NOPERM no permissions'));
    await expect(refused).rejects.toBeInstanceOf(ReplyError);
    expect(link.subscriptions.desired('channel')).toEqual([]);
  });

  it('close() stops listening and ends the link', async () => {
    const connection = new FakeConnection();
    const { link, seen } = linkOn(connection);
    await link.close();
    expect(seen.ended).toBe(1);
    for (const event of ['push', 'ready', 'reconnecting', 'error', 'end']) {
      expect(connection.listenerCount(event)).toBe(0);
    }
  });
});
