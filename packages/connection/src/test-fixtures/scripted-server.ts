/**
 * A loopback TCP server that answers with scripted bytes, for what a real Redis cannot do:
 * lack HELLO, send malformed bytes, or stop reading. Everything else is tested against real
 * redis-server processes.
 */
import { Buffer } from 'node:buffer';
import { once } from 'node:events';
import { type AddressInfo, createServer, type Server, type Socket } from 'node:net';

/** Decides the bytes to answer each complete command (an array of its arguments) with. */
export type Script = (args: string[], socket: Socket) => string | Buffer | undefined;

export interface ScriptedServer {
  readonly port: number;
  readonly sockets: Socket[];
  readonly received: string[][];
  close(): Promise<void>;
}

export async function startScriptedServer(
  script: Script,
  options: { read?: boolean } = {},
): Promise<ScriptedServer> {
  const sockets: Socket[] = [];
  const received: string[][] = [];
  const server: Server = createServer((socket) => {
    sockets.push(socket);
    if (options.read === false) {
      // Never read: the client's writes back up until its socket reports back-pressure.
      socket.pause();
      return;
    }
    let pending = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk]);
      for (;;) {
        const parsed = parseCommand(pending);
        if (parsed === undefined) break;
        pending = pending.subarray(parsed.end);
        received.push(parsed.args);
        const reply = script(parsed.args, socket);
        if (reply !== undefined) socket.write(reply);
      }
    });
    socket.on('error', () => {});
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    port: (server.address() as AddressInfo).port,
    sockets,
    received,
    async close() {
      for (const socket of sockets) socket.destroy();
      server.close();
      await once(server, 'close');
    },
  };
}

/** Reads one RESP array of bulk strings, as clients send commands; undefined if incomplete. */
function parseCommand(buffer: Buffer): { args: string[]; end: number } | undefined {
  let at = 0;
  const line = () => {
    const end = buffer.indexOf('\r\n', at);
    if (end === -1) return undefined;
    const text = buffer.toString('latin1', at, end);
    at = end + 2;
    return text;
  };
  const header = line();
  if (header === undefined) return undefined;
  const args: string[] = [];
  for (let i = 0; i < Number(header.slice(1)); i++) {
    const length = line();
    if (length === undefined) return undefined;
    const size = Number(length.slice(1));
    if (buffer.length < at + size + 2) return undefined;
    args.push(buffer.toString('utf8', at, at + size));
    at += size + 2;
  }
  return { args, end: at };
}
