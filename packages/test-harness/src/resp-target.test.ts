import { describe, expect, it } from 'vitest';
import { authArgs, formatTarget } from './resp-target.js';

describe('formatTarget', () => {
  it('names TCP, TLS and unix socket targets', () => {
    expect(formatTarget({ host: '127.0.0.1', port: 15000 })).toBe('127.0.0.1:15000');
    expect(formatTarget({ host: '::1', port: 15000, tls: {} })).toBe('[::1]:15000 (tls)');
    expect(formatTarget({ path: '/tmp/redwire-test-x/redis.sock' })).toBe(
      '/tmp/redwire-test-x/redis.sock',
    );
  });
});

describe('authArgs', () => {
  it('logs in as the default user with one argument, as an ACL user with two', () => {
    expect(authArgs({ password: 'pw' })).toEqual(['AUTH', 'pw']);
    expect(authArgs({ username: 'alice', password: 'pw' })).toEqual(['AUTH', 'alice', 'pw']);
  });
});
