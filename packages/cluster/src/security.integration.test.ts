/**
 * Security, proven on real servers for the client and the cluster alike: TLS verifies the
 * server's certificate unless told otherwise, an ACL user's limits come back as `NOPERM`
 * replies, and a password given to redwire appears in no error, event, `util.inspect` or
 * `JSON.stringify` of what a user can reach (clients, options, errors, reconnect events).
 */
import { randomUUID } from 'node:crypto';
import { inspect } from 'node:util';
import { createClient, type RedisClient } from '@redwire/client';
import { ConnectionError, resolveConnectionOptions } from '@redwire/connection';
import { ReplyError } from '@redwire/protocol';
import { getTestServers, type RedisServer, startTestServer } from '@redwire/test-harness';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCluster } from './create-cluster.js';

const { standalone, cluster } = getTestServers();
const { host, port } = standalone.address;
const password = `pw-${randomUUID()}`;
const user = `limited-${randomUUID().slice(0, 8)}`;

/** Everything a user could print or log about `value`. */
function shown(value: unknown): string {
  const json = (() => {
    try {
      return JSON.stringify(value);
    } catch {
      return '';
    }
  })();
  return `${inspect(value, { depth: 8, showHidden: true })} ${json} ${String(value)}`;
}

describe('TLS', () => {
  let server: RedisServer;
  beforeAll(async () => {
    server = await startTestServer({ tls: true });
  });
  afterAll(async () => {
    await server.stop();
  });

  it('refuses a self-signed server when no CA is given: verification is on by default', async () => {
    const redis = createClient(`rediss://localhost:${server.port}`, { reconnect: false });
    const error = await redis.ping().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    const codes: unknown[] = [];
    for (let e: unknown = error; e instanceof Error; e = e.cause)
      codes.push((e as { code?: unknown }).code);
    expect(codes).toContain('SELF_SIGNED_CERT_IN_CHAIN');
    redis.destroy();
  });

  it('accepts it with its CA', async () => {
    await using redis = createClient(`rediss://localhost:${server.port}`, {
      tls: { ca: (server.tls as NonNullable<RedisServer['tls']>).caCert.pem },
    });
    expect(await redis.ping()).toBe('PONG');
  });
});

beforeAll(async () => {
  // May read and write keys under sec:* only, and run nothing but GET, SET and PING.
  await standalone.command(
    'ACL',
    'SETUSER',
    user,
    'on',
    `>${password}`,
    '~sec:*',
    '+get',
    '+set',
    '+ping',
  );
});
afterAll(async () => {
  await standalone.command('ACL', 'DELUSER', user);
});

describe('ACL limits', () => {
  it('come back as NOPERM ReplyErrors for a command and for a key, and the rest still runs', async () => {
    await using redis = createClient({ host, port, username: user, password });
    expect(await redis.set('sec:ok', 'v')).toBe('OK');
    const command = await redis.del('sec:ok').catch((e: unknown) => e);
    expect(command).toBeInstanceOf(ReplyError);
    expect((command as ReplyError).code).toBe('NOPERM');
    const key = await redis.get('other:key').catch((e: unknown) => e);
    expect(key).toBeInstanceOf(ReplyError);
    expect((key as ReplyError).code).toBe('NOPERM');
    expect(await redis.get('sec:ok')).toBe('v');
  });
});

describe('a password given to redwire', () => {
  it('appears in no option object, client, error or event of a standalone client', async () => {
    const seen: unknown[] = [];
    const url = `redis://${user}:${password}@${host}:${port}`;
    seen.push(resolveConnectionOptions(url), resolveConnectionOptions({ url, password }));
    // A wrong password: the server's refusal, and the client that met it.
    const refused = createClient({ host, port, username: user, password: `${password}-wrong` });
    seen.push(await refused.ping().catch((e: unknown) => e), refused);
    refused.destroy();
    // A dropped connection: the reconnect event and the error it carries.
    const redis: RedisClient = createClient({ host, port, username: user, password });
    redis.on('reconnecting', (event) => seen.push(event));
    redis.on('error', (error) => seen.push(error));
    expect(await redis.ping()).toBe('PONG');
    const reconnected = new Promise<void>((resolve) => redis.once('ready', () => resolve()));
    await standalone.command('CLIENT', 'KILL', 'USER', user);
    await reconnected;
    expect(seen.length).toBeGreaterThanOrEqual(5);
    seen.push(redis, redis.withOptions({ timeout: 100 }));
    // An unreachable server.
    const away = createClient({ host: '127.0.0.1', port: 1, password, reconnect: false });
    seen.push(await away.ping().catch((e: unknown) => e), away);
    away.destroy();
    await redis.close();
    for (const value of seen) expect(shown(value)).not.toContain(password);
  });

  it('appears in no option object, client or error of a cluster client', async () => {
    const [seed] = cluster.seeds() as [{ host: string; port: number }];
    const redis = createCluster({
      nodes: [`redis://${user}:${password}@${seed.host}:${seed.port}`],
      reconnect: false,
      commandTimeout: 2_000,
    });
    // The cluster's nodes have no such user: discovery fails with WRONGPASS, which is reported.
    const error = await redis.get('sec:k').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    for (const value of [error, redis]) expect(shown(value)).not.toContain(password);
    await redis.close();
  });
});
