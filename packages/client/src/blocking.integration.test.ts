import { AbortError, TimeoutError } from '@redwire/connection';
import { getTestServers } from '@redwire/test-harness';
import { afterAll, describe, expect, it } from 'vitest';
import { createClient } from './create-client.js';
import { clientList, namedClient } from './test-helpers/named-clients.js';

const { host, port } = getTestServers().standalone.address;
const observer = createClient({ host, port });
afterAll(() => observer.close());

async function blockedClients(): Promise<number> {
  const info = String(await observer.sendCommand(['INFO', 'clients']));
  return Number(/blocked_clients:(\d+)/.exec(info)?.[1]);
}

/** Polls until the client named `name` runs a BLPOP on the server; returns its id. */
async function blockedId(name: string): Promise<string> {
  for (let i = 0; i < 100; i++) {
    const blocked = (await clientList(observer, name)).find((client) => client.cmd === 'blpop');
    if (blocked?.flags?.includes('b') && blocked.id !== undefined) return blocked.id;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`no BLPOP of ${name} blocked on the server`);
}

describe('blocking commands', () => {
  it('run on a pooled connection: a BLPOP waiting 1 s does not delay a GET', async () => {
    await using redis = createClient({ host, port });
    await redis.sendCommand(['DEL', 'blocking:empty']);
    const popped = redis.sendCommand(['BLPOP', 'blocking:empty', '1']);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const started = performance.now();
    expect(await redis.sendCommand(['GET', 'blocking:missing'])).toBeNull();
    // Behind the BLPOP it would take about a second; the margin is for a busy CI runner.
    expect(performance.now() - started).toBeLessThan(500);
    expect(await popped).toBeNull();
    expect(redis.poolStats()).toMatchObject({ idle: 1, leased: 0 });
  });

  it('a BLPOP of an empty list with a 0.1 s timeout resolves null after about 100 ms', async () => {
    await using redis = createClient({ host, port });
    await redis.sendCommand(['DEL', 'blocking:short']);
    const started = performance.now();
    expect(await redis.sendCommand(['blpop', 'blocking:short', '0.1'])).toBeNull();
    const elapsed = performance.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(90);
    expect(elapsed).toBeLessThan(600);
  });

  it('routes typed commands (send) and other blocking commands (XREAD BLOCK, WAIT) too', async () => {
    await using redis = createClient({ host, port });
    await redis.sendCommand(['DEL', 'blocking:stream']);
    const read = redis.send({
      args: ['XREAD', 'BLOCK', '1000', 'STREAMS', 'blocking:stream', '$'],
      spec: undefined,
      transform: (reply) => ({ reply }),
    });
    const waited = redis.sendCommand(['WAIT', '1', '1000']);
    const started = performance.now();
    expect(await redis.sendCommand(['PING'])).toBe('PONG');
    // Behind either blocking command it would take a second.
    expect(performance.now() - started).toBeLessThan(500);
    expect(await read).toEqual({ reply: null });
    expect(await waited).toBe(0);
    expect(redis.poolStats()).toMatchObject({ idle: 2, leased: 0 });
  });

  it('an aborted BLPOP is released on the server with CLIENT UNBLOCK, and its connection reused', async () => {
    const { name, redis } = namedClient('blocking-test');
    await using _ = redis;
    await redis.sendCommand(['DEL', 'blocking:abort']);
    const baseline = await blockedClients();
    const controller = new AbortController();
    const pending = redis.sendCommand(['BLPOP', 'blocking:abort', '0'], {
      signal: controller.signal,
    });
    const id = await blockedId(name);
    expect(await blockedClients()).toBe(baseline + 1);
    controller.abort();
    await expect(pending).rejects.toBeInstanceOf(AbortError);
    expect(await blockedClients()).toBe(baseline);
    expect(redis.poolStats()).toMatchObject({ idle: 1, leased: 0, total: 1 });

    const next = redis.sendCommand(['BLPOP', 'blocking:abort', '0']);
    expect(await blockedId(name)).toBe(id);
    await observer.sendCommand(['LPUSH', 'blocking:abort', 'v']);
    expect(await next).toEqual(['blocking:abort', 'v']);
  });

  it('a BLPOP whose client-side timeout is shorter than its block time is released the same way', async () => {
    const { name, redis } = namedClient('blocking-test');
    await using _ = redis;
    await redis.sendCommand(['DEL', 'blocking:timeout']);
    const baseline = await blockedClients();
    const pending = redis.sendCommand(['BLPOP', 'blocking:timeout', '10'], { timeout: 100 });
    const id = await blockedId(name);
    await expect(pending).rejects.toBeInstanceOf(TimeoutError);
    expect(await blockedClients()).toBe(baseline);

    const next = redis.sendCommand(['BLPOP', 'blocking:timeout', '5']);
    expect(await blockedId(name)).toBe(id);
    await observer.sendCommand(['RPUSH', 'blocking:timeout', 'w']);
    expect(await next).toEqual(['blocking:timeout', 'w']);
  });

  it('a bad argument is a TypeError before any pooled connection is leased', async () => {
    await using redis = createClient({ host, port });
    await expect(redis.sendCommand(['BLPOP', undefined as never, '0'])).rejects.toThrow(TypeError);
    expect(redis.poolStats().total).toBe(0);
  });

  it('close() ends a BLPOP waiting forever as if it had timed out, and leaves nothing alive', async () => {
    const { name, redis } = namedClient('blocking-test');
    await redis.sendCommand(['DEL', 'blocking:close']);
    const baseline = await blockedClients();
    const pending = redis.sendCommand(['BLPOP', 'blocking:close', '0']);
    await blockedId(name);
    await redis.close();
    expect(await pending).toBeNull();
    expect(redis.status).toBe('closed');
    expect(redis.poolStats().total).toBe(0);
    expect(await blockedClients()).toBe(baseline);
    expect(await clientList(observer, name)).toEqual([]);
  });

  it('destroy() rejects a BLPOP in flight and closes every connection', async () => {
    const { name, redis } = namedClient('blocking-test');
    const pending = redis.sendCommand(['BLPOP', 'blocking:destroy', '0']);
    await blockedId(name);
    redis.destroy();
    await expect(pending).rejects.toMatchObject({ code: 'REDWIRE_CONNECTION_CLOSED' });
    expect(redis.poolStats().total).toBe(0);
    for (let i = 0; i < 50 && (await clientList(observer, name)).length > 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(await clientList(observer, name)).toEqual([]);
  });
});
