import { describe, expect, it } from 'vitest';
import { createSubscriber } from './create-subscriber.js';
import type { Message } from './message.js';
import {
  publisher,
  serverOptions,
  subscriberFor,
  subscribersOf,
  until,
} from './test-helpers/servers.js';

describe.each([2, 3] as const)('a subscriber over RESP%i', (protocol) => {
  it('delivers channel, pattern and shard messages to listeners and per-subscription callbacks', async () => {
    await using sub = subscriberFor(protocol);
    await using pub = await publisher();
    const all: Message[] = [];
    const news: Message[] = [];
    sub.on('message', (m) => all.push(m));
    await sub.subscribe('sub:news', (m) => news.push(m));
    await sub.psubscribe('sub:p:*');
    await sub.ssubscribe('sub:shard');
    expect(sub.protocol).toBe(protocol);
    expect(await subscribersOf('sub:news')).toBe(1);

    await pub.send(['PUBLISH', 'sub:news', 'n1']);
    await pub.send(['PUBLISH', 'sub:p:x', 'p1']);
    await pub.send(['SPUBLISH', 'sub:shard', 's1']);
    await until(() => all.length === 3);
    expect(all).toEqual([
      { channel: 'sub:news', message: 'n1' },
      { channel: 'sub:p:x', message: 'p1', pattern: 'sub:p:*' },
      { channel: 'sub:shard', message: 's1', shard: true },
    ]);
    expect(news).toEqual([{ channel: 'sub:news', message: 'n1' }]);
  });

  it('matches glob patterns as the server does', async () => {
    await using sub = subscriberFor(protocol);
    await using pub = await publisher();
    const got: string[] = [];
    await sub.psubscribe(['match:news.*', 'match:h?llo', 'match:h[ae]y'], (m) =>
      got.push(`${m.pattern} ${m.channel}`),
    );
    for (const channel of [
      'match:news.sport',
      'match:weather.sport',
      'match:hello',
      'match:heello',
      'match:hay',
      'match:hoy',
    ]) {
      await pub.send(['PUBLISH', channel, 'x']);
    }
    await pub.send(['PUBLISH', 'match:news.end', 'x']);
    await until(() => got.includes('match:news.* match:news.end'));
    expect(got).toEqual([
      'match:news.* match:news.sport',
      'match:h?llo match:hello',
      'match:h[ae]y match:hay',
      'match:news.* match:news.end',
    ]);
  });

  it('unsubscribes on the server and stops delivering', async () => {
    await using sub = subscriberFor(protocol);
    await using pub = await publisher();
    const got: string[] = [];
    sub.on('message', (m) => got.push(m.message));
    await sub.subscribe(['unsub:a', 'unsub:b']);
    await sub.unsubscribe('unsub:a');
    expect(await subscribersOf('unsub:a')).toBe(0);
    expect(await subscribersOf('unsub:b')).toBe(1);
    expect(sub.subscribed('channel')).toEqual(['unsub:b']);
    await pub.send(['PUBLISH', 'unsub:a', 'lost']);
    await pub.send(['PUBLISH', 'unsub:b', 'kept']);
    await until(() => got.length > 0);
    expect(got).toEqual(['kept']);
    await sub.unsubscribe();
    expect(await subscribersOf('unsub:b')).toBe(0);
    expect(sub.subscribed('channel')).toEqual([]);
  });

  it('holds 10,000 channels on one connection and delivers on each', async () => {
    await using sub = subscriberFor(protocol);
    await using pub = await publisher();
    const channels = Array.from({ length: 10_000 }, (_, i) => `many:${i}`);
    const seen = new Set<string>();
    sub.on('message', (m) => seen.add(m.channel));
    await sub.subscribe(channels);
    expect(sub.subscribed('channel')).toHaveLength(10_000);
    expect(await subscribersOf('many:9999')).toBe(1);
    const receivers = await Promise.all(channels.map((c) => pub.send(['PUBLISH', c, 'hi'])));
    expect(receivers.every((n) => n === 1)).toBe(true);
    await until(() => seen.size === 10_000);
    await sub.unsubscribe();
    expect(await subscribersOf('many:0')).toBe(0);
  });

  it('carries arbitrary bytes as Buffers, in payloads and channel names', async () => {
    await using sub = createSubscriber(serverOptions({ protocol }), { returnBuffers: true });
    await using pub = await publisher();
    const every = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
    const channel = Buffer.concat([Buffer.from('bytes:'), every]);
    const got: Message<Buffer>[] = [];
    await sub.subscribe(channel, (m) => got.push(m));
    const reversed = Buffer.from(every).reverse();
    await pub.send(['PUBLISH', channel, every]);
    await pub.send(['PUBLISH', channel, reversed]);
    await until(() => got.length === 2);
    expect(got[0]?.channel.equals(channel)).toBe(true);
    expect(got[0]?.message.equals(every)).toBe(true);
    expect(got[1]?.message.equals(reversed)).toBe(true);
    // A PING answered while subscribed keeps its own form.
    await sub.ping();
    await sub.unsubscribe(channel);
    expect(sub.subscribed()).toEqual([]);
  });

  it('refuses a name that is neither a string nor a Buffer, before sending anything', async () => {
    await using sub = subscriberFor(protocol);
    await expect(sub.subscribe([42 as unknown as string])).rejects.toThrow(
      'subscribe: name 0 must be a string or a Buffer, got number',
    );
    await expect(sub.psubscribe([])).rejects.toThrow('psubscribe needs at least one name');
    expect(sub.status).toBe('idle');
  });
});
