import { describe, expect, it } from 'vitest';
import { parseRedisUrl } from './url.js';

describe('parseRedisUrl', () => {
  it('reads user, password, host, port and db from a redis:// URL', () => {
    expect(parseRedisUrl('redis://app:s3cret@cache.internal:6380/2')).toEqual({
      username: 'app',
      password: 's3cret',
      host: 'cache.internal',
      port: 6380,
      db: 2,
    });
  });

  it('returns only what the URL states, leaving defaults to the resolver', () => {
    expect(parseRedisUrl('redis://cache')).toEqual({ host: 'cache' });
    expect(parseRedisUrl('redis://cache/')).toEqual({ host: 'cache' });
    expect(parseRedisUrl('redis://')).toEqual({});
  });

  it('turns on TLS for rediss://', () => {
    expect(parseRedisUrl('rediss://cache:6380')).toEqual({ tls: true, host: 'cache', port: 6380 });
  });

  it('reads a password without a user name', () => {
    expect(parseRedisUrl('redis://:s3cret@cache')).toEqual({ password: 's3cret', host: 'cache' });
  });

  it('reads a user name without a password', () => {
    expect(parseRedisUrl('redis://app@cache')).toEqual({ username: 'app', host: 'cache' });
  });

  it('percent-decodes the user name and password', () => {
    expect(parseRedisUrl('redis://us%3Aer:p%40ss%2Fw%3Ard@cache')).toMatchObject({
      username: 'us:er',
      password: 'p@ss/w:rd',
    });
  });

  it('strips the brackets of an IPv6 host', () => {
    expect(parseRedisUrl('redis://[::1]:6380')).toEqual({ host: '::1', port: 6380 });
    expect(parseRedisUrl('redis://[fe80::1]')).toEqual({ host: 'fe80::1' });
  });

  it('reads db, protocol and name from the query', () => {
    expect(parseRedisUrl('redis://cache?db=3&protocol=2&name=worker-1')).toEqual({
      host: 'cache',
      db: 3,
      protocol: 2,
      name: 'worker-1',
    });
    expect(parseRedisUrl('redis://cache/?protocol=3').protocol).toBe(3);
  });

  it('accepts db in both the path and the query when they agree', () => {
    expect(parseRedisUrl('redis://cache/4?db=4').db).toBe(4);
  });

  it('reads the socket path of unix:// and redis+unix:// URLs', () => {
    expect(parseRedisUrl('unix:///tmp/redis.sock')).toEqual({ path: '/tmp/redis.sock' });
    expect(parseRedisUrl('redis+unix:///var/run/redis/redis.sock?db=1')).toEqual({
      path: '/var/run/redis/redis.sock',
      db: 1,
    });
    expect(parseRedisUrl('unix:///tmp/redis.sock?db=1&name=w')).toEqual({
      path: '/tmp/redis.sock',
      db: 1,
      name: 'w',
    });
  });

  it('reads credentials and a percent-encoded path from a unix:// URL', () => {
    expect(parseRedisUrl('unix://app:p%40ss@/tmp/my%20redis.sock')).toEqual({
      username: 'app',
      password: 'p@ss',
      path: '/tmp/my redis.sock',
    });
    expect(parseRedisUrl('unix://:s3cret@/tmp/redis.sock')).toEqual({
      password: 's3cret',
      path: '/tmp/redis.sock',
    });
  });

  it('accepts the scheme in any case', () => {
    expect(parseRedisUrl('REDISS://cache')).toEqual({ tls: true, host: 'cache' });
  });
});

describe('parseRedisUrl: bad URLs', () => {
  it.each([
    ['http://cache:6379', TypeError, 'expected a redis://'],
    ['cache:6379', TypeError, 'expected a redis://'],
    ['redis:cache', TypeError, 'expected a redis://'],
    ['redis://cache:0', RangeError, 'port must be from 1 to 65535'],
    ['redis://cache:65536', RangeError, 'port must be from 1 to 65535'],
    ['redis://[::1]:70000', RangeError, 'port must be from 1 to 65535'],
    ['redis://cache:abc', TypeError, 'port must be a number'],
    ['redis://cache/x', TypeError, 'path must be a database number'],
    ['redis://cache/1/2', TypeError, 'path must be a database number'],
    ['redis://cache?db=two', TypeError, 'db parameter must be a whole number'],
    ['redis://cache?db=-1', TypeError, 'db parameter must be a whole number'],
    ['redis://cache/1?db=2', TypeError, 'the path selects db 1 but the query db 2'],
    ['redis://cache?protocol=4', RangeError, 'protocol parameter must be 2 or 3'],
    ['redis://cache?timeout=5', TypeError, 'unknown query parameter "timeout"'],
    ['redis://cache?db=1&db=2', TypeError, '"db" is given more than once'],
    ['redis://a b', TypeError, 'not a valid URL'],
    ['unix://cache/tmp/redis.sock', TypeError, 'takes no host'],
    ['unix://', TypeError, 'takes no host'],
    ['unix:///tmp/redis.sock?tls=1', TypeError, 'unknown query parameter "tls"'],
  ])('rejects %s with a %o', (url, kind, message) => {
    expect(() => parseRedisUrl(url)).toThrow(kind);
    expect(() => parseRedisUrl(url)).toThrow(message);
  });

  it.each([
    ['unknown scheme', 'memcached://u:hunter2@cache'],
    ['bad port', 'redis://u:hunter2@cache:99999'],
    ['port 0', 'redis://u:hunter2@cache:0'],
    ['unknown parameter', 'redis://u:hunter2@cache?ttl=1'],
    ['bad db', 'redis://:hunter2@cache/db1'],
    ['bad percent-encoding', 'redis://u:hunter2%zz@cache'],
    ['unencoded slash', 'redis://u:hun/ter2@cache'],
    ['unencoded hash', 'redis://u:hunter2#@cache'],
    ['unix with host', 'unix://u:hunter2@cache/tmp/redis.sock'],
    ['unix bad db', 'unix://u:hunter2@/tmp/redis.sock?db=x'],
    ['password in the query', 'redis://cache?password=hunter2'],
  ])('keeps the password out of the message for a %s', (_, url) => {
    let message = '';
    try {
      parseRedisUrl(url);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('invalid Redis URL');
    expect(message).not.toContain('hunter');
    expect(message).toContain('***');
  });

  it('rejects a value that is not a string', () => {
    expect(() => parseRedisUrl(6379 as never)).toThrow(TypeError);
  });
});
