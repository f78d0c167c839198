import { randomUUID } from 'node:crypto';
import { inspect } from 'node:util';
import { type RedisServer, startTestServer } from '@redwire/test-harness';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Connection } from './connection.js';
import { ConnectionError } from './errors.js';

describe('TLS (rediss://)', () => {
  let server: RedisServer;
  beforeAll(async () => {
    server = await startTestServer({ tls: true });
  });
  afterAll(async () => {
    await server.stop();
  });

  it('connects with certificate verification on, trusting the test CA', async () => {
    const tls = server.tls!;
    await using connection = new Connection(`rediss://localhost:${server.port}`, {
      tls: { ca: tls.caCert.pem },
    });
    expect(await connection.send(['PING'])).toBe('PONG');
  });

  it('presents a client certificate when given one', async () => {
    const tls = server.tls!;
    await using connection = new Connection({
      host: '127.0.0.1',
      port: server.port,
      tls: {
        ca: tls.caCert.pem,
        cert: tls.clientCert.pem,
        key: tls.clientKey.pem,
        servername: 'localhost',
      },
    });
    expect(await connection.send(['ECHO', 'mutual'])).toBe('mutual');
  });

  it('fails with a clear ConnectionError when the server certificate is not signed by a trusted CA', async () => {
    const connection = new Connection(`rediss://localhost:${server.port}`, {
      tls: { ca: server.tls!.otherCaCert.pem },
      reconnect: false,
    });
    const error = await connection.connect().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as Error).message).toMatch(/Could not connect to localhost:\d+: .*certificate/i);
    expect(((error as Error).cause as { code?: string }).code).toBe('SELF_SIGNED_CERT_IN_CHAIN');
    await connection.close();
  });
});

describe('unix sockets and requirepass', () => {
  const password = `pw-${randomUUID()}`;
  let server: RedisServer;
  beforeAll(async () => {
    server = await startTestServer({ unixSocket: true, requirePass: password });
  });
  afterAll(async () => {
    await server.stop();
  });

  it('connects over a unix socket from a unix:// URL, with the password and db it carries', async () => {
    const url = `unix://:${encodeURIComponent(password)}@${server.socketPath}?db=5`;
    await using connection = new Connection(url);
    expect(await connection.send(['PING'])).toBe('PONG');
    expect(String(await connection.send(['CLIENT', 'INFO']))).toMatch(/ db=5 /);
  });

  it('keeps the password out of errors, events and inspection', async () => {
    const connection = new Connection({
      host: server.host,
      port: server.port,
      password: 'wrong-guess',
      connectTimeout: 2_000,
    });
    const seen: string[] = [];
    connection.on('error', (error) => seen.push(String(error), String(error.stack)));
    const error = await connection.connect().catch((e: unknown) => e);
    expect((error as { code?: string }).code).toBe('WRONGPASS');
    seen.push(
      String(error),
      inspect(error),
      inspect(connection),
      JSON.stringify(connection.describeOptions()),
    );
    await using right = new Connection({ host: server.host, port: server.port, password });
    await right.send(['PING']);
    seen.push(
      inspect(right),
      inspect(right.describeOptions()),
      JSON.stringify(right.describeOptions()),
    );
    for (const text of seen) {
      expect(text).not.toContain(password);
      expect(text).not.toContain('wrong-guess');
    }
    await connection.close();
  });
});
