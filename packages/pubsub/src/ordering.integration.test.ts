import { describe, expect, it } from 'vitest';
import { publisher, subscriberFor } from './test-helpers/servers.js';

const COUNT = 100_000;
const BATCH = 10_000;

describe.each([2, 3] as const)('order over RESP%i', (protocol) => {
  it(`delivers ${COUNT.toLocaleString('en')} messages on one channel in the order published`, async () => {
    await using sub = subscriberFor(protocol);
    await using pub = await publisher();
    const channel = `order:${protocol}`;
    const stream = await sub.channel(channel);
    const publishing = (async () => {
      for (let start = 0; start < COUNT; start += BATCH) {
        const batch = [];
        for (let i = start; i < start + BATCH; i++) batch.push(pub.send(['PUBLISH', channel, i]));
        await Promise.all(batch);
      }
    })();
    // A failed publish must fail the test, not leave the loop below waiting.
    publishing.catch(() => stream.close());
    let expected = 0;
    let outOfOrder = 0;
    for await (const { message } of stream) {
      if (Number(message) !== expected) outOfOrder++;
      expected++;
      if (expected === COUNT) break;
    }
    await publishing;
    expect(outOfOrder).toBe(0);
    expect(expected).toBe(COUNT);
    expect(stream.dropped).toBe(0);
  });
});
