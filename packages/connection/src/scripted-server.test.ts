import { Socket } from 'node:net';
import { ProtocolError } from '@redwire/protocol';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Connection } from './connection.js';
import { ConnectionError } from './errors.js';
import { type ScriptedServer, startScriptedServer } from './test-fixtures/scripted-server.js';

const originalWrite = Socket.prototype.write;
let server: ScriptedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('against servers a real Redis 7 cannot imitate', () => {
  it('falls back to AUTH, CLIENT SETNAME and SELECT when the server does not know HELLO', async () => {
    server = await startScriptedServer(([name]) => {
      if (name === 'HELLO')
        return "-ERR unknown command 'HELLO', with args beginning with: '3'\r\n";
      if (name === 'GET') return '$5\r\nvalue\r\n';
      return '+OK\r\n';
    });
    await using connection = new Connection({
      port: server.port,
      host: '127.0.0.1',
      username: 'u',
      password: 'p',
      name: 'old',
      db: 2,
    });
    expect(await connection.send(['GET', 'k'])).toBe('value');
    expect(connection.protocol).toBe(2);
    expect(server.received.map((args) => args.join(' '))).toEqual([
      'HELLO 3 AUTH u p SETNAME old',
      'SELECT 2',
      'AUTH u p',
      'CLIENT SETNAME old',
      'SELECT 2',
      'GET k',
    ]);
  });

  it('rejects a command whose reply stalls mid-way with TimeoutError, keeping the connection (its late reply still owed)', async () => {
    server = await startScriptedServer(([name]) => {
      if (name === 'HELLO') return '%1\r\n$5\r\nproto\r\n:3\r\n';
      if (name === 'GET') return '$100\r\nonly part of it';
      return '+OK\r\n';
    });
    await using connection = new Connection({ port: server.port, host: '127.0.0.1' });
    await expect(connection.send(['GET', 'k'], { timeout: 50 })).rejects.toMatchObject({
      code: 'REDWIRE_TIMEOUT',
    });
    expect(connection.status).toBe('ready');
  });

  it('respects socket back-pressure: stops writing and bounds what waits with maxPendingCommands', async () => {
    server = await startScriptedServer(() => undefined, { read: false });
    const connection = new Connection({
      port: server.port,
      host: '127.0.0.1',
      protocol: 2,
      maxPendingCommands: 64,
      commandTimeout: 0,
    });
    // RESP2 with no password, name or db: no handshake command, the socket is ready at once.
    await connection.connect();
    let bytesHandedToSocket = 0;
    const write = vi.spyOn(Socket.prototype, 'write').mockImplementation(function (
      this: Socket,
      ...args: Parameters<Socket['write']>
    ) {
      bytesHandedToSocket += Buffer.byteLength(args[0] as string | Buffer);
      return write.getMockImplementation() === undefined
        ? true
        : Reflect.apply(originalWrite, this, args);
    });
    const payload = Buffer.alloc(1024 * 1024, 'x');
    const sent = Array.from({ length: 64 }, (_, i) =>
      connection.send(['SET', `k${i}`, payload]).catch((e: unknown) => e),
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    // The kernel holds a few MiB at most; the rest must still be queued, unwritten.
    await expect(connection.send(['PING'])).rejects.toMatchObject({ code: 'REDWIRE_QUEUE_FULL' });
    // Writing stopped once the socket said so: only what the kernel's buffers absorbed (a few
    // MiB on loopback) was handed over, far less than the 64 MiB sent.
    expect(bytesHandedToSocket).toBeLessThan(16 * 1024 * 1024);
    expect(connection.pendingCommands).toBe(64);
    write.mockRestore();
    connection.destroy();
    expect((await Promise.all(sent)).every((e) => e instanceof ConnectionError)).toBe(true);
  });
});

/** A connection to the scripted server that reconnects at once after losing its socket. */
function reconnecting(port: number): Connection {
  return new Connection({ port, host: '127.0.0.1', reconnect: { minDelay: 10, maxDelay: 20 } });
}

/** A RESP3 server: HELLO answered, then `reply` for every other command (per connection). */
function resp3Server(reply: (args: string[], connection: number) => string | undefined) {
  let connections = 0;
  return startScriptedServer((args) => {
    if (args[0] === 'HELLO') {
      connections++;
      return '%1\r\n$5\r\nproto\r\n:3\r\n';
    }
    return reply(args, connections);
  });
}

describe('a server that misbehaves: typed errors, no crash, no hang, and the connection serves again', () => {
  it('a reply cut short by the server closing: the command rejects, marked as possibly run', async () => {
    server = await resp3Server((_, connection) =>
      connection === 1 ? '$10\r\nabc' : '$5\r\nvalue\r\n',
    );
    await using connection = reconnecting(server.port);
    const pending = connection.send(['GET', 'k']).catch((e: unknown) => e);
    await new Promise((resolve) => setTimeout(resolve, 50));
    server.sockets[0]?.end();
    const error = await pending;
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error).toMatchObject({ code: 'REDWIRE_CONNECTION', written: true });
    expect(await connection.send(['GET', 'k'])).toBe('value');
  });

  it.each([
    ['bytes that are not RESP', '?garbage\r\n'],
    ['a declared length past the decoder limit (not waited for)', '$99999999999\r\n'],
  ])(
    '%s: the socket is dropped, in-flight commands reject with the ProtocolError as cause, then it reconnects',
    async (_, bad) => {
      let connections = 0;
      server = await resp3Server((__, connection) => {
        connections = connection;
        return connection === 1 ? bad : '+PONG\r\n';
      });
      await using connection = reconnecting(server.port);
      const error = await connection.send(['PING']).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConnectionError);
      expect((error as Error).cause).toBeInstanceOf(ProtocolError);
      expect(await connection.send(['PING'])).toBe('PONG');
      expect(connections).toBe(2);
    },
  );

  it('a push frame nobody asked for, between replies: emitted as push, every command keeps its reply', async () => {
    server = await resp3Server(([name, key]) => {
      const push = '>3\r\n$7\r\nmessage\r\n$4\r\nnews\r\n$5\r\nhello\r\n';
      return name === 'GET' ? `${push}$${String(key).length}\r\n${key}\r\n` : '+OK\r\n';
    });
    await using connection = new Connection({ port: server.port, host: '127.0.0.1' });
    const pushes: unknown[] = [];
    connection.on('push', (frame) => pushes.push(frame));
    const replies = await Promise.all(
      ['a', 'bb', 'ccc'].map((key) => connection.send(['GET', key])),
    );
    expect(replies).toEqual(['a', 'bb', 'ccc']);
    expect(pushes).toHaveLength(3);
  });

  it('a reply no command asked for: the connection is dropped with ConnectionError and opened again', async () => {
    server = await resp3Server((_, connection) =>
      connection === 1 ? '+PONG\r\n+SURPRISE\r\n' : '+PONG\r\n',
    );
    await using connection = reconnecting(server.port);
    const errors: Error[] = [];
    connection.on('error', (error) => errors.push(error));
    expect(await connection.send(['PING'])).toBe('PONG');
    await vi.waitFor(() => expect(errors).toHaveLength(1));
    expect(errors[0]).toBeInstanceOf(ConnectionError);
    expect(errors[0]?.message).toMatch(/a reply no command was waiting for/);
    expect(await connection.send(['PING'])).toBe('PONG');
  });
});
