import { Connection } from '@redwire/connection';
import { RedisServer } from '@redwire/test-harness';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Message } from './message.js';
import { Subscriber } from './subscriber.js';
import type { ResubscribedEvent } from './subscription-link.js';
import {
  clientNamed,
  publisher,
  serverOptions,
  standalone,
  subscriberFor,
  until,
} from './test-helpers/servers.js';

describe.each([2, 3] as const)(
  'CLIENT KILL of the subscriber connection over RESP%i',
  (protocol) => {
    it('comes back subscribed, emits resubscribed, and delivers each message once', async () => {
      const name = `sub-kill-${protocol}`;
      await using sub = subscriberFor(protocol, {
        name,
        reconnect: { minDelay: 10, maxDelay: 50 },
      });
      await using pub = await publisher();
      const got: Message[] = [];
      const events: string[] = [];
      const restored: ResubscribedEvent[] = [];
      sub.on('message', (m) => got.push(m));
      sub.on('reconnecting', () => events.push('reconnecting'));
      sub.on('resubscribed', (event) => {
        events.push('resubscribed');
        restored.push(event);
      });
      await sub.subscribe(['kill:a', 'kill:b']);
      await sub.psubscribe('kill:p:*');
      await sub.ssubscribe('kill:s');
      await pub.send(['PUBLISH', 'kill:a', 'before']);
      await until(() => got.length === 1);

      const victim = await clientNamed(name);
      expect(victim?.flags).toBe('P'); // in pub/sub mode on the server
      await standalone().command('CLIENT', 'KILL', 'ID', String(victim?.id));
      await until(() => events.includes('resubscribed'));
      expect(events).toEqual(['reconnecting', 'resubscribed']);
      expect(restored).toEqual([{ channels: 2, patterns: 1, shards: 1 }]);
      const revived = await clientNamed(name);
      expect(revived?.id).not.toBe(victim?.id);
      expect(revived?.sub).toBe('2');
      expect(revived?.psub).toBe('1');

      await pub.send(['PUBLISH', 'kill:a', 'after-a']);
      await pub.send(['PUBLISH', 'kill:b', 'after-b']);
      await pub.send(['PUBLISH', 'kill:p:x', 'after-p']);
      await pub.send(['SPUBLISH', 'kill:s', 'after-s']);
      await pub.send(['PUBLISH', 'kill:a', 'last']);
      await until(() => got.some((m) => m.message === 'last'));
      // Nothing twice: a resubscription never doubles a server-side subscription.
      expect(got.map((m) => m.message)).toEqual([
        'before',
        'after-a',
        'after-b',
        'after-p',
        'after-s',
        'last',
      ]);
    });
  },
);

describe('a Buffer subscriber over RESP2 after CLIENT KILL', () => {
  it('re-runs the handshake (read as Buffers, given back as strings) and delivers bytes again', async () => {
    const name = 'sub-kill-bytes';
    const connection = new Connection(
      serverOptions({ protocol: 2, name, db: 3, reconnect: { minDelay: 10, maxDelay: 50 } }),
    );
    await using sub = new Subscriber<Buffer>(connection, { returnBuffers: true });
    await using pub = await publisher();
    const got: Buffer[] = [];
    const channel = Buffer.from([0x62, 0x00, 0xff]);
    await sub.subscribe(channel, (m) => got.push(m.message));
    const restored = new Promise((resolve) => sub.once('resubscribed', resolve));
    await standalone().command('CLIENT', 'KILL', 'ID', String((await clientNamed(name))?.id));
    await restored;
    expect((await clientNamed(name))?.db).toBe('3');
    await pub.send(['PUBLISH', channel, Buffer.from([0xc3, 0x28])]);
    await until(() => got.length === 1);
    expect(got[0]?.equals(Buffer.from([0xc3, 0x28]))).toBe(true);
  });
});

describe('a subscribe written just before the server died', () => {
  let server: RedisServer;
  beforeAll(async () => {
    server = await RedisServer.start({ label: 'pubsub-restart' });
  });
  afterAll(async () => {
    await server.stop();
  });

  it('resolves once the subscription is restored on the server that came back', async () => {
    const options = {
      host: server.host,
      port: server.port,
      reconnect: { minDelay: 20, maxDelay: 100 },
    };
    await using sub = new Subscriber(new Connection(options));
    await sub.subscribe('restart:first');
    const events: string[] = [];
    sub.on('reconnecting', () => events.push('reconnecting'));
    sub.on('resubscribed', () => events.push('resubscribed'));
    // Stopped, the server reads nothing: the SUBSCRIBE is written and never confirmed.
    await server.pause();
    let settled = false;
    const pending = sub.subscribe('restart:second').finally(() => {
      settled = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    await server.kill();
    await until(() => events.includes('reconnecting'));
    expect(settled).toBe(false);
    await server.restart();
    await pending;
    expect(events.at(-1)).toBe('resubscribed');
    const reply = (await server.command(
      'PUBSUB',
      'NUMSUB',
      'restart:first',
      'restart:second',
    )) as unknown[];
    expect(reply.map(String)).toEqual(['restart:first', '1', 'restart:second', '1']);
  });
});
