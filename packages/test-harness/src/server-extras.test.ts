import { describe, expect, it } from 'vitest';
import {
  extraServerArgs,
  portArgs,
  resolveExtras,
  type ServerExtras,
  serverTlsFiles,
} from './server-extras.js';
import type { TlsMaterial } from './tls-certs.js';

const plain = resolveExtras({}, false);
const material = { dir: '/tmp/redwire-tls-1-x' } as TlsMaterial;

describe('resolveExtras', () => {
  it('fills in a plain server', () => {
    expect(plain).toEqual({
      requirePass: null,
      aclUsers: [],
      unixSocket: false,
      tls: null,
      extraArgs: [],
    });
  });

  it('rejects an empty password, the default user and names with spaces', () => {
    expect(() => resolveExtras({ requirePass: '' }, false)).toThrow(TypeError);
    const user = (name: string) => resolveExtras({ aclUsers: [{ name, password: 'p' }] }, false);
    expect(() => user('default')).toThrow(/requirePass/);
    expect(() => user('a b')).toThrow(TypeError);
    expect(() => user('')).toThrow(TypeError);
  });

  it('keeps TLS and passwords off cluster nodes, which the cluster tooling reaches in plain TCP', () => {
    expect(() => resolveExtras({ tls: true }, true)).toThrow(/standalone/);
    expect(() => resolveExtras({ requirePass: 'p' }, true)).toThrow(/standalone/);
    expect(resolveExtras({ unixSocket: true, extraArgs: ['--maxclients', '50'] }, true)).toEqual({
      ...plain,
      unixSocket: true,
      extraArgs: ['--maxclients', '50'],
    });
  });
});

describe('portArgs', () => {
  it('listens in plain TCP, or with TLS only on the same port', () => {
    expect(portArgs(15000, plain)).toEqual(['--port', '15000']);
    expect(portArgs(15000, { ...plain, tls: material })).toEqual([
      ...['--port', '0', '--tls-port', '15000'],
    ]);
  });
});

describe('extraServerArgs', () => {
  it('adds nothing for a plain server', () => {
    expect(extraServerArgs('/d', plain)).toEqual([]);
  });

  it('turns each option into redis-server arguments, extra arguments last', () => {
    const extras: ServerExtras = {
      requirePass: 'pw',
      aclUsers: [
        { name: 'alice', password: 'secret' },
        { name: 'bob', password: 'two words', rules: ' ~app:*  +get -@dangerous ' },
      ],
      unixSocket: true,
      tls: material,
      extraArgs: ['--maxclients', '50'],
    };
    const tls = serverTlsFiles('/d');
    expect(extraServerArgs('/d', extras)).toEqual([
      ...['--requirepass', 'pw'],
      ...['--user', 'alice', 'on', '>secret', '~*', '&*', '+@all'],
      ...['--user', 'bob', 'on', '>two words', '~app:*', '+get', '-@dangerous'],
      ...['--unixsocket', '/d/redis.sock', '--unixsocketperm', '700'],
      ...['--tls-cert-file', tls.cert, '--tls-key-file', tls.key],
      ...['--tls-ca-cert-file', tls.ca, '--tls-auth-clients', 'optional'],
      ...['--maxclients', '50'],
    ]);
  });

  it('keeps the TLS files inside the server directory, so they go when it stops', () => {
    for (const path of Object.values(serverTlsFiles('/tmp/redwire-test-x'))) {
      expect(path.startsWith('/tmp/redwire-test-x/')).toBe(true);
    }
  });
});
