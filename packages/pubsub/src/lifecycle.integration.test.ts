import { describe, expect, it } from 'vitest';
import type { Message } from './message.js';
import {
  clientNamed,
  publisher,
  subscriberFor,
  subscribersOf,
  until,
} from './test-helpers/servers.js';

/** Sockets and timers alive in this process, by kind. */
function handles(): { sockets: number; timers: number } {
  const counts: Record<string, number> = {};
  for (const kind of process.getActiveResourcesInfo()) counts[kind] = (counts[kind] ?? 0) + 1;
  return { sockets: counts.TCPSocketWrap ?? 0, timers: counts.Timeout ?? 0 };
}

describe.each([2, 3] as const)('releasing what was opened, over RESP%i', (protocol) => {
  it('breaking out of for await over a channel unsubscribes it', async () => {
    await using sub = subscriberFor(protocol);
    await using pub = await publisher();
    const channel = `life:break:${protocol}`;
    const news = await sub.channel(channel);
    expect(await subscribersOf(channel)).toBe(1);
    void pub.send(['PUBLISH', channel, 'first']);
    for await (const m of news) {
      expect(m).toEqual({ channel, message: 'first' });
      break;
    }
    expect(await subscribersOf(channel)).toBe(0);
    expect(sub.subscribed()).toEqual([]);
    expect(news.open).toBe(false);
    expect(await news.next()).toEqual({ done: true, value: undefined });
  });

  it('keeps a channel that subscribe() or another stream still holds', async () => {
    await using sub = subscriberFor(protocol);
    const channel = `life:shared:${protocol}`;
    await sub.subscribe(channel);
    const a = await sub.channel(channel);
    const b = await sub.channel(channel);
    await a.close();
    await b.return();
    expect(await subscribersOf(channel)).toBe(1);
    const c = await sub.pattern(`${channel}*`);
    await sub.unsubscribe(channel);
    expect(await subscribersOf(channel)).toBe(0);
    expect(sub.subscribed('pattern')).toEqual([`${channel}*`]);
    await c.close();
    expect(sub.subscribed('pattern')).toEqual([]);
  });

  it('unsubscribe() ends the streams over the channel after what they hold', async () => {
    await using sub = subscriberFor(protocol);
    await using pub = await publisher();
    const channel = `life:end:${protocol}`;
    const stream = await sub.channel(channel);
    await pub.send(['PUBLISH', channel, 'held']);
    await until(() => stream.buffered === 1);
    await sub.unsubscribe(channel);
    const got: Message[] = [];
    for await (const m of stream) got.push(m);
    expect(got).toEqual([{ channel, message: 'held' }]);
  });

  it('await using closes the subscriber: connection gone, streams done, every promise settled', async () => {
    await subscribersOf('warm-up'); // the harness's admin socket, opened and closed before counting
    await new Promise((resolve) => setTimeout(resolve, 20));
    const before = handles();
    const name = `life-dispose-${protocol}`;
    let everything: AsyncIterator<Message>;
    let waiting: Promise<IteratorResult<Message>>;
    let inFlight: Promise<void>;
    {
      await using sub = subscriberFor(protocol, { name });
      await sub.subscribe('life:dispose');
      const stream = await sub.shard('life:dispose:shard');
      everything = sub[Symbol.asyncIterator]();
      waiting = everything.next();
      void stream;
      expect(await clientNamed(name)).toBeDefined();
      inFlight = sub.psubscribe('life:dispose:*');
    }
    await expect(inFlight).resolves.toBeUndefined();
    expect(await waiting).toEqual({ done: true, value: undefined });
    expect(await clientNamed(name)).toBeUndefined();
    expect(await subscribersOf('life:dispose')).toBe(0);
    // The harness's own admin sockets close asynchronously too: wait for them, then compare.
    await until(() => handles().sockets === before.sockets, 1_000).catch(() => {});
    const after = handles();
    expect(after.sockets).toBe(before.sockets);
    // Timers of earlier tests (a closing connection's grace timer) may end meanwhile: none added.
    expect(after.timers).toBeLessThanOrEqual(before.timers);
  });

  it('a closed subscriber refuses new work with REDWIRE_CONNECTION_CLOSED', async () => {
    const sub = subscriberFor(protocol);
    const ended = new Promise<void>((resolve) => sub.once('end', resolve));
    await sub.subscribe('life:closed');
    await sub.close();
    await ended;
    await expect(sub.subscribe('life:again')).rejects.toMatchObject({
      code: 'REDWIRE_CONNECTION_CLOSED',
    });
    await expect(sub.channel('life:again')).rejects.toMatchObject({
      code: 'REDWIRE_CONNECTION_CLOSED',
    });
    await expect(sub.unsubscribe('life:closed')).resolves.toBeUndefined();
    expect(await sub.messages().next()).toEqual({ done: true, value: undefined });
    await sub.close(); // twice is fine
    expect(sub.status).toBe('closed');
  });
});
