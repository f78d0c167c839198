/**
 * The option forms users bring from node-redis and ioredis, against real servers: a URL in
 * `url`, credentials in it, `rediss://`, node-redis's `socket` object, a misspelt key. Each
 * either reaches the server the caller named or fails with a clear error; none falls back to a
 * default (a Redis on localhost:6379, which these tests never depend on).
 */
import { randomUUID } from 'node:crypto';
import { ReplyError, UnknownOptionError } from '@redwire/protocol';
import { getTestServers, type RedisServer, startTestServer } from '@redwire/test-harness';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RedisClient } from './client.js';
import { createClient } from './create-client.js';

const { host, port } = getTestServers().standalone.address;

/** A setting of the server that answered, as it says itself. */
async function setting(redis: RedisClient, name: string): Promise<number> {
  return Number((await redis.configGet(name))[name]);
}

/** The database the client's connection has selected, as the server reports it. */
async function database(redis: RedisClient): Promise<number> {
  return Number(/ db=(\d+) /.exec(String(await redis.clientInfo()))?.[1]);
}

describe('createClient({ url })', () => {
  it('connects to the URL’s host, port and database', async () => {
    await using redis = createClient({ url: `redis://${host}:${port}/3` });
    expect(await setting(redis, 'port')).toBe(port);
    expect(await database(redis)).toBe(3);
  });

  it('lets the fields beside the URL win over its parts', async () => {
    await using redis = createClient({ url: `redis://${host}:${port}/3`, db: 5 });
    expect(await database(redis)).toBe(5);
  });

  it('takes the URL in the second argument too, over the first', async () => {
    await using redis = createClient('redis://127.0.0.1:1', { url: `redis://${host}:${port}/2` });
    expect(await setting(redis, 'port')).toBe(port);
    expect(await database(redis)).toBe(2);
  });
});

describe('credentials in the url', () => {
  const user = `user-${randomUUID().slice(0, 8)}`;
  const password = `pw-${randomUUID()}`;
  beforeAll(async () => {
    await getTestServers().standalone.command(
      'ACL',
      'SETUSER',
      user,
      'on',
      `>${password}`,
      '~*',
      '+@all',
    );
  });
  afterAll(async () => {
    await getTestServers().standalone.command('ACL', 'DELUSER', user);
  });

  it('sends them: a wrong password is WRONGPASS, never a quiet default user', async () => {
    const redis = createClient({ url: `redis://${user}:wrong@${host}:${port}`, reconnect: false });
    const error = await redis.sendCommand(['PING']).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ReplyError);
    expect((error as ReplyError).code).toBe('WRONGPASS');
    await redis.close();
  });

  it('authenticates as the URL’s user with the right password', async () => {
    await using redis = createClient({ url: `redis://${user}:${password}@${host}:${port}` });
    expect(await redis.sendCommand(['ACL', 'WHOAMI'])).toBe(user);
  });
});

describe('createClient({ url: "rediss://..." })', () => {
  let server: RedisServer;
  beforeAll(async () => {
    server = await startTestServer({ tls: true });
  });
  afterAll(async () => {
    await server.stop();
  });

  it('speaks TLS to the URL’s port, verifying with the CA given beside it', async () => {
    const tls = server.tls as NonNullable<RedisServer['tls']>;
    await using redis = createClient({
      url: `rediss://localhost:${server.port}`,
      tls: { ca: tls.caCert.pem },
    });
    // A TLS-only server listens on `tls-port` alone.
    expect(await setting(redis, 'tls-port')).toBe(server.port);
    expect(await setting(redis, 'port')).toBe(0);
  });
});

describe('options other clients spell differently', () => {
  it("refuses node-redis's socket object, naming redwire's spelling, before connecting", () => {
    let error: unknown;
    try {
      createClient({ socket: { host, port, tls: false } } as never);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(UnknownOptionError);
    expect(error).toBeInstanceOf(TypeError);
    expect((error as UnknownOptionError).option).toBe('socket');
    expect((error as Error).message).toMatch(/createClient\(\).*`socket`.*top level: host, port/);
  });

  it('refuses a misspelt key with the nearest known one', () => {
    expect(() => createClient({ hots: 'x' } as never)).toThrow(
      'createClient(): unknown option `hots` (did you mean `host`?)',
    );
  });

  it('keeps naming the key in the errors of a mistyped value', () => {
    expect(() => createClient({ port: '6379' as never })).toThrow(
      'port must be a number, got string',
    );
    expect(() => createClient({ url: `redis://${host}:${port}`, db: -1 })).toThrow(/^db must be/);
    expect(() => createClient({ maxConnections: 0 })).toThrow(/^maxConnections must be/);
    expect(() => createClient({ retryLostWrites: 'yes' as never })).toThrow(
      /^retryLostWrites must be a boolean/,
    );
  });

  it('refuses an explicit undefined URL (an unset REDIS_URL) instead of going to localhost', () => {
    expect(() => createClient(process.env.REDWIRE_SURELY_UNSET_VARIABLE)).toThrow(
      /createClient\(undefined\): the URL is undefined/,
    );
  });
});
