import { describe, expect, it, vi } from 'vitest';
import type { Message } from './message.js';
import { MessageRouter } from './message-router.js';
import { MessageStream } from './message-stream.js';

const settings = { maxBuffered: 10, overflow: 'error' } as const;
const stream = () => new MessageStream(settings, async () => {});

describe('MessageRouter', () => {
  it('hands each message to the streams over everything and to the holders of its subscription', () => {
    const router = new MessageRouter<string>();
    const everything = stream();
    const news = stream();
    const listener = vi.fn();
    router.watchAll(everything);
    router.holdByStream('channel', 'news', news);
    router.holdExplicitly('pattern', 'n*', listener);
    const plain: Message = { channel: 'news', message: '1' };
    const matched: Message = { channel: 'news', message: '1', pattern: 'n*' };
    const sharded: Message = { channel: 'news', message: '1', shard: true };
    router.deliver(plain);
    router.deliver(matched);
    router.deliver(sharded);
    expect(everything.buffered).toBe(3);
    expect(news.buffered).toBe(1); // not the pattern's copy, not the shard channel's
    expect(listener.mock.calls).toEqual([[matched]]);
  });

  it('says a subscription is free only when nothing holds it', () => {
    const router = new MessageRouter<string>();
    const a = stream();
    const b = stream();
    router.holdByStream('shard', 's', a);
    router.holdByStream('shard', 's', b);
    expect(router.releaseStream('shard', 's', a)).toBe(false);
    expect(router.releaseStream('shard', 's', b)).toBe(true);
    router.holdExplicitly('channel', 'c');
    router.holdByStream('channel', 'c', a);
    expect(router.releaseStream('channel', 'c', a)).toBe(false);
    expect(router.releaseStream('channel', 'c', a)).toBe(false); // released twice: no-op
  });

  it('forget() and clear() give back the streams for the caller to end', () => {
    const router = new MessageRouter<string>();
    const a = stream();
    const all = stream();
    router.holdByStream('channel', 'c', a);
    router.watchAll(all);
    expect(router.forget('channel', 'c')).toEqual([a]);
    expect(router.forget('channel', 'c')).toEqual([]);
    router.holdByStream('pattern', 'p', a);
    expect(router.clear()).toEqual([all, a]);
    router.deliver({ channel: 'c', message: 'x' });
    expect(all.buffered).toBe(0);
  });
});
