import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { resolveConnectionOptions } from './options.js';
import { describeAddress, redactOptions, redactUrl } from './redact.js';

describe('redactUrl', () => {
  it.each([
    ['redis://app:hunter2@cache:6379/1', 'redis://app:***@cache:6379/1'],
    ['redis://:hunter2@cache', 'redis://:***@cache'],
    ['rediss://app:hunter2@[::1]:6380?name=w', 'rediss://app:***@[::1]:6380?name=w'],
    ['unix://app:hunter2@/tmp/redis.sock', 'unix://app:***@/tmp/redis.sock'],
    ['redis://app:hunt@r2@cache', 'redis://app:***@cache'],
    ['redis://app:hunt/er2@cache/2', 'redis://app:***@cache/2'],
    ['redis://app:hunt?er2@cache', 'redis://app:***@cache'],
    ['redis://app:hunt#er2@cache', 'redis://app:***@cache'],
    ['redis://cache?password=hunter2&db=1', 'redis://cache?password=***&db=1'],
  ])('masks the password of %s', (url, expected) => {
    expect(redactUrl(url)).toBe(expected);
    expect(redactUrl(url)).not.toContain('hunt');
  });

  it.each([
    'redis://cache:6379/1',
    'redis://app@cache:6379',
    'redis://app:@cache',
    'unix:///tmp/redis.sock?db=1',
    'redis://cache/0?name=me@work',
    'not a url',
  ])('leaves %s without a password unchanged', (url) => {
    expect(redactUrl(url)).toBe(url);
  });
});

describe('describeAddress', () => {
  it('joins host and port, brackets an IPv6 host, and prefers a socket path', () => {
    expect(describeAddress({ host: 'cache', port: 6379 })).toBe('cache:6379');
    expect(describeAddress({ host: '::1', port: 6379 })).toBe('[::1]:6379');
    expect(describeAddress({ host: 'cache', port: 6379, path: '/tmp/r.sock' })).toBe('/tmp/r.sock');
  });
});

describe('redactOptions', () => {
  const options = resolveConnectionOptions('rediss://app:hunter2@cache:6380', {
    tls: { key: 'hunter2-key', passphrase: 'hunter2-pass', pfx: 'hunter2-pfx', ca: 'public-ca' },
  });

  it('masks the password and the TLS secrets and keeps everything else', () => {
    const redacted = redactOptions(options);
    expect(redacted).toMatchObject({
      host: 'cache',
      port: 6380,
      username: 'app',
      password: '***',
      tls: { key: '***', passphrase: '***', pfx: '***', ca: 'public-ca' },
    });
    expect(options.password).toBe('hunter2');
  });

  it('leaves no secret in util.inspect or JSON of the redacted copy', () => {
    const redacted = redactOptions(options);
    expect(inspect(redacted, { depth: 10 })).not.toContain('hunter2');
    expect(JSON.stringify(redacted)).not.toContain('hunter2');
  });

  it('leaves no secret in util.inspect or JSON of the resolved options themselves', () => {
    expect(inspect(options, { depth: 10 })).not.toContain('hunter2');
    expect(inspect(options)).toContain("password: '***'");
    expect(JSON.stringify(options)).not.toContain('hunter2');
  });

  it('leaves unset secrets undefined', () => {
    const redacted = redactOptions(resolveConnectionOptions({ tls: true }));
    expect(redacted.password).toBeUndefined();
    expect(redacted.tls).toEqual({});
    expect(redactOptions(resolveConnectionOptions()).tls).toBeUndefined();
  });
});
