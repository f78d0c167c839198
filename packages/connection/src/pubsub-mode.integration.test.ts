import type { PushFrame } from '@redwire/protocol';
import { ReplyError } from '@redwire/protocol';
import { getTestServers } from '@redwire/test-harness';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Connection } from './connection.js';

const server = getTestServers().standalone;
const { host, port } = server.address;

describe.each([2, 3] as const)('a connection in pub/sub mode over RESP%i', (protocol) => {
  it('resolves SUBSCRIBE-family commands with their confirmations, replies staying aligned', async () => {
    await using connection = new Connection({ host, port, protocol });
    connection.usePubSub();
    const pushes: PushFrame[] = [];
    connection.on('push', (frame) => pushes.push(frame));
    // One write: PING, SUBSCRIBE (two confirmations), PING, PSUBSCRIBE, UNSUBSCRIBE.
    const [before, subscribed, during, patterns, left] = await Promise.all([
      connection.send(['PING', 'before']),
      connection.sendPubSub(['SUBSCRIBE', 'mode:a', 'mode:b']),
      connection.send(['PING']),
      connection.sendPubSub(['PSUBSCRIBE', 'mode:*']),
      connection.sendPubSub(['UNSUBSCRIBE', 'mode:a', 'mode:never']),
    ]);
    expect(before).toBe('before');
    expect(subscribed).toEqual([
      ['subscribe', 'mode:a', 1],
      ['subscribe', 'mode:b', 2],
    ]);
    // A PING in RESP2 subscribe mode is answered with an array; RESP3 keeps +PONG.
    expect(during).toEqual(protocol === 2 ? ['pong', ''] : 'PONG');
    expect(patterns).toEqual([['psubscribe', 'mode:*', 3]]);
    expect(left).toEqual([
      ['unsubscribe', 'mode:a', 2],
      ['unsubscribe', 'mode:never', 2],
    ]);
    await server.command('PUBLISH', 'mode:b', 'hello');
    await expect.poll(() => pushes.length).toBe(7);
    expect(pushes.slice(5)).toEqual([
      ['message', 'mode:b', 'hello'],
      ['pmessage', 'mode:*', 'mode:b', 'hello'],
    ]);
    expect(connection.pendingCommands).toBe(0);
  });

  it('carries Buffers in pub/sub frames with buffers: true, and strings in other replies', async () => {
    await using connection = new Connection({ host, port, protocol });
    connection.usePubSub({ buffers: true });
    const pushes: PushFrame[] = [];
    connection.on('push', (frame) => pushes.push(frame));
    await connection.sendPubSub(['SUBSCRIBE', 'mode:bytes']);
    await server.command('PUBLISH', 'mode:bytes', '\u00ff');
    await expect.poll(() => pushes.length).toBe(2);
    expect(pushes[1]).toEqual([
      Buffer.from('message'),
      Buffer.from('mode:bytes'),
      Buffer.from('\u00ff'),
    ]);
    expect(await connection.send(['PING', 'text'])).toEqual(
      protocol === 2 ? ['pong', 'text'] : 'text',
    );
  });
});

describe('a refused subscription', () => {
  const user = `pubsub-limited-${process.pid}`;
  beforeAll(async () => {
    await server.command(
      'ACL',
      'SETUSER',
      user,
      'on',
      '>secret',
      'resetchannels',
      '&allowed:*',
      '+@all',
    );
  });
  afterAll(async () => {
    await server.command('ACL', 'DELUSER', user);
  });

  it.each([2, 3] as const)(
    'rejects with the server error over RESP%i and the next reply still lines up',
    async (protocol) => {
      await using connection = new Connection({
        host,
        port,
        protocol,
        username: user,
        password: 'secret',
      });
      connection.usePubSub();
      const refused = connection.sendPubSub(['SUBSCRIBE', 'forbidden']).catch((e: unknown) => e);
      const allowed = connection.sendPubSub(['SUBSCRIBE', 'allowed:1']);
      const ping = connection.send(['PING']);
      const error = await refused;
      expect(error).toBeInstanceOf(ReplyError);
      expect(error).toMatchObject({ code: 'NOPERM' });
      expect(await allowed).toEqual([['subscribe', 'allowed:1', 1]]);
      expect(await ping).toEqual(protocol === 2 ? ['pong', ''] : 'PONG');
    },
  );
});

describe('pub/sub mode misuse', () => {
  it('sendPubSub needs usePubSub, which must come before the connection opens', async () => {
    await using connection = new Connection({ host, port });
    await expect(connection.sendPubSub(['SUBSCRIBE', 'x'])).rejects.toThrow(/usePubSub/);
    await connection.connect();
    expect(() => connection.usePubSub()).toThrow(/after opening/);
  });

  it('sendPubSub refuses other commands without sending them', async () => {
    await using connection = new Connection({ host, port });
    connection.usePubSub();
    await expect(connection.sendPubSub(['GET', 'k'])).rejects.toBeInstanceOf(TypeError);
    await expect(connection.sendPubSub(['UNSUBSCRIBE'])).rejects.toThrow(/at least one name/);
    expect(connection.status).toBe('idle');
  });
});
