import { describe, expect, it, vi } from 'vitest';
import { CONNECTION_DEFAULTS, resolveConnectionOptions } from './options.js';

describe('resolveConnectionOptions', () => {
  it('fills every field with its default when nothing is given', () => {
    const options = resolveConnectionOptions();
    expect(options).toMatchObject({
      host: 'localhost',
      port: 6379,
      path: undefined,
      tls: undefined,
      username: undefined,
      password: undefined,
      db: 0,
      name: undefined,
      protocol: 3,
      readOnly: false,
      connectTimeout: 10_000,
      commandTimeout: 5_000,
      blockingTimeoutMargin: 1_000,
      pingInterval: false,
      maxOfflineCommands: 1_000,
      maxPendingCommands: 100_000,
      maxWriteBytes: 1_048_576,
      maxArgumentBytes: 536_870_912,
      keepAlive: 30_000,
      noDelay: true,
    });
    expect(typeof options.reconnect).toBe('function');
  });

  it('keeps the defaults in CONNECTION_DEFAULTS, frozen', () => {
    expect(CONNECTION_DEFAULTS.port).toBe(6379);
    expect(CONNECTION_DEFAULTS.reconnect).toEqual({
      minDelay: 50,
      maxDelay: 2_000,
      maxAttempts: Infinity,
    });
    expect(Object.isFrozen(CONNECTION_DEFAULTS)).toBe(true);
    expect(Object.isFrozen(CONNECTION_DEFAULTS.reconnect)).toBe(true);
  });

  it('returns frozen options, TLS settings included', () => {
    const options = resolveConnectionOptions({ tls: { servername: 'cache' } });
    expect(Object.isFrozen(options)).toBe(true);
    expect(Object.isFrozen(options.tls)).toBe(true);
  });

  it('lets overrides win over the URL or options, field by field', () => {
    const overUrl = resolveConnectionOptions('redis://app:s3cret@cache:6380/2?name=from-url', {
      port: 7000,
      db: 5,
    });
    expect(overUrl).toMatchObject({ host: 'cache', port: 7000, db: 5, name: 'from-url' });
    expect(overUrl).toMatchObject({ username: 'app', password: 's3cret' });
    const overOptions = resolveConnectionOptions({ host: 'a', port: 7000, db: 1 }, { db: 9 });
    expect(overOptions).toMatchObject({ host: 'a', port: 7000, db: 9 });
  });

  it('treats undefined fields as not given', () => {
    const options = resolveConnectionOptions('redis://cache:6380/2', {
      host: undefined,
      port: undefined,
      db: undefined,
    });
    expect(options).toMatchObject({ host: 'cache', port: 6380, db: 2 });
  });

  it('merges tls: true from rediss:// with explicit TLS settings', () => {
    const options = resolveConnectionOptions('rediss://cache', {
      tls: { ca: 'ca-pem', rejectUnauthorized: false },
    });
    expect(options.tls).toEqual({ ca: 'ca-pem', rejectUnauthorized: false });
    expect(resolveConnectionOptions({ tls: { ca: 'x' } }, { tls: true }).tls).toEqual({ ca: 'x' });
    expect(
      resolveConnectionOptions({ tls: { ca: 'x' } }, { tls: { servername: 'y' } }).tls,
    ).toEqual({ ca: 'x', servername: 'y' });
  });

  it('turns tls: true into empty settings and a later tls: false into none', () => {
    expect(resolveConnectionOptions({ tls: true }).tls).toEqual({});
    expect(resolveConnectionOptions('rediss://cache', { tls: false }).tls).toBeUndefined();
  });

  it('keeps a unix socket path from the URL over host and port', () => {
    const options = resolveConnectionOptions('unix:///tmp/redis.sock?db=1');
    expect(options).toMatchObject({ path: '/tmp/redis.sock', db: 1, host: 'localhost' });
  });

  it('resolves reconnect settings, a function or false into a strategy', () => {
    expect(resolveConnectionOptions({ reconnect: false }).reconnect).toBe(false);
    const user = vi.fn(() => 42);
    const options = resolveConnectionOptions({ reconnect: user });
    expect(options.reconnect !== false && options.reconnect(1, new Error('x'))).toBe(42);
    const capped = resolveConnectionOptions({ reconnect: { minDelay: 10, maxDelay: 10 } });
    const delay = capped.reconnect !== false ? capped.reconnect(9, new Error('x')) : false;
    expect(delay).toBeGreaterThanOrEqual(5);
    expect(delay).toBeLessThanOrEqual(10);
  });

  it('accepts the edge values of each range', () => {
    const options = resolveConnectionOptions({
      port: 65_535,
      db: 0,
      protocol: 2,
      commandTimeout: 0,
      connectTimeout: 0,
      blockingTimeoutMargin: 0,
      pingInterval: 1,
      keepAlive: false,
      maxOfflineCommands: 1,
      maxPendingCommands: 1,
      maxWriteBytes: 1,
      maxArgumentBytes: 1,
    });
    expect(options).toMatchObject({ port: 65_535, protocol: 2, pingInterval: 1, keepAlive: false });
  });

  it('refuses a field it does not know, naming it and the nearest known one', () => {
    expect(() => resolveConnectionOptions({ hots: 'cache' } as never)).toThrow(
      expect.objectContaining({
        name: 'UnknownOptionError',
        code: 'REDWIRE_UNKNOWN_OPTION',
        option: 'hots',
        suggestion: 'host',
        message: 'resolveConnectionOptions(): unknown option `hots` (did you mean `host`?)',
      }),
    );
  });

  it('refuses an unknown field of the reconnect object, with its path', () => {
    expect(() => resolveConnectionOptions({ reconnect: { maxDelya: 5 } } as never)).toThrow(
      'resolveConnectionOptions(): unknown option `reconnect.maxDelya` (did you mean `reconnect.maxDelay`?)',
    );
  });

  it('refuses a __proto__ key from parsed JSON instead of reading through it', () => {
    const input = JSON.parse('{"__proto__": {"port": 1234}, "host": "cache"}') as object;
    expect(() => resolveConnectionOptions(input)).toThrow('unknown option `__proto__`');
  });

  it('reads a url field as a source just before the fields beside it, which win', () => {
    const options = resolveConnectionOptions({
      url: 'rediss://app:secret@cache:7400/3',
      password: 'other',
    });
    expect(options).toMatchObject({
      host: 'cache',
      port: 7400,
      db: 3,
      username: 'app',
      password: 'other',
      tls: {},
    });
    const overridden = resolveConnectionOptions('redis://a:1/1', { url: 'redis://b:2', db: 4 });
    expect(overridden).toMatchObject({ host: 'b', port: 2, db: 4 });
  });

  it('says which field holds a url that is not a string', () => {
    expect(() => resolveConnectionOptions({ url: 42 } as never)).toThrow(
      'url must be a string, got number',
    );
  });
});

describe('resolveConnectionOptions: invalid options', () => {
  it.each([
    [{ host: 42 }, TypeError, 'host must be a string, got number'],
    [{ host: '' }, RangeError, 'host must not be empty'],
    [{ port: '6379' }, TypeError, 'port must be a number, got string'],
    [{ port: 0 }, RangeError, 'port must be a whole number from 1 to 65535, got 0'],
    [{ port: 65_536 }, RangeError, 'port'],
    [{ port: 6379.5 }, RangeError, 'port'],
    [{ path: '' }, RangeError, 'path must not be empty'],
    [{ tls: 'yes' }, TypeError, 'tls must be a boolean or an object, got string'],
    [{ username: 1 }, TypeError, 'username must be a string'],
    [{ db: -1 }, RangeError, 'db must be a whole number from 0'],
    [{ db: 1.5 }, RangeError, 'db'],
    [{ name: 'my worker' }, RangeError, 'name must be printable ASCII without spaces'],
    [{ name: '' }, RangeError, 'name must not be empty'],
    [{ protocol: 4 }, RangeError, 'protocol must be a whole number from 2 to 3, got 4'],
    [{ protocol: '3' }, TypeError, 'protocol must be a number, got string'],
    [{ readOnly: 'true' }, TypeError, 'readOnly must be a boolean'],
    [{ noDelay: 1 }, TypeError, 'noDelay must be a boolean'],
    [{ connectTimeout: -1 }, RangeError, 'connectTimeout must be from 0'],
    [{ commandTimeout: Number.POSITIVE_INFINITY }, RangeError, 'commandTimeout'],
    [{ commandTimeout: Number.NaN }, RangeError, 'commandTimeout'],
    [{ commandTimeout: 2 ** 31 }, RangeError, 'commandTimeout must be from 0 to 2147483647'],
    [{ blockingTimeoutMargin: '1s' }, TypeError, 'blockingTimeoutMargin must be a number'],
    [{ pingInterval: 0 }, RangeError, 'pingInterval must be from 1'],
    [{ pingInterval: true }, TypeError, 'pingInterval must be false or a number'],
    [{ keepAlive: true }, TypeError, 'keepAlive must be false or a number'],
    [{ keepAlive: -5 }, RangeError, 'keepAlive'],
    [{ reconnect: true }, TypeError, 'reconnect must be false, an options object or a function'],
    [{ reconnect: { maxDelay: -1 } }, RangeError, 'reconnect.maxDelay'],
    [{ maxOfflineCommands: 0 }, RangeError, 'maxOfflineCommands must be a whole number from 1'],
    [{ maxPendingCommands: 10.5 }, RangeError, 'maxPendingCommands'],
    [{ maxWriteBytes: Number.POSITIVE_INFINITY }, RangeError, 'maxWriteBytes'],
    [{ maxWriteBytes: '1mb' }, TypeError, 'maxWriteBytes must be a number'],
    [{ maxArgumentBytes: 0 }, RangeError, 'maxArgumentBytes must be a whole number from 1'],
  ])('rejects %o with a %o naming the option', (input, kind, message) => {
    expect(() => resolveConnectionOptions(input as never)).toThrow(kind);
    expect(() => resolveConnectionOptions(input as never)).toThrow(message);
  });

  it('checks overrides as strictly as options', () => {
    expect(() => resolveConnectionOptions('redis://cache', { port: -1 })).toThrow(RangeError);
    expect(() => resolveConnectionOptions({}, 'redis://x' as never)).toThrow(
      'overrides must be an object',
    );
  });

  it('rejects a first argument that is neither a URL nor an object', () => {
    expect(() => resolveConnectionOptions(6379 as never)).toThrow(
      'options must be an object or a URL string, got number',
    );
    expect(() => resolveConnectionOptions(null as never)).toThrow(TypeError);
  });

  it('passes URL errors through with the password masked', () => {
    expect(() => resolveConnectionOptions('redis://u:hunter2@cache:0')).toThrow(
      'redis://u:***@cache:0',
    );
  });

  it('never quotes a password of the wrong type', () => {
    expect(() => resolveConnectionOptions({ password: 12345678 as never })).toThrow(
      'password must be a string, got number',
    );
    try {
      resolveConnectionOptions({ password: 12345678 as never });
    } catch (error) {
      expect((error as Error).message).not.toContain('12345678');
    }
  });
});
