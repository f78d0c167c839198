import { getTestServers } from '@redwire/test-harness';
import { describe, expect, it } from 'vitest';
import { createClient } from './create-client.js';

const { host, port } = getTestServers().standalone.address;

describe('duplicate()', () => {
  it('makes an independent client with the same options, overrides winning', async () => {
    await using redis = createClient(`redis://${host}:${port}/1`, { name: 'original' });
    await using copy = redis.duplicate();
    await using other = redis.duplicate({ db: 2, name: 'reports' });
    expect(copy.status).toBe('idle');

    const [id, copyId, otherId] = await Promise.all(
      [redis, copy, other].map((client) => client.sendCommand(['CLIENT', 'ID'])),
    );
    expect(new Set([id, copyId, otherId]).size).toBe(3);
    expect(await copy.sendCommand(['CLIENT', 'GETNAME'])).toBe('original');
    expect(await other.sendCommand(['CLIENT', 'GETNAME'])).toBe('reports');

    // db 1 from the URL carries over; the override selects db 2.
    await redis.set('duplicate:db', 'one');
    await other.set('duplicate:db', 'two');
    expect(await copy.get('duplicate:db')).toBe('one');
    expect(await other.get('duplicate:db')).toBe('two');
    await Promise.all([redis.del('duplicate:db'), other.del('duplicate:db')]);
  });

  it('is closed on its own: closing the original leaves the copy working', async () => {
    const redis = createClient({ host, port });
    await using copy = redis.duplicate();
    await redis.sendCommand(['PING']);
    await redis.close();
    expect(redis.status).toBe('closed');
    expect(await copy.sendCommand(['PING'])).toBe('PONG');
  });

  it('keeps the reply form of the view it was made from', async () => {
    await using redis = createClient({ host, port });
    await using copy = redis.withBuffers().duplicate();
    await redis.set('duplicate:buffers', 'bytes');
    expect(await copy.get('duplicate:buffers')).toEqual(Buffer.from('bytes'));
    await redis.del('duplicate:buffers');
  });

  it('refuses an invalid override before opening anything', () => {
    const redis = createClient({ host, port });
    expect(() => redis.duplicate({ db: -1 })).toThrow(RangeError);
    expect(redis.status).toBe('idle');
  });
});
