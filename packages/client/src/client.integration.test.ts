import { getEventListeners } from 'node:events';
import { AbortError, ConnectionError, TimeoutError } from '@redwire/connection';
import { getTestServers } from '@redwire/test-harness';
import { describe, expect, it } from 'vitest';
import { createClient } from './create-client.js';

const { host, port } = getTestServers().standalone.address;
const url = `redis://${host}:${port}`;

describe('createClient', () => {
  it('is lazy: no socket until the first command, which connects', async () => {
    await using redis = createClient(url);
    expect(redis.status).toBe('idle');
    expect(await redis.sendCommand(['PING'])).toBe('PONG');
    expect(redis.status).toBe('ready');
  });

  it('runs commands sent together on one connection, replies in order, null for a missing key', async () => {
    await using redis = createClient({ host, port });
    await redis.sendCommand(['DEL', 'client:a', 'client:missing']);
    const [set, got, missing, id1, id2] = await Promise.all([
      redis.sendCommand(['SET', 'client:a', '1']),
      redis.sendCommand(['GET', 'client:a']),
      redis.sendCommand(['GET', 'client:missing']),
      redis.sendCommand(['CLIENT', 'ID']),
      redis.sendCommand(['CLIENT', 'ID']),
    ]);
    expect([set, got, missing]).toEqual(['OK', '1', null]);
    expect(id1).toBe(id2);
  });

  it('rejects a bad argument with a TypeError before anything is written', async () => {
    await using redis = createClient(url);
    await expect(redis.sendCommand(['SET', 'k', undefined as never])).rejects.toThrow(TypeError);
    expect(redis.status).toBe('idle');
  });

  it('forwards connection events to listeners on the client', async () => {
    await using redis = createClient(url);
    const seen: string[] = [];
    redis.on('connect', () => seen.push('connect')).on('ready', () => seen.push('ready'));
    await redis.connect();
    expect(seen).toEqual(['connect', 'ready']);
  });

  it('closes with `await using`, after which commands reject as closed', async () => {
    const redis = createClient(url);
    {
      await using scoped = redis;
      await scoped.sendCommand(['PING']);
    }
    expect(redis.status).toBe('closed');
    await expect(redis.sendCommand(['PING'])).rejects.toBeInstanceOf(ConnectionError);
  });
});

describe('views', () => {
  it('withOptions applies a default timeout and signal per call, on the same connection', async () => {
    await using redis = createClient(url);
    const fast = redis.withOptions({ timeout: 30 });
    await expect(fast.sendCommand(['DEBUG', 'SLEEP', '0.2'])).rejects.toBeInstanceOf(TimeoutError);
    // The server sleeps on for a while: ask the unhurried client first, then the view.
    const id = await redis.sendCommand(['CLIENT', 'ID']);
    expect(await fast.sendCommand(['CLIENT', 'ID'])).toBe(id);
    // A per-call option still wins over the view's.
    expect(await fast.sendCommand(['DEBUG', 'SLEEP', '0.05'], { timeout: 1_000 })).toBe('OK');
    const controller = new AbortController();
    const cancellable = redis.withOptions({ signal: controller.signal });
    const pending = cancellable.sendCommand(['BLPOP', 'client:never', '1']);
    controller.abort();
    await expect(pending).rejects.toBeInstanceOf(AbortError);
  });

  it('puts one abort listener on a signal shared by a thousand commands, and aborts them all', async () => {
    await using redis = createClient(url);
    await redis.connect();
    const controller = new AbortController();
    const view = redis.withOptions({ signal: controller.signal });
    const pipeline = view.pipeline();
    for (let i = 0; i < 1_000; i++) pipeline.get(`signal:${i}`);
    const piped = pipeline.execSettled();
    const single = Array.from({ length: 100 }, (_, i) => view.get(`signal:${i}`));
    // One, not 1,100: past ten Node warns of a leak (MaxListenersExceededWarning).
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(1);
    controller.abort();
    const outcomes = await piped;
    expect(outcomes.every((o) => o.status === 'rejected' && o.reason instanceof AbortError)).toBe(
      true,
    );
    for (const command of single) await expect(command).rejects.toBeInstanceOf(AbortError);
    expect(await redis.ping()).toBe('PONG');
  });

  it('withBuffers replies with Buffers while the client keeps strings', async () => {
    await using redis = createClient(url);
    await redis.sendCommand(['SET', 'client:bytes', Buffer.from([0xde, 0xad, 0xbe, 0xef])]);
    const [bytes, text] = await Promise.all([
      redis.withBuffers().sendCommand(['GET', 'client:bytes']),
      redis.sendCommand(['ECHO', 'still text']),
    ]);
    expect(bytes).toEqual(Buffer.from([0xde, 0xad, 0xbe, 0xef]));
    expect(text).toBe('still text');
  });

  it('closing a view closes the client it shares the connection with', async () => {
    const redis = createClient(url);
    await redis.withBuffers().close();
    expect(redis.status).toBe('closed');
  });
});
