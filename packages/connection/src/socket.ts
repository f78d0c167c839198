/**
 * Opens the byte stream to a server: TCP, TLS or a unix socket. Nothing Redis-specific
 * happens here; the connection runs the handshake once the stream is up.
 */
import { createConnection, isIP, type Socket } from 'node:net';
import { connect as connectTls } from 'node:tls';
import type { ResolvedConnectionOptions } from './options.js';

/** A socket being opened, and the event that says it is ready for bytes. */
export interface OpeningSocket {
  readonly socket: Socket;
  /** `connect` for TCP and unix sockets; `secureConnect` for TLS, once the certificate checks pass. */
  readonly readyEvent: 'connect' | 'secureConnect';
}

export function openSocket(options: ResolvedConnectionOptions): OpeningSocket {
  if (options.path !== undefined) {
    return { socket: createConnection({ path: options.path }), readyEvent: 'connect' };
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
    return { socket, readyEvent: 'secureConnect' };
  }
  const socket = createConnection({
    host: options.host,
    port: options.port,
    noDelay: options.noDelay,
    keepAlive,
    keepAliveInitialDelay,
  });
  return { socket, readyEvent: 'connect' };
}
