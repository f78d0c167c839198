/**
 * The typed command methods, defined once from the generated builders and installed on every
 * executor: on a client a method sends its command and resolves with the reply (normalised
 * for the commands of replies/table.ts); on a pipeline or transaction it records the command,
 * transform attached, and returns the batch, so calls chain.
 */
import type { RespValue } from '@redwire/protocol';
import type { BuiltCommand } from './command.js';
import { type CommandBuilders, commandBuilders } from './commands/generated/index.js';
import type { Text } from './replies/convert.js';
import { type InfoSections, infoSections } from './replies/info.js';
import { type ReplyMethod, replyTransforms } from './replies/table.js';
import type { CommandReplies, OptionDependent } from './replies/types.js';

/**
 * Commands kept off the shared, multiplexed client. Each changes state of the one connection
 * that every caller shares (and that a reconnect would silently reset), or belongs to another
 * API: MULTI/EXEC/DISCARD are `multi()`; SELECT/AUTH/HELLO/RESET are the `db`, `username`,
 * `password` and `protocol` options; SUBSCRIBE and friends are the subscriber's; MONITOR, SYNC
 * and PSYNC take the connection over; QUIT is `close()`. Each stays reachable through
 * `sendCommand`, and on an `isolated` connection.
 */
export const CLIENT_EXCLUDED = [
  'auth',
  'discard',
  'exec',
  'hello',
  'monitor',
  'multi',
  'psubscribe',
  'psync',
  'punsubscribe',
  'quit',
  'reset',
  'select',
  'ssubscribe',
  'subscribe',
  'sunsubscribe',
  'sync',
  'unsubscribe',
] as const;

/**
 * Commands that set state on the connection they run on, for the commands after them: WATCH
 * and UNWATCH (a transaction's watched keys), ASKING (the next command), READONLY and READWRITE
 * (replica reads), and CLIENT CACHING, NO-EVICT, REPLY, SETNAME and TRACKING. On the shared
 * connection they would act on every caller's commands (after CLIENT REPLY OFF no reply would
 * match its command) and a reconnect would silently undo them. So only the client `isolated`
 * lends has them as methods, and it tidies up after them; on a shared connection `sendCommand`
 * refuses them too (ASKING aside: the cluster client sends it right before its command).
 */
export const CONNECTION_STATE_COMMANDS = [
  'asking',
  'clientCaching',
  'clientNoEvict',
  'clientReply',
  'clientSetname',
  'clientTracking',
  'readonly',
  'readwrite',
  'unwatch',
  'watch',
] as const;

/** Commands a batch does not take: the transaction's own framing, and WATCH (before MULTI only). */
export const BATCH_EXCLUDED = ['discard', 'exec', 'multi', 'quit', 'unwatch', 'watch'] as const;

/**
 * One client method: a table command promises its normalised reply (typed from the call's
 * arguments when an option changes it), any other the raw `RespValue`.
 */
type ClientMethod<K extends keyof CommandBuilders, S extends Text> = K extends OptionDependent
  ? <A extends Parameters<CommandBuilders[K]>>(...args: A) => Promise<CommandReplies<S, A>[K]>
  : K extends ReplyMethod
    ? (
        ...args: Parameters<CommandBuilders[K]>
      ) => Promise<CommandReplies<S, Parameters<CommandBuilders[K]>>[K]>
    : (...args: Parameters<CommandBuilders[K]>) => Promise<RespValue>;

/**
 * Every command method of a client. `S` is the reply text type the view chose: `string`, or
 * `Buffer` for `withBuffers()`.
 */
export type ClientCommands<S extends Text = string> = {
  [K in Exclude<
    keyof CommandBuilders,
    (typeof CLIENT_EXCLUDED)[number] | (typeof CONNECTION_STATE_COMMANDS)[number]
  >]: ClientMethod<K, S>;
} & {
  /** INFO, parsed into sections of fields: `(await redis.infoParsed('server')).server?.redis_version`. */
  infoParsed(...sections: Parameters<CommandBuilders['info']>): Promise<InfoSections>;
};

/** The {@link CONNECTION_STATE_COMMANDS} as methods: what an `isolated` client adds. */
export type ConnectionStateCommands<S extends Text = string> = {
  [K in (typeof CONNECTION_STATE_COMMANDS)[number]]: ClientMethod<K, S>;
};

/** Every command method of a batch: records the command and returns the batch. */
export type BatchCommands<Self> = {
  [K in Exclude<keyof CommandBuilders, (typeof BATCH_EXCLUDED)[number]>]: (
    ...args: Parameters<CommandBuilders[K]>
  ) => Self;
} & {
  /** Records INFO; its reply in `exec()` is parsed into sections. */
  infoParsed(...sections: Parameters<CommandBuilders['info']>): Self;
};

type Build = (...args: unknown[]) => BuiltCommand<unknown>;
type TransformFactory = (...args: unknown[]) => BuiltCommand<unknown>['transform'];

/** What one installed method runs: the builder, and how its reply transform is had. */
interface MethodPlan {
  readonly name: string;
  readonly build: Build;
  /** A transform that does not depend on the call, resolved once at install time. */
  readonly fixed: BuiltCommand<unknown>['transform'];
  /** A factory that needs the call's arguments (SET with get, ZRANGE with withscores, ...). */
  readonly perCall: TransformFactory | undefined;
}

const factories = replyTransforms as unknown as Partial<Record<string, TransformFactory>>;

function plan(name: string, build: Build, factory: TransformFactory | undefined): MethodPlan {
  // Most factories ignore the call (`get: () => nullableText`): run those once, here, rather
  // than look the factory up and call it on every command (bench/client, one GET in flight).
  if (factory !== undefined && factory.length === 0) {
    return { name, build, fixed: factory(), perCall: undefined };
  }
  return { name, build, fixed: undefined, perCall: factory };
}

/** Every method to install: one per builder, plus `infoParsed` (INFO with a parsed reply). */
const METHODS: readonly MethodPlan[] = [
  ...(Object.entries(commandBuilders) as [string, Build][]).map(([name, build]) =>
    plan(name, build, factories[name]),
  ),
  {
    name: 'infoParsed',
    build: commandBuilders.info as Build,
    fixed: infoSections,
    perCall: undefined,
  },
];

/** Builds the command of one call, with its reply transform attached. */
function buildCall({ build, fixed, perCall }: MethodPlan, args: unknown[]): BuiltCommand<unknown> {
  return withTransform(build(...args), fixed ?? perCall?.(...args));
}

/** CommandBuilders return commands with a `transform` field (build-command.ts): it is set in place. */
function withTransform(
  command: BuiltCommand<unknown>,
  transform: BuiltCommand<unknown>['transform'],
): BuiltCommand<unknown> {
  if (transform !== undefined) (command as { transform: unknown }).transform = transform;
  return command;
}

/**
 * Defines a method per builder on `prototype`, each handing the built command to `run`. A
 * builder's TypeError for a bad argument becomes a rejected promise on a client (one error
 * channel per call) and a throw on a batch (the mistake is in the chain being written).
 */
export function installCommands(
  prototype: object,
  excluded: readonly string[],
  run: (self: never, command: BuiltCommand<unknown>) => unknown,
  mode: 'promise' | 'throw',
): void {
  const skip = new Set(excluded);
  install(prototype, (name) => !skip.has(name), run, mode);
}

/** {@link installCommands} for the named methods only: what a subclass adds to its parent's. */
export function installCommandSubset(
  prototype: object,
  names: readonly string[],
  run: (self: never, command: BuiltCommand<unknown>) => unknown,
  mode: 'promise' | 'throw',
): void {
  const wanted = new Set(names);
  install(prototype, (name) => wanted.has(name), run, mode);
}

function install(
  prototype: object,
  wanted: (name: string) => boolean,
  run: (self: never, command: BuiltCommand<unknown>) => unknown,
  mode: 'promise' | 'throw',
): void {
  for (const method of METHODS) {
    const { name } = method;
    if (!wanted(name) || Object.hasOwn(prototype, name)) continue;
    const fn =
      mode === 'promise'
        ? function (this: never, ...args: unknown[]) {
            let command: BuiltCommand<unknown>;
            try {
              command = buildCall(method, args);
            } catch (error) {
              return Promise.reject(error);
            }
            return run(this, command);
          }
        : function (this: never, ...args: unknown[]) {
            return run(this, buildCall(method, args));
          };
    Object.defineProperty(fn, 'name', { value: name });
    Object.defineProperty(prototype, name, { value: fn, writable: true, configurable: true });
  }
}
