import { describe, expect, it } from 'vitest';
import { createClient } from '../create-client.js';
import { ClientSideCacheError } from '../errors.js';

/** Port 1: nothing listens there, and nothing here connects. */
const url = 'redis://127.0.0.1:1';

describe('createClient with clientSideCache', () => {
  it('refuses RESP2 at construction with ClientSideCacheError', () => {
    expect(() => createClient({ url, protocol: 2, clientSideCache: true })).toThrow(
      ClientSideCacheError,
    );
    expect(() => createClient(`${url}?protocol=2`, { clientSideCache: {} })).toThrow(
      expect.objectContaining({ code: 'REDWIRE_CLIENT_SIDE_CACHE_RESP2' }),
    );
  });

  it('has no cache unless asked for one', () => {
    const plain = createClient(url);
    const cached = createClient(url, { clientSideCache: true });
    expect(plain.clientSideCache).toBeUndefined();
    expect(cached.clientSideCache?.stats).toMatchObject({ hits: 0, entries: 0 });
    plain.destroy();
    cached.destroy();
  });

  it('gives a duplicate a cache of its own', () => {
    const cached = createClient(url, { clientSideCache: true });
    const copy = cached.duplicate();
    expect(copy.clientSideCache).toBeDefined();
    expect(copy.clientSideCache).not.toBe(cached.clientSideCache);
    cached.destroy();
    copy.destroy();
  });

  it('refuses an unknown key inside clientSideCache', () => {
    expect(() => createClient(url, { clientSideCache: { max: 1 } as never })).toThrow(
      /unknown option `clientSideCache\.max`/,
    );
  });
});
