import { getTestServers } from '@redwire/test-harness';
import { describe, expect, it } from 'vitest';
import { createClient } from './create-client.js';

const { host, port } = getTestServers().standalone.address;

describe('client.subscriber()', () => {
  it("opens its own connection with the client's options and delivers what the client publishes", async () => {
    await using redis = createClient({ host, port, name: 'client-sub', protocol: 2 });
    await using sub = redis.subscriber();
    const got: string[] = [];
    await sub.subscribe('client:news', (m) => got.push(m.message));
    // Same options: the name and the protocol; a connection apart from the client's.
    expect(sub.protocol).toBe(2);
    const names = String(await redis.sendCommand(['CLIENT', 'LIST']))
      .split('\n')
      .filter((line) => line.includes(' name=client-sub '));
    expect(names).toHaveLength(2);
    expect(await redis.publish('client:news', 'hello')).toBe(1);
    await expect.poll(() => got).toEqual(['hello']);
  });

  it('yields Buffers from a withBuffers() view, with stream options passed through', async () => {
    await using redis = createClient({ host, port });
    await using sub = redis.withBuffers().subscriber({ maxBuffered: 2, overflow: 'dropOldest' });
    const stream = await sub.channel('client:bytes');
    const payload = Buffer.from([0, 0xff, 0x80, 10]);
    await redis.publish('client:bytes', payload);
    const { value } = await stream.next();
    expect(Buffer.isBuffer(value?.message)).toBe(true);
    expect(value?.message.equals(payload)).toBe(true);
    expect(value?.channel.equals(Buffer.from('client:bytes'))).toBe(true);
    for (let i = 0; i < 5; i++) await redis.publish('client:bytes', String(i));
    await expect.poll(() => stream.dropped).toBe(3);
  });

  it('is closed apart from the client', async () => {
    const redis = createClient({ host, port });
    const sub = redis.subscriber();
    await sub.subscribe('client:apart');
    await redis.close();
    expect(sub.status).toBe('ready');
    await sub.close();
    expect(sub.status).toBe('closed');
  });
});
