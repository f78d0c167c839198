/**
 * Connection state: the commands a shared connection refuses, and those after which a lent
 * (`isolated()`) connection is destroyed rather than lent again. Ordinary commands of every caller of a client share
 * one connection, so a command that changes that connection's state changes it for all of them:
 * after MULTI every other caller's commands are queued instead of run and answered `QUEUED`,
 * after CLIENT REPLY OFF no reply matches its command any more, SUBSCRIBE (over RESP2) or MONITOR
 * turn the connection into a feed, SELECT moves everyone to another database until the next
 * reconnect quietly moves them back. Each is refused before anything is written, with what to
 * use instead. On the connection `isolated()` lends, all of them may be sent.
 *
 * AUTH is let through (a rotated credential concerns every caller alike), and so are ASKING,
 * which the cluster client sends back to back with the command it concerns, and HELLO without
 * arguments, which only reports.
 */
import { Buffer } from 'node:buffer';
import { ArgumentError, type CommandArgument } from '@redwire/protocol';

const ISOLATED = 'send it inside isolated(), on a connection of your own';
const TRANSACTION = `use multi(), which sends MULTI ... EXEC together, or ${ISOLATED}`;
const WATCH = `use transaction(keys, fn), or ${ISOLATED}`;
const SUBSCRIBE = 'use subscriber(), which has a connection of its own';

/** What to use instead, by command name. */
const REFUSED: ReadonlyMap<string, string> = new Map([
  ['MULTI', TRANSACTION],
  ['EXEC', TRANSACTION],
  ['DISCARD', TRANSACTION],
  ['WATCH', WATCH],
  ['UNWATCH', WATCH],
  ['SUBSCRIBE', SUBSCRIBE],
  ['PSUBSCRIBE', SUBSCRIBE],
  ['SSUBSCRIBE', SUBSCRIBE],
  ['UNSUBSCRIBE', SUBSCRIBE],
  ['PUNSUBSCRIBE', SUBSCRIBE],
  ['SUNSUBSCRIBE', SUBSCRIBE],
  ['MONITOR', ISOLATED],
  ['RESET', 'the client sets its connections up itself, again after every reconnect'],
  ['HELLO', 'choose the protocol with the protocol option'],
  ['SELECT', 'choose the database with the db option, or duplicate({ db }) for another one'],
  ['QUIT', 'use close()'],
  ['READONLY', 'use the readOnly option (a cluster client sets it as readFrom says)'],
  ['READWRITE', 'use the readOnly option (a cluster client sets it as readFrom says)'],
]);

/** The same, for CLIENT's subcommands. */
const REFUSED_CLIENT: ReadonlyMap<string, string> = new Map([
  ['REPLY', ISOLATED],
  ['SETNAME', 'name the connections with the name option'],
  ['SETINFO', ISOLATED],
  ['TRACKING', ISOLATED],
  ['CACHING', ISOLATED],
  ['NO-EVICT', ISOLATED],
  ['NO-TOUCH', ISOLATED],
]);

/**
 * Why `args` may not be sent on a connection shared among callers, or undefined when it may.
 * Names are matched in any case, as text or as bytes; one of another type is left to the
 * encoder to refuse.
 */
export function refusedOnSharedConnection(
  args: readonly CommandArgument[],
): ArgumentError | undefined {
  const first = nameText(args[0]);
  if (first === undefined) return undefined;
  let name = upperCased(first);
  let hint = REFUSED.get(name);
  // HELLO alone only reports the connection's details (protocol, id, role, modules).
  if (name === 'HELLO' && args.length === 1) return undefined;
  if (name === 'CLIENT') {
    const sub = nameText(args[1]);
    if (sub === undefined) return undefined;
    name = `CLIENT ${upperCased(sub)}`;
    hint = REFUSED_CLIENT.get(name.slice(7));
  }
  if (hint === undefined) return undefined;
  return new ArgumentError(
    `${name} would change the connection this client shares among all its callers, for every one of them: ${hint}`,
    0,
  );
}

/**
 * Commands that change a connection's state beyond WATCH (which UNWATCH clears): an isolated
 * connection that ran one is destroyed rather than lent to the next user.
 */
const STATEFUL_COMMANDS = new Set([
  'AUTH',
  'HELLO',
  'MONITOR',
  'PSUBSCRIBE',
  'READONLY',
  'READWRITE',
  'RESET',
  'SELECT',
  'SSUBSCRIBE',
  'SUBSCRIBE',
]);
const STATEFUL_CLIENT_SUBCOMMANDS = new Set([
  'NO-EVICT',
  'NO-TOUCH',
  'REPLY',
  'SETINFO',
  'SETNAME',
  'TRACKING',
]);

/**
 * Whether `args` leaves a connection in a state the next user of it must not inherit.
 * @internal
 */
export function changesConnectionState(args: readonly CommandArgument[]): boolean {
  const name = String(args[0]).toUpperCase();
  if (name === 'CLIENT') return STATEFUL_CLIENT_SUBCOMMANDS.has(String(args[1]).toUpperCase());
  return STATEFUL_COMMANDS.has(name);
}

/** A command or subcommand name as text; bytes longer than any name refused here are not read. */
function nameText(arg: CommandArgument | undefined): string | undefined {
  if (typeof arg === 'string') return arg;
  if (arg instanceof Uint8Array && arg.length <= 12) return Buffer.from(arg).toString('latin1');
  return undefined;
}

/** `text` in upper case; the same string, not a copy, when it is already (typed methods' names). */
function upperCased(text: string): string {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 97 && code <= 122) return text.toUpperCase();
  }
  return text;
}
