/**
 * Opens the byte stream to a server: TCP, TLS or a unix socket, and hands each read's bytes to
 * `onBytes`. Nothing Redis-specific happens here; the connection runs the handshake once the
 * stream is up.
 */
import { Buffer } from 'node:buffer';
import { createConnection, isIP, type OnReadOpts, type Socket } from 'node:net';
import { connect as connectTls } from 'node:tls';
import type { ResolvedConnectionOptions } from './options.js';

/** A socket being opened, and the event that says it is ready for bytes. */
export interface OpeningSocket {
  readonly socket: Socket;
  /** `connect` for TCP and unix sockets; `secureConnect` for TLS, once the certificate checks pass. */
  readonly readyEvent: 'connect' | 'secureConnect';
}

/** What every plain socket reads into: see {@link readInto}. */
const READ_BUFFER_BYTES = 64 * 1024;
let readBuffer: Buffer | undefined;

/**
 * Plain TCP and unix sockets read into one buffer the whole process shares (net's `onread`),
 * not into a fresh 64 KiB Buffer per read pushed through a Readable stream and its 'data'
 * event: on MGET of 100 keys, one in flight, that took about a sixth of the client's CPU time
 * per command, page faults and stream bookkeeping included. Sharing is safe because reads are
 * delivered one at a time from the event loop, each `onBytes` call decodes its bytes before it
 * returns, and the decoder keeps no reference to them after (protocol's `Decoder.write`).
 * TLS sockets keep the 'data' event: Node documents `onread` for net sockets only.
 */
function readInto(onBytes: (chunk: Buffer) => void): OnReadOpts {
  readBuffer ??= Buffer.allocUnsafe(READ_BUFFER_BYTES);
  return {
    buffer: readBuffer,
    callback: (bytes, buffer) => {
      onBytes((buffer as Buffer).subarray(0, bytes));
      return true;
    },
  };
}

/** Opens the socket; `onBytes` is called with the bytes of each read, synchronously decoded. */
export function openSocket(
  options: ResolvedConnectionOptions,
  onBytes: (chunk: Buffer) => void,
): OpeningSocket {
  if (options.path !== undefined) {
    const socket = createConnection({ path: options.path, onread: readInto(onBytes) });
    return { socket, readyEvent: 'connect' };
  }
  const keepAlive = options.keepAlive !== false;
  const keepAliveInitialDelay = options.keepAlive === false ? 0 : options.keepAlive;
  if (options.tls !== undefined) {
    const socket = connectTls({
      host: options.host,
      port: options.port,
      // SNI carries a host name, never an IP address (RFC 6066); users may still set servername.
      ...(isIP(options.host) === 0 ? { servername: options.host } : {}),
      ...options.tls,
    });
    // tls.connect takes no socket tuning options; set them on the underlying socket.
    socket.setNoDelay(options.noDelay);
    socket.setKeepAlive(keepAlive, keepAliveInitialDelay);
    socket.on('data', onBytes);
    return { socket, readyEvent: 'secureConnect' };
  }
  const socket = createConnection({
    host: options.host,
    port: options.port,
    noDelay: options.noDelay,
    keepAlive,
    keepAliveInitialDelay,
    onread: readInto(onBytes),
  });
  return { socket, readyEvent: 'connect' };
}
