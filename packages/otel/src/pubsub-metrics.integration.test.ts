/**
 * Pub/sub metrics on the real standalone server: messages received by kind, and those a full
 * stream dropped.
 */
import { createClient } from '@redwire/client';
import { getTestServers } from '@redwire/test-harness';
import { describe, expect, it } from 'vitest';
import { instrumentedMeter } from './test-helpers/test-meter.js';

const { host, port } = getTestServers().standalone.address;
const meter = instrumentedMeter();

describe('pub/sub metrics', () => {
  it('counts messages received by kind, and those a full stream dropped', async () => {
    await using redis = createClient({ host, port });
    await using sub = redis.subscriber();
    await sub.psubscribe('otel:*');
    const drops = await sub.channel('otel:burst', { maxBuffered: 1, overflow: 'dropOldest' });
    for (const message of ['one', 'two', 'three']) await redis.publish('otel:burst', message);
    await sub.ping();
    expect(drops.dropped).toBe(2);
    expect(
      await meter.total('redwire.pubsub.messages.received', { 'redwire.pubsub.kind': 'channel' }),
    ).toBe(3);
    expect(
      await meter.total('redwire.pubsub.messages.received', { 'redwire.pubsub.kind': 'pattern' }),
    ).toBe(3);
    expect(await meter.total('redwire.pubsub.messages.dropped')).toBe(2);
    await drops.return();
  });
});
