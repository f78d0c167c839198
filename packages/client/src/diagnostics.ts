/**
 * The diagnostics channels the client publishes to (`redwire:command`, `redwire:batch`,
 * `redwire:pool-exhausted`), their payloads, and how a command's arguments are shown in them:
 * its name and its keys, every other value replaced by `?`, and nothing at all after the name of
 * a command that carries a secret. The cluster client publishes the same command and batch
 * channels, with the slot and node added. See docs/observability.md.
 */

import { AsyncLocalStorage } from 'node:async_hooks';
import { Buffer } from 'node:buffer';
import diagnostics, { type TracingChannel } from 'node:diagnostics_channel';
import type { ReplyObserver, ServerAttributes } from '@redwire/connection';
import type { CommandArgument, RespValue } from '@redwire/protocol';
import type { CommandSpec } from './command.js';
import { extractKeys } from './key-specs.js';
import type { PoolStats } from './pool.js';

/** One MOVED or ASK a cluster command followed, in a {@link CommandTrace}. */
export interface RedirectStep {
  readonly kind: 'MOVED' | 'ASK';
  readonly slot: number;
  /** The node that answered with the redirection (`host:port`). */
  readonly from: string;
  /** The node it pointed to. */
  readonly to: string;
}

/**
 * `redwire:command` (a TracingChannel: `start`, `end`, `asyncStart`, `asyncEnd`, `error`): one
 * command as the caller sent it, from the call to its reply. On a cluster the server attributes
 * are the node's that answered, and a command split across slots is one `redwire:batch` instead.
 */
export interface CommandTrace {
  /** Host name or IP address of the server (on a cluster: of the node, once chosen). */
  serverAddress?: string | undefined;
  /** Its TCP port; `undefined` for a unix socket. */
  serverPort?: number | undefined;
  /** The database selected (always 0 on a cluster). */
  database?: number | undefined;
  /** Upper case, with the subcommand for containers: `GET`, `CONFIG SET`. */
  readonly command: string;
  /** The arguments after the name: keys as given (Buffers as hex), every other value `?`. */
  readonly args: readonly string[];
  /** Cluster: the slot the command was routed by, when it has keys. */
  slot?: number;
  /** Cluster: the node (`host:port`) the command went to last. */
  node?: string;
  /** Cluster: every MOVED and ASK followed, in order. */
  redirects?: RedirectStep[];
  /** The reply, once it came (set before `asyncStart`). */
  result?: unknown;
  /** Why it failed (set before `error`). */
  error?: unknown;
}

/**
 * `redwire:batch` (a TracingChannel): a pipeline, a `multi()`, or the parts of a command split
 * across slots on a cluster, from `exec()` (or the call) to the last reply.
 */
export interface BatchTrace extends Partial<ServerAttributes> {
  readonly kind: 'pipeline' | 'multi' | 'split';
  /** How many commands (for a split: parts) the batch holds. */
  readonly batchSize: number;
  /** Each command's name, in order. */
  readonly commands: readonly string[];
  /** The outcomes, once they came. */
  result?: unknown;
  error?: unknown;
}

/** `redwire:pool-exhausted`: a caller could not get a pooled connection (blocking commands, `isolated`). */
export interface PoolExhaustedEvent {
  /** `'fail'`: none free and `poolWhenExhausted: 'fail'`; `'queue'`: `maxPoolWaiters` already wait; `'timeout'`: none within `poolTimeout`. */
  readonly reason: 'fail' | 'queue' | 'timeout';
  readonly maxConnections: number;
  /** Callers waiting for a connection when it happened. */
  readonly waiters: number;
}

/**
 * `redwire:pool`: a client's pool of dedicated connections (blocking commands, `isolated()`)
 * opened (with its client) or closed. The event carries no counts: `usage.stats` reads them when
 * asked, so a metrics reader samples every open pool at each collection and the pool publishes
 * nothing while it lends and takes back connections.
 */
export interface PoolLifecycleEvent extends Partial<ServerAttributes> {
  readonly state: 'open' | 'closed';
  /** The pool's counts, read at the moment `stats` is read (the same object for both events). */
  readonly usage: PoolUsage;
}

/** A read-only view of one pool, for {@link PoolLifecycleEvent}. */
export interface PoolUsage {
  /** Its connections by state and its waiting callers, now. */
  readonly stats: PoolStats;
}

/**
 * A {@link CommandTrace} as the client publishes it: the arguments are redacted when a
 * subscriber reads `args`, so one that only counts or times commands pays nothing for them.
 * `args` is a getter on the prototype (each read redacts anew), so a spread (`{ ...ctx }`)
 * leaves it out: use `toJSON()` or `JSON.stringify` (which calls it) to copy every field.
 *
 * Built for every traced command, so it is kept lean: its fields are plain assignments in the
 * constructor (`declare`d, no class-field initializers, which define each property one by one),
 * and `slot`, `node` and `redirects` appear only on a cluster's. Measured against the class
 * with field initializers and a cached `args`, in one process with an idle subscriber: 2–4%
 * less client CPU per command on the mixed workload (issue 23).
 * @internal
 */
export class CommandTraceContext implements CommandTrace, ReplyObserver {
  declare readonly command: string;
  declare serverAddress: string | undefined;
  declare serverPort: number | undefined;
  declare database: number | undefined;
  declare slot?: number;
  declare node?: string;
  declare redirects?: RedirectStep[];
  declare result?: unknown;
  declare error?: unknown;
  readonly #args: readonly CommandArgument[];
  readonly #spec: CommandSpec | undefined;

  constructor(
    args: readonly CommandArgument[],
    spec: CommandSpec | undefined,
    server: Partial<ServerAttributes>,
  ) {
    this.command = commandNameOf(args, spec);
    this.serverAddress = server.serverAddress;
    this.serverPort = server.serverPort;
    this.database = server.database;
    this.result = undefined;
    this.error = undefined;
    this.#args = args;
    this.#spec = spec;
  }

  /** The arguments after the name, keys kept and every other value `?`. */
  get args(): readonly string[] {
    return redactArguments(this.#args, this.#spec);
  }

  /** Every field, `args` included. */
  toJSON(): CommandTrace {
    return { ...this, args: this.args };
  }

  /**
   * Ends the trace with the command's outcome, as `tracePromise` would once its promise settled:
   * `error` first for a failure, then `asyncStart` and `asyncEnd`. The connection calls it on the
   * reply's own tick (see `needsTracePromise()`).
   */
  settled(outcome: RespValue | Error): void {
    if (outcome instanceof Error) {
      this.error = outcome;
      commandChannel.error.publish(this);
    } else {
      this.result = outcome;
    }
    commandChannel.asyncStart.publish(this);
    commandChannel.asyncEnd.publish(this);
  }
}

/** The names of the client's channels, as subscribers pass them to `diagnostics_channel`. */
export const CLIENT_CHANNELS = Object.freeze({
  command: 'redwire:command',
  batch: 'redwire:batch',
  poolExhausted: 'redwire:pool-exhausted',
  pool: 'redwire:pool',
} as const);

/** @internal */
export const commandChannel: TracingChannel<object, CommandTrace> = diagnostics.tracingChannel(
  CLIENT_CHANNELS.command,
);
/**
 * Whether a traced command must go through `tracePromise`. Without it the client publishes
 * `start` and `end` around the call and hands the context to the connection as the command's
 * {@link ReplyObserver}, so `asyncStart` and `asyncEnd` go out on the reply's own tick: an idle
 * subscriber then costs a few publishes per command, where `tracePromise` chains a promise to
 * each one (12–28% of the mixed workload's throughput, bench/diagnostics). `tracePromise` is
 * still used when someone has bound a store to the channel (AsyncLocalStorage via `bindStore`):
 * it runs the call inside the store, and publishes the end from a continuation that sees it.
 * @internal
 */
export function needsTracePromise(): boolean {
  if (!STORES_VISIBLE) return true;
  const { start, asyncStart, asyncEnd } = commandChannel;
  return hasStores(start) || hasStores(asyncStart) || hasStores(asyncEnd);
}

/**
 * Node keeps an event's bound stores in `_stores`, made by its first `bindStore` (Node 20 to
 * 24; the probe below and diagnostics.test.ts, run on each Node release CI runs, check it still
 * does); on a Node that keeps them elsewhere every trace takes `tracePromise`, which only costs
 * speed.
 */
interface StoreHolder {
  readonly _stores?: Map<unknown, unknown>;
}

function hasStores(event: object): boolean {
  const stores = (event as StoreHolder)._stores;
  return stores !== undefined && stores.size > 0;
}

const STORES_VISIBLE = ((): boolean => {
  const probe = diagnostics.channel('redwire:internal:stores-probe');
  const store = new AsyncLocalStorage();
  probe.bindStore(store);
  const visible = hasStores(probe);
  probe.unbindStore(store);
  return visible;
})();

/** @internal */
export const batchChannel: TracingChannel<object, BatchTrace> = diagnostics.tracingChannel(
  CLIENT_CHANNELS.batch,
);
/** @internal */
export const poolExhaustedChannel = diagnostics.channel(CLIENT_CHANNELS.poolExhausted);
/** @internal */
export const poolChannel = diagnostics.channel(CLIENT_CHANNELS.pool);

/**
 * Commands whose arguments may hold a password or a credential: only their name is shown.
 * MIGRATE takes `AUTH password` or `AUTH2 user password`.
 */
const SECRET_COMMANDS: ReadonlySet<string> = new Set([
  'AUTH',
  'HELLO',
  'MIGRATE',
  'ACL SETUSER',
  'ACL DRYRUN',
  'CONFIG SET',
]);

/** A command's name as payloads show it: upper case, with the subcommand for containers. */
export function commandNameOf(
  args: readonly CommandArgument[],
  spec: CommandSpec | undefined,
): string {
  return spec?.name ?? String(args[0]).toUpperCase();
}

/**
 * The arguments after a command's name (and subcommand) as diagnostics show them: its keys, by
 * the command's own key specs, as given (a Buffer in hex); every other value `?`. A command that
 * may carry a secret (AUTH, HELLO, MIGRATE, ACL SETUSER, CONFIG SET) shows none, and neither does
 * a command whose keys cannot be told (no spec).
 *
 * @example
 * ```ts
 * redactArguments(['SET', 'user:1', 'ada', 'EX', '60'], commandSpecs.SET); // ['user:1', '?', '?', '?']
 * ```
 */
export function redactArguments(
  args: readonly CommandArgument[],
  spec: CommandSpec | undefined,
): string[] {
  const name = commandNameOf(args, spec);
  const skip = name.includes(' ') ? 2 : 1;
  if (spec === undefined || SECRET_COMMANDS.has(name)) return args.slice(skip).map(() => '?');
  let keys: Set<CommandArgument>;
  try {
    keys = new Set(extractKeys(spec, args));
  } catch {
    keys = new Set();
  }
  return args.slice(skip).map((arg) => (keys.has(arg) ? show(arg) : '?'));
}

function show(arg: CommandArgument): string {
  return Buffer.isBuffer(arg) || arg instanceof Uint8Array
    ? Buffer.from(arg).toString('hex')
    : String(arg);
}
