import { execFile } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HarnessConnectionError, ServerReplyError } from './errors.js';
import { processState } from './process-state.js';
import type { RedisServer } from './redis-server.js';
import { RespClient, sendCommand } from './resp-client.js';
import { startTestServer } from './test-server.js';

const run = promisify(execFile);

/** Starts a server for this file in `beforeAll` and stops it in `afterAll`. */
function serverFor(start: () => Promise<RedisServer>): () => RedisServer {
  let server: RedisServer | undefined;
  beforeAll(async () => {
    server = await start();
  });
  afterAll(() => server?.stop());
  return () => server!;
}

describe('a server with requirePass and an ACL user', () => {
  const server = serverFor(() =>
    startTestServer({
      requirePass: 'harness-pass',
      aclUsers: [{ name: 'alice', password: 'alice-secret' }],
    }),
  );

  it('answers an unauthenticated PING with NOAUTH, and PONG after AUTH', async () => {
    const client = await RespClient.connect(server().address);
    try {
      const refused = await client.command(['PING']).catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(ServerReplyError);
      expect((refused as ServerReplyError).prefix).toBe('NOAUTH');
      expect(await client.command(['AUTH', 'harness-pass'])).toBe('OK');
      expect(await client.command(['PING'])).toBe('PONG');
    } finally {
      client.close();
    }
  });

  it('lets the ACL user log in with its password and refuses a wrong one', async () => {
    const auth = { username: 'alice', password: 'alice-secret' };
    expect(await sendCommand({ ...server().address, auth }, ['ACL', 'WHOAMI'])).toBe('alice');
    const wrong = { ...server().address, auth: { ...auth, password: 'nope' } };
    await expect(sendCommand(wrong, ['PING'])).rejects.toMatchObject({ prefix: 'WRONGPASS' });
  });

  it('is reached by the harness itself through its target, which carries the password', async () => {
    expect(server().target.auth).toEqual({ password: 'harness-pass' });
    expect(await server().command('ACL', 'WHOAMI')).toBe('default');
    expect(await server().command('DEBUG', 'SLEEP', '0')).toBe('OK');
  });
});

describe('a server with ACL users only', () => {
  const server = serverFor(() =>
    startTestServer({ aclUsers: [{ name: 'reader', password: 'r', rules: '~* +@read' }] }),
  );

  it('keeps the default user usable without a password', async () => {
    expect(await sendCommand(server().address, ['PING'])).toBe('PONG');
  });

  it('applies the user rules', async () => {
    const reader = { ...server().address, auth: { username: 'reader', password: 'r' } };
    expect(await sendCommand(reader, ['GET', 'harness:acl'])).toBeNull();
    await expect(sendCommand(reader, ['SET', 'harness:acl', 'x'])).rejects.toMatchObject({
      prefix: 'NOPERM',
    });
  });
});

describe('a server with a unix socket', () => {
  const server = serverFor(() => startTestServer({ unixSocket: true }));

  it('answers PING on a socket in its own directory, readable by its owner only', async () => {
    const path = server().socketPath!;
    expect(path.startsWith(server().config.dir)).toBe(true);
    expect(statSync(path).mode & 0o777).toBe(0o700);
    expect(await sendCommand({ path }, ['PING'])).toBe('PONG');
    expect(await sendCommand(server().address, ['PING'])).toBe('PONG');
  });
});

describe('a TLS server', () => {
  const server = serverFor(() => startTestServer({ tls: true }));

  it('answers PING over TLS when the client trusts its CA', async () => {
    const { caCert } = server().tls!;
    expect(await sendCommand({ ...server().address, tls: { ca: caCert.pem } }, ['PING'])).toBe(
      'PONG',
    );
    expect(await server().command('DEBUG', 'SLEEP', '0')).toBe('OK');
  });

  it('accepts a client certificate signed by its CA', async () => {
    const { caCert, clientCert, clientKey } = server().tls!;
    const tls = { ca: caCert.pem, cert: clientCert.pem, key: clientKey.pem };
    expect(await sendCommand({ ...server().address, tls }, ['PING'])).toBe('PONG');
  });

  it('answers redis-cli given the CA file', async () => {
    const { stdout } = await run(
      'redis-cli',
      [
        '--tls',
        '--cacert',
        server().tls!.caCert.path,
        '-h',
        server().host,
        '-p',
        String(server().port),
        'PING',
      ],
      { timeout: 5000 },
    );
    expect(stdout.trim()).toBe('PONG');
  });

  it('rejects a plain-TCP client and a client trusting another CA', async () => {
    await expect(sendCommand(server().address, ['PING'])).rejects.toBeInstanceOf(
      HarnessConnectionError,
    );
    const other = { ...server().address, tls: { ca: server().tls!.otherCaCert.pem } };
    await expect(sendCommand(other, ['PING'])).rejects.toBeInstanceOf(HarnessConnectionError);
  });

  it('comes back with TLS on the same port after a restart', async () => {
    const { port } = server();
    const pid = server().pid();
    await server().kill();
    await expect(server().command('PING')).rejects.toBeInstanceOf(HarnessConnectionError);
    await server().restart();
    expect(server().port).toBe(port);
    expect(server().pid()).not.toBe(pid);
    expect(await server().command('PING')).toBe('PONG');
    await expect(sendCommand(server().address, ['PING'])).rejects.toBeInstanceOf(
      HarnessConnectionError,
    );
  });
});

describe('stopping a configured server', () => {
  it('ends the process by PID and removes its directory with its socket and TLS files', async () => {
    const server = await startTestServer({ tls: true, unixSocket: true, requirePass: 'p' });
    const { dir } = server.config;
    const pid = server.pid()!;
    expect(existsSync(server.socketPath!)).toBe(true);
    await server.stop();
    expect(['gone', 'zombie']).toContain(processState(pid));
    expect(server.pid()).toBeNull(); // its registry record is gone too
    expect(existsSync(dir)).toBe(false);
  });
});
