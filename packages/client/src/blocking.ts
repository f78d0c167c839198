/**
 * Blocking commands (BLPOP, XREAD ... BLOCK, WAIT, ...) would stall every command queued behind
 * them on the shared connection, so they run on a pooled connection of their own. This file
 * says which commands block and for how long (from their own timeout argument), and runs one
 * on a dedicated connection: when the caller gives up on it (AbortSignal, timeout), the server
 * side is released with CLIENT UNBLOCK sent from another connection, and the connection stays
 * usable (its discarded reply is still read, so later replies stay aligned).
 */
import { Buffer } from 'node:buffer';
import { AbortError, type Connection, type SendOptions, TimeoutError } from '@redwire/connection';
import { type CommandArgument, ReplyError, type RespValue } from '@redwire/protocol';
import type { ConnectionPool, PooledConnection } from './pool.js';

/** Where a blocking timeout sits in each blocking command, and in what unit. */
type TimeoutPosition =
  | 'last-seconds' // BLPOP key... timeout
  | 'first-seconds' // BLMPOP timeout numkeys key...
  | 'block-option' // XREAD [COUNT n] [BLOCK ms] STREAMS ...
  | 'last-ms'; // WAIT numreplicas timeout

const BLOCKING_COMMANDS: ReadonlyMap<string, TimeoutPosition> = new Map([
  ['BLPOP', 'last-seconds'],
  ['BRPOP', 'last-seconds'],
  ['BRPOPLPUSH', 'last-seconds'],
  ['BLMOVE', 'last-seconds'],
  ['BZPOPMIN', 'last-seconds'],
  ['BZPOPMAX', 'last-seconds'],
  ['BLMPOP', 'first-seconds'],
  ['BZMPOP', 'first-seconds'],
  ['XREAD', 'block-option'],
  ['XREADGROUP', 'block-option'],
  ['WAIT', 'last-ms'],
  ['WAITAOF', 'last-ms'],
]);

/**
 * How long a command blocks on the server, from its own timeout argument: `undefined` when it
 * does not block (not a blocking command, XREAD without BLOCK, too few arguments for the server
 * to run it), `0` for "forever", otherwise milliseconds (seconds are rounded up, so a tiny
 * timeout never becomes 0). A timeout that cannot be read counts as 0: the command goes to a
 * pooled connection with no client-side deadline, and the server's answer (an error, as a rule)
 * comes back from there. The name is matched case-insensitively, so raw `sendCommand` arrays work.
 *
 * @example
 * ```ts
 * blockingTimeMs(['BLPOP', 'queue', '0.5']); // 500
 * blockingTimeMs(['xread', 'BLOCK', 0, 'STREAMS', 's', '$']); // 0
 * blockingTimeMs(['GET', 'k']); // undefined
 * ```
 */
export function blockingTimeMs(args: readonly CommandArgument[]): number | undefined {
  const name = args[0];
  if (typeof name !== 'string' && !Buffer.isBuffer(name)) return undefined;
  // Every blocking command starts with B, W or X: the rest (nearly every command) is answered
  // without upper-casing a string, which this does for each command sent.
  const first = (typeof name === 'string' ? name.charCodeAt(0) : (name[0] ?? 0)) | 0x20;
  if (first !== 0x62 && first !== 0x77 && first !== 0x78) return undefined;
  const position = BLOCKING_COMMANDS.get(String(name).toUpperCase());
  switch (position) {
    case undefined:
      return undefined;
    case 'last-seconds':
      return args.length < 3 ? undefined : fromSeconds(args[args.length - 1]);
    case 'first-seconds':
      return args.length < 3 ? undefined : fromSeconds(args[1]);
    case 'last-ms':
      return args.length < 3 ? undefined : fromMilliseconds(args[args.length - 1]);
    case 'block-option':
      return streamBlockMs(args);
  }
}

/** XREAD and XREADGROUP options come in a known order of tokens before STREAMS. */
function streamBlockMs(args: readonly CommandArgument[]): number | undefined {
  for (let i = 1; i < args.length; i++) {
    const token = text(args[i])?.toUpperCase();
    if (token === 'STREAMS') return undefined;
    if (token === 'BLOCK') return fromMilliseconds(args[i + 1]);
    // Skip option values, which may be spelled like a token (a consumer named BLOCK).
    if (token === 'COUNT') i += 1;
    else if (token === 'GROUP') i += 2;
  }
  return undefined;
}

function fromSeconds(value: CommandArgument | undefined): number {
  const seconds = numberOf(value);
  if (seconds === undefined) return 0;
  // Round away float noise (0.3 * 1000 = 300.00000000000006) before rounding up.
  return Math.ceil(Math.round(seconds * 1e6) / 1e3);
}

function fromMilliseconds(value: CommandArgument | undefined): number {
  const ms = numberOf(value);
  return ms === undefined ? 0 : Math.ceil(ms);
}

/** A finite, non-negative number, or undefined when the argument is not one. */
function numberOf(value: CommandArgument | undefined): number | undefined {
  const raw = typeof value === 'number' || typeof value === 'bigint' ? Number(value) : text(value);
  const n = typeof raw === 'string' ? (raw.trim() === '' ? Number.NaN : Number(raw)) : raw;
  return n !== undefined && Number.isFinite(n) && n >= 0 ? n : undefined;
}

function text(value: CommandArgument | undefined): string | undefined {
  if (typeof value === 'string') return value;
  if (Buffer.isBuffer(value)) return value.toString();
  return undefined;
}

// ── running a blocking command on a dedicated connection ───────────────────────────────────

/** How long CLIENT UNBLOCK (and the check that follows it) may take before giving up. */
const UNBLOCK_TIMEOUT_MS = 1_000;
/** While closing, how often blocking commands not yet released are asked again. */
const UNBLOCK_RETRY_MS = 50;

/**
 * What a client shares with its isolated views for blocking commands: the pool, the shared
 * connection (which sends CLIENT UNBLOCK), and which pooled connections run a blocking
 * command right now.
 * @internal
 */
export interface BlockingContext {
  readonly pool: ConnectionPool<Connection>;
  readonly shared: Connection;
  readonly running: Set<PooledConnection<Connection>>;
}

/**
 * Runs a blocking command on a connection leased for it and returns the connection to the
 * pool afterwards (or destroys it, when it could not be left clean).
 * @throws ArgumentError or ArgumentTooLargeError for an argument it cannot send, before any connection is leased
 * @throws PoolExhaustedError when no pooled connection can be had
 */
export async function sendBlocking(
  context: BlockingContext,
  args: readonly CommandArgument[],
  options: SendOptions,
): Promise<RespValue> {
  // A bad argument is refused before anything is leased or written.
  context.shared.checkArguments(args);
  const pooled = await context.pool.acquire(options.signal);
  try {
    return await runBlocking(context, pooled, args, options);
  } finally {
    context.pool.release(pooled);
  }
}

/**
 * Runs a blocking command on `pooled` (leased for it, or an isolated client's connection).
 * When the caller gives up on it, this rejects only once the server side is released and the
 * connection is either known to be free again or marked dirty (so its lease ends in destroy).
 */
export async function runBlocking(
  context: BlockingContext,
  pooled: PooledConnection<Connection>,
  args: readonly CommandArgument[],
  options: SendOptions,
): Promise<RespValue> {
  context.running.add(pooled);
  try {
    return await pooled.connection.send(args, options);
  } catch (error) {
    if (error instanceof AbortError || error instanceof TimeoutError) {
      await unblock(context.shared, pooled);
    }
    throw error;
  } finally {
    context.running.delete(pooled);
  }
}

/**
 * Releases whatever `pooled` blocks on, as if its timeout had passed (CLIENT UNBLOCK's default:
 * the command replies nil, and that reply is read and dropped). A reply of 0 means the command
 * was not written, was already answered, or has not reached the server yet: a PING on the
 * connection itself then proves it is free. Anything else leaves the connection dirty.
 */
async function unblock(shared: Connection, pooled: PooledConnection<Connection>): Promise<void> {
  const id = pooled.id;
  if (id === undefined) {
    pooled.dirty = true;
    return;
  }
  try {
    const released = await shared.send(['CLIENT', 'UNBLOCK', id], { timeout: UNBLOCK_TIMEOUT_MS });
    if (released === 1) return;
    await pooled.connection.send(['PING'], { timeout: UNBLOCK_TIMEOUT_MS });
  } catch (error) {
    // An error reply still proves the connection answers in order; anything else does not.
    if (!(error instanceof ReplyError)) pooled.dirty = true;
  }
}

/**
 * Ends every blocking command in flight as if its timeout had passed, so that a graceful close
 * never waits on `BLPOP key 0` and no popped element is lost. Asks again while some are still
 * running (one may not have reached the server when it was first asked); after about
 * `UNBLOCK_TIMEOUT_MS`, destroys the connections of those that still run.
 */
export async function releaseBlocked(context: BlockingContext): Promise<void> {
  for (let round = 0; context.running.size > 0; round++) {
    if (round * UNBLOCK_RETRY_MS >= UNBLOCK_TIMEOUT_MS) {
      // Still running (written to a socket that is reconnecting, say): closing the
      // connection is what releases it now.
      for (const pooled of context.running) pooled.connection.destroy();
      return;
    }
    const asks = [...context.running].map((pooled) => {
      if (pooled.id === undefined) {
        pooled.connection.destroy();
        return Promise.resolve();
      }
      return context.shared.send(['CLIENT', 'UNBLOCK', pooled.id]).then(
        () => {},
        () => pooled.connection.destroy(),
      );
    });
    await Promise.all(asks);
    if (context.running.size > 0) await delay(UNBLOCK_RETRY_MS);
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
