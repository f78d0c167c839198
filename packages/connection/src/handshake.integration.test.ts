import { randomUUID } from 'node:crypto';
import { inspect } from 'node:util';
import { ReplyError } from '@redwire/protocol';
import { getTestServers } from '@redwire/test-harness';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Connection } from './connection.js';

const { standalone } = getTestServers();
const { host, port } = standalone.address;
const user = `alice-${randomUUID().slice(0, 8)}`;
const password = `s3cret-${randomUUID()}`;

function clientInfo(connection: Connection): Promise<Record<string, string>> {
  return connection.send(['CLIENT', 'INFO']).then((info) =>
    Object.fromEntries(
      String(info)
        .trim()
        .split(' ')
        .map((pair) => pair.split('=') as [string, string]),
    ),
  );
}

beforeAll(async () => {
  await standalone.command('ACL', 'SETUSER', user, 'on', `>${password}`, '~*', '&*', '+@all');
});

afterAll(async () => {
  await standalone.command('ACL', 'DELUSER', user);
});

describe('handshake', () => {
  it('speaks RESP3 by default, sets the client name and selects the database', async () => {
    await using connection = new Connection({ host, port, name: 'redwire-test', db: 2 });
    const info = await clientInfo(connection);
    expect(connection.protocol).toBe(3);
    expect(info).toMatchObject({ resp: '3', name: 'redwire-test', db: '2' });
  });

  it('speaks RESP2 with AUTH, CLIENT SETNAME and SELECT when asked for protocol 2', async () => {
    await using connection = new Connection({
      host,
      port,
      protocol: 2,
      username: user,
      password,
      name: 'resp2',
      db: 3,
    });
    const info = await clientInfo(connection);
    expect(connection.protocol).toBe(2);
    expect(info).toMatchObject({ resp: '2', name: 'resp2', db: '3', user });
  });

  it('connects over RESP2 with nothing to set: a handshake of no command writes nothing', async () => {
    await using connection = new Connection({ host, port, protocol: 2 });
    expect(await connection.send(['PING'])).toBe('PONG');
    expect(connection.protocol).toBe(2);
  });

  it('sends a handshake command of many arguments whole: CLIENT TRACKING with eight prefixes', async () => {
    // 19 arguments: encoded as bytes rather than text, and still written with the handshake.
    const prefixes = Array.from({ length: 8 }, (_, index) => `hs-${index}:`);
    await using tracked = new Connection({
      host,
      port,
      tracking: { mode: 'broadcast', prefixes },
    });
    const pushes: unknown[] = [];
    tracked.on('push', (frame) => pushes.push(frame));
    await tracked.connect();
    const info = await clientInfo(tracked);
    expect(info.flags).toContain('t');
    await standalone.command('SET', 'hs-7:key', 'v');
    await expect.poll(() => pushes.length, { timeout: 5_000 }).toBeGreaterThan(0);
    expect(JSON.stringify(pushes)).toContain('hs-7:key');
  });

  it('authenticates an ACL user through HELLO', async () => {
    await using connection = new Connection(
      `redis://${encodeURIComponent(user)}:${encodeURIComponent(password)}@${host}:${port}/1`,
    );
    expect(await connection.send(['ACL', 'WHOAMI'])).toBe(user);
  });

  it('rejects a wrong password with WRONGPASS, without retrying in a loop or leaking it', async () => {
    const wrong = `not-the-password-${randomUUID()}`;
    const connection = new Connection({ host, port, username: user, password: wrong });
    const reconnects: unknown[] = [];
    connection.on('reconnecting', (event) => reconnects.push(event));
    const connected = await connection.connect().then(
      () => 'connected',
      (error: unknown) => error,
    );
    expect(connected).toBeInstanceOf(ReplyError);
    expect((connected as ReplyError).code).toBe('WRONGPASS');
    const sent = await connection.send(['PING']).catch((error: unknown) => error);
    expect((sent as ReplyError).code).toBe('WRONGPASS');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(reconnects).toEqual([]);
    expect(connection.status).toBe('idle');
    for (const text of [
      String(connected),
      (connected as Error).stack,
      String(sent),
      inspect(connection),
      inspect(connection.describeOptions()),
    ]) {
      expect(text).not.toContain(wrong);
    }
    await connection.close();
  });

  it('does no I/O until the first command', async () => {
    const before = Number(
      /total_connections_received:(\d+)/.exec(
        String(await standalone.command('INFO', 'stats')),
      )?.[1],
    );
    const connection = new Connection({ host, port });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const after = Number(
      /total_connections_received:(\d+)/.exec(
        String(await standalone.command('INFO', 'stats')),
      )?.[1],
    );
    // The harness's own INFO call opens one connection each time.
    expect(after - before).toBeLessThanOrEqual(1);
    expect(connection.status).toBe('idle');
    expect(await connection.send(['PING'])).toBe('PONG');
    expect(connection.status).toBe('ready');
    await connection.close();
  });

  it('rejects connect() with a ConnectionError naming the address when nothing listens', async () => {
    const connection = new Connection({ host: '127.0.0.1', port: 1, reconnect: false });
    await expect(connection.connect()).rejects.toMatchObject({
      name: 'ConnectionError',
      message: expect.stringContaining('127.0.0.1:1'),
    });
    await connection.close();
  });
});
