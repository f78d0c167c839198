import { afterEach, describe, expect, it } from 'vitest';
import { Connection } from './connection.js';
import type { ConnectionError } from './errors.js';
import { type ScriptedServer, startScriptedServer } from './test-fixtures/scripted-server.js';

let server: ScriptedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** A server that answers the handshake and GET, and never answers STALL (as a frozen one). */
function stallingServer(): Promise<ScriptedServer> {
  return startScriptedServer(([name]) => {
    if (name === 'HELLO') return '%1\r\n$5\r\nproto\r\n:3\r\n';
    if (name === 'GET') return '$1\r\nv\r\n';
    return undefined;
  });
}

describe('reply progress, as a watchdog reads it', () => {
  it('repliesReceived counts replies; awaitingReplies counts written commands not yet answered', async () => {
    server = await stallingServer();
    const connection = new Connection({ port: server.port, host: '127.0.0.1' });
    expect(connection.repliesReceived).toBe(0);
    expect(connection.awaitingReplies).toBe(0);
    await connection.send(['GET', 'k']);
    // The handshake's reply counts too: every reply read moves the counter.
    const afterGet = connection.repliesReceived;
    expect(afterGet).toBeGreaterThanOrEqual(2);
    expect(connection.awaitingReplies).toBe(0);
    const stalled = connection.send(['STALL'], { timeout: 0 }).catch((error: unknown) => error);
    await expect.poll(() => connection.awaitingReplies).toBe(1);
    expect(connection.repliesReceived).toBe(afterGet);
    connection.destroy();
    await stalled;
  });

  it('destroy() rejects a command already written with written: true, one still queued without', async () => {
    server = await stallingServer();
    const connection = new Connection({ port: server.port, host: '127.0.0.1' });
    await connection.connect();
    const written = connection.send(['STALL'], { timeout: 0 }).catch((error: unknown) => error);
    await expect.poll(() => connection.awaitingReplies).toBe(1);
    // Sent in the same tick as destroy(): never written.
    const queued = connection.send(['GET', 'k']).catch((error: unknown) => error);
    connection.destroy();
    expect(await written).toMatchObject({ code: 'REDWIRE_CONNECTION_CLOSED', written: true });
    const unwritten = (await queued) as ConnectionError;
    expect(unwritten.code).toBe('REDWIRE_CONNECTION_CLOSED');
    expect(unwritten.written).not.toBe(true);
  });
});
