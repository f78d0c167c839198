/**
 * The diagnostics channels the client publishes to (`redwire:command`, `redwire:batch`,
 * `redwire:pool-exhausted`), their payloads, and how a command's arguments are shown in them:
 * its name and its keys, every other value replaced by `?`, and nothing at all after the name of
 * a command that carries a secret. The cluster client publishes the same command and batch
 * channels, with the slot and node added. See docs/observability.md.
 */
import diagnostics, { type TracingChannel } from 'node:diagnostics_channel';
import type { ServerAttributes } from '@redwire/connection';
import type { CommandArgument } from '@redwire/protocol';
import type { CommandSpec } from './command.js';
import { extractKeys } from './key-specs.js';

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
 * A {@link CommandTrace} as the client publishes it: the arguments are redacted when a
 * subscriber first reads `args`, so one that only counts or times commands pays nothing for
 * them. `args` is a getter: spread the object or use `JSON.stringify` (which calls `toJSON`) to
 * copy every field.
 * @internal
 */
export class CommandTraceContext implements CommandTrace {
  readonly command: string;
  serverAddress: string | undefined;
  serverPort: number | undefined;
  database: number | undefined;
  slot?: number;
  node?: string;
  redirects?: RedirectStep[];
  result?: unknown;
  error?: unknown;
  readonly #args: readonly CommandArgument[];
  readonly #spec: CommandSpec | undefined;
  #shown: readonly string[] | undefined;

  constructor(
    args: readonly CommandArgument[],
    spec: CommandSpec | undefined,
    server: Partial<ServerAttributes>,
  ) {
    this.command = commandNameOf(args, spec);
    this.serverAddress = server.serverAddress;
    this.serverPort = server.serverPort;
    this.database = server.database;
    this.#args = args;
    this.#spec = spec;
  }

  /** The arguments after the name, keys kept and every other value `?`. */
  get args(): readonly string[] {
    this.#shown ??= redactArguments(this.#args, this.#spec);
    return this.#shown;
  }

  /** Every field, `args` included. */
  toJSON(): CommandTrace {
    return { ...this, args: this.args };
  }
}

/** The names of the client's channels, as subscribers pass them to `diagnostics_channel`. */
export const CLIENT_CHANNELS = Object.freeze({
  command: 'redwire:command',
  batch: 'redwire:batch',
  poolExhausted: 'redwire:pool-exhausted',
} as const);

/** @internal */
export const commandChannel: TracingChannel<object, CommandTrace> = diagnostics.tracingChannel(
  CLIENT_CHANNELS.command,
);
/** @internal */
export const batchChannel: TracingChannel<object, BatchTrace> = diagnostics.tracingChannel(
  CLIENT_CHANNELS.batch,
);
/** @internal */
export const poolExhaustedChannel = diagnostics.channel(CLIENT_CHANNELS.poolExhausted);

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
