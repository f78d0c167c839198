import { describe, expect, it } from 'vitest';
import { MessageOverflowError } from './errors.js';
import { publisher, subscriberFor, subscribersOf, until } from './test-helpers/servers.js';

describe('a stream whose consumer falls behind', () => {
  it("with 'dropOldest', keeps the newest maxBuffered messages and counts the rest", async () => {
    await using sub = subscriberFor(3);
    await using pub = await publisher();
    await using stream = await sub.channel('overflow:drop', {
      maxBuffered: 10,
      overflow: 'dropOldest',
    });
    await Promise.all(
      Array.from({ length: 100 }, (_, i) => pub.send(['PUBLISH', 'overflow:drop', i])),
    );
    await until(() => stream.dropped === 90);
    const got: string[] = [];
    for await (const { message } of stream) {
      got.push(message);
      if (got.length === 10) break;
    }
    expect(got).toEqual(Array.from({ length: 10 }, (_, i) => String(90 + i)));
  });

  it("with 'error' (the default policy), yields what it held, throws, and lets go of the channel", async () => {
    await using sub = subscriberFor(2, {});
    await using pub = await publisher();
    const stream = await sub.channel('overflow:error', { maxBuffered: 5 });
    await Promise.all(
      Array.from({ length: 6 }, (_, i) => pub.send(['PUBLISH', 'overflow:error', i])),
    );
    await until(() => !stream.open);
    expect(await subscribersOf('overflow:error')).toBe(0);
    const got: string[] = [];
    const error = await (async () => {
      for await (const { message } of stream) got.push(message);
    })().catch((e: unknown) => e);
    expect(got).toEqual(['0', '1', '2', '3', '4']);
    expect(error).toBeInstanceOf(MessageOverflowError);
  });
});
