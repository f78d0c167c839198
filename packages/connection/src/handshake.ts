/**
 * The commands that make a fresh socket ready, and what their replies mean. RESP3 servers get
 * one `HELLO 3` carrying the credentials and client name; servers without HELLO (before Redis
 * 6), or users who ask for protocol 2, get `AUTH` and `CLIENT SETNAME`. `SELECT`, `READONLY` and `CLIENT TRACKING`
 * follow in both cases. The connection runs this again after every reconnect; {@link negotiate}
 * sequences the exchange, the connection does the writing and reading.
 */
import { ReplyError, type RespValue } from '@redwire/protocol';
import type { ResolvedConnectionOptions } from './options.js';
import { trackingCommand } from './tracking.js';

export type HandshakeCommand = readonly string[];

/**
 * Writes handshake commands ahead of anything queued and resolves with their replies, an error
 * reply as a value: what each one means is {@link negotiate}'s to decide.
 */
export type HandshakeExchange = (commands: HandshakeCommand[]) => Promise<RespValue[]>;

/**
 * Runs the handshake over `exchange`: HELLO first when RESP3 is asked for, falling back to the
 * RESP2 commands when the server does not know HELLO. Resolves with the protocol agreed.
 * @throws {@link HandshakeRefused} when any command of the handshake got an error reply
 */
export async function negotiate(
  options: ResolvedConnectionOptions,
  exchange: HandshakeExchange,
): Promise<2 | 3> {
  let protocol: 2 | 3 = 2;
  const resp3 = options.protocol === 3;
  let replies = await exchange(resp3 ? helloHandshake(options) : resp2Handshake(options));
  if (resp3) {
    if (helloUnsupported(replies[0] as RespValue)) {
      replies = await exchange(resp2Handshake(options));
    } else {
      protocol = negotiatedProtocol(replies[0] as RespValue);
    }
  }
  const failed = replies.find((reply) => reply instanceof ReplyError);
  if (failed !== undefined) throw new HandshakeRefused(failed as ReplyError);
  return protocol;
}

/** The RESP3 handshake: HELLO first, then the settings HELLO cannot carry. */
export function helloHandshake(options: ResolvedConnectionOptions): HandshakeCommand[] {
  const hello = ['HELLO', '3'];
  if (options.password !== undefined)
    hello.push('AUTH', options.username ?? 'default', options.password);
  if (options.name !== undefined) hello.push('SETNAME', options.name);
  return [hello, ...settings(options)];
}

/** The RESP2 handshake, also the fallback when the server does not know HELLO. */
export function resp2Handshake(options: ResolvedConnectionOptions): HandshakeCommand[] {
  const commands: HandshakeCommand[] = [];
  if (options.password !== undefined) {
    commands.push(
      options.username === undefined
        ? ['AUTH', options.password]
        : ['AUTH', options.username, options.password],
    );
  }
  if (options.name !== undefined) commands.push(['CLIENT', 'SETNAME', options.name]);
  return [...commands, ...settings(options)];
}

function settings(options: ResolvedConnectionOptions): HandshakeCommand[] {
  const commands: HandshakeCommand[] = [];
  if (options.db !== 0) commands.push(['SELECT', String(options.db)]);
  if (options.readOnly) commands.push(['READONLY']);
  // In the RESP2 fallback too: a server without HELLO has no CLIENT TRACKING either, and its
  // error reply fails the handshake instead of leaving a cache that nothing invalidates.
  if (options.tracking !== undefined) commands.push(trackingCommand(options.tracking));
  return commands;
}

/**
 * True when HELLO failed because the server cannot speak RESP3 at all (so RESP2 is worth a
 * try), as opposed to failing on the credentials it carried.
 */
export function helloUnsupported(reply: RespValue): boolean {
  if (!(reply instanceof ReplyError)) return false;
  return reply.code === 'NOPROTO' || /unknown command/i.test(reply.message);
}

/** The protocol the server agreed to in its HELLO reply (`proto`), 3 if it does not say. */
export function negotiatedProtocol(reply: RespValue): 2 | 3 {
  if (reply instanceof Map) return reply.get('proto') === 2 ? 2 : 3;
  if (Array.isArray(reply)) {
    const at = reply.indexOf('proto');
    if (at !== -1 && reply[at + 1] === 2) return 2;
  }
  return 3;
}

/** A handshake command was refused (wrong password, unknown user, bad db): not worth retrying. */
export class HandshakeRefused extends Error {
  constructor(readonly reply: ReplyError) {
    super(`Handshake refused: ${reply.message}`);
  }
}
