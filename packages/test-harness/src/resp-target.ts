import { connect as connectTcp, type Socket } from 'node:net';
import { type ConnectionOptions, connect as connectTls } from 'node:tls';
import { formatAddress, type ServerAddress } from './address.js';

/** Credentials sent with AUTH right after connecting. */
export interface RespAuth {
  /** An ACL user; without it, AUTH logs in as the default user (requirepass). */
  readonly username?: string;
  readonly password: string;
}

/** A TCP endpoint, with TLS when `tls` is given (`{ ca }` at least, for the harness's CA). */
export interface TcpTarget extends ServerAddress {
  readonly tls?: ConnectionOptions;
  readonly auth?: RespAuth;
}

/** A unix socket endpoint. */
export interface UnixSocketTarget {
  readonly path: string;
  readonly auth?: RespAuth;
}

/**
 * Where the harness's own client connects, and how it logs in. A plain {@link ServerAddress} is
 * a target too, so every existing caller keeps passing `{ host, port }`.
 */
export type RespTarget = TcpTarget | UnixSocketTarget;

/** `host:port`, `host:port (tls)` or the socket path, for messages. */
export function formatTarget(target: RespTarget): string {
  if ('path' in target) return target.path;
  return target.tls === undefined ? formatAddress(target) : `${formatAddress(target)} (tls)`;
}

/** The AUTH command for `auth`: the one-argument form for the default user. */
export function authArgs(auth: RespAuth): string[] {
  return auth.username === undefined
    ? ['AUTH', auth.password]
    : ['AUTH', auth.username, auth.password];
}

/**
 * Opens the socket for `target`. The returned event is the one after which commands may be
 * written: for TLS that is the end of the handshake, so a certificate the client rejects fails
 * the connect rather than the first command.
 */
export function openSocket(target: RespTarget): {
  socket: Socket;
  readyEvent: 'connect' | 'secureConnect';
} {
  if ('path' in target) return { socket: connectTcp({ path: target.path }), readyEvent: 'connect' };
  if (target.tls === undefined) {
    return { socket: connectTcp({ host: target.host, port: target.port }), readyEvent: 'connect' };
  }
  const socket = connectTls({ ...target.tls, host: target.host, port: target.port });
  return { socket, readyEvent: 'secureConnect' };
}
