import { ReplyError } from '@redwire/protocol';
import { describe, expect, it } from 'vitest';
import { SubscriberModeError } from './errors.js';
import { subscriberFor } from './test-helpers/servers.js';

describe('ordinary commands on the subscriber connection', () => {
  it('over RESP2, are refused with SubscriberModeError; PING still works while subscribed', async () => {
    await using sub = subscriberFor(2);
    await sub.subscribe('mode:2');
    const error = await sub.sendCommand(['GET', 'k']).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SubscriberModeError);
    expect(error).toMatchObject({ code: 'REDWIRE_SUBSCRIBER_MODE', command: 'GET' });
    expect((error as Error).message).toMatch(/RESP2.*PING/);
    // In RESP2 subscribe mode the server answers PING with ['pong', ''].
    expect(await sub.sendCommand(['PING'])).toEqual(['pong', '']);
    await sub.ping();
    expect(sub.subscribed()).toEqual(['mode:2']);
  });

  it('over RESP3, run beside the subscriptions', async () => {
    await using sub = subscriberFor(3);
    await sub.subscribe('mode:3');
    expect(await sub.sendCommand(['ECHO', 'still here'])).toBe('still here');
    expect(await sub.sendCommand(['PING'])).toBe('PONG');
    await expect(
      sub.sendCommand(['INCR', 'mode:3:not-a-number:x', 'extra']),
    ).rejects.toBeInstanceOf(ReplyError);
  });

  it.each([2, 3] as const)(
    'that would change the subscriptions or the protocol are refused over RESP%i',
    async (protocol) => {
      await using sub = subscriberFor(protocol);
      for (const command of [['SUBSCRIBE', 'x'], ['reset'], ['HELLO', '2'], ['QUIT']]) {
        await expect(sub.sendCommand(command)).rejects.toBeInstanceOf(SubscriberModeError);
      }
      expect(sub.status).toBe('idle');
    },
  );
});
