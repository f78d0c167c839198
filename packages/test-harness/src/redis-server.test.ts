import { describe, expect, it } from 'vitest';
import { type RedisServerConfig, redisServerArgs } from './redis-server.js';
import { resolveExtras } from './server-extras.js';
import type { TlsMaterial } from './tls-certs.js';

const config: RedisServerConfig = {
  host: '127.0.0.1',
  port: 15000,
  dir: '/tmp/redwire-test-x',
  cluster: null,
  registryDir: '/tmp/redwire-servers',
  extras: resolveExtras({}, false),
};

/** The value following `name` on a command line. */
function argAfter(args: readonly string[], name: string): string | undefined {
  const index = args.indexOf(name);
  return index === -1 ? undefined : args[index + 1];
}

describe('redisServerArgs', () => {
  it('starts a plain standalone server on its port, with DEBUG allowed', () => {
    const args = redisServerArgs(config);
    expect(argAfter(args, '--port')).toBe('15000');
    expect(argAfter(args, '--enable-debug-command')).toBe('yes');
    expect(args).not.toContain('--cluster-enabled');
    expect(args).not.toContain('--tls-port');
  });

  it('moves a TLS server to the TLS port and keeps DEBUG allowed', () => {
    const tls = { dir: '/tmp/redwire-tls-1-x' } as TlsMaterial;
    const args = redisServerArgs({ ...config, extras: { ...config.extras, tls } });
    expect(argAfter(args, '--port')).toBe('0');
    expect(argAfter(args, '--tls-port')).toBe('15000');
    expect(argAfter(args, '--enable-debug-command')).toBe('yes');
    expect(argAfter(args, '--tls-auth-clients')).toBe('optional');
  });

  it('puts extra arguments after everything else, so they win', () => {
    const extras = { ...config.extras, extraArgs: ['--enable-debug-command', 'no'] };
    const args = redisServerArgs({ ...config, cluster: { nodeTimeoutMs: 2000 }, extras });
    expect(args).toContain('--cluster-enabled');
    expect(args.slice(-2)).toEqual(['--enable-debug-command', 'no']);
  });
});
