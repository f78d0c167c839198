/**
 * The typed command methods, defined once from the generated builders and installed on every
 * executor: on a client a method sends its command and resolves with the reply; on a pipeline
 * or transaction it records the command and returns the batch, so calls chain.
 */
import type { RespValue } from '@redwire/protocol';
import type { BuiltCommand } from './command.js';
import { type CommandBuilders, commandBuilders } from './commands/generated/index.js';

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

/** Commands a batch does not take: the transaction's own framing, and WATCH (before MULTI only). */
export const BATCH_EXCLUDED = ['discard', 'exec', 'multi', 'quit', 'unwatch', 'watch'] as const;

type Builders = CommandBuilders;

/** Every command method of a client: a promise of the raw reply (normalised replies come per command). */
export type ClientCommands = {
  [K in Exclude<keyof Builders, (typeof CLIENT_EXCLUDED)[number]>]: (
    ...args: Parameters<Builders[K]>
  ) => Promise<RespValue>;
};

/** Every command method of a batch: records the command and returns the batch. */
export type BatchCommands<Self> = {
  [K in Exclude<keyof Builders, (typeof BATCH_EXCLUDED)[number]>]: (
    ...args: Parameters<Builders[K]>
  ) => Self;
};

/**
 * Defines a method per builder on `prototype`, each handing the built command to `run`. A
 * builder's TypeError for a bad argument becomes a rejected promise on a client (one error
 * channel per call) and a throw on a batch (the mistake is in the chain being written).
 */
export function installCommands(
  prototype: object,
  excluded: readonly string[],
  run: (self: never, command: BuiltCommand) => unknown,
  mode: 'promise' | 'throw',
): void {
  const skip = new Set(excluded);
  for (const [name, build] of Object.entries(commandBuilders) as [
    string,
    (...args: unknown[]) => BuiltCommand,
  ][]) {
    if (skip.has(name) || Object.hasOwn(prototype, name)) continue;
    const method =
      mode === 'promise'
        ? function (this: never, ...args: unknown[]) {
            let command: BuiltCommand;
            try {
              command = build(...args);
            } catch (error) {
              return Promise.reject(error);
            }
            return run(this, command);
          }
        : function (this: never, ...args: unknown[]) {
            return run(this, build(...args));
          };
    Object.defineProperty(method, 'name', { value: name });
    Object.defineProperty(prototype, name, { value: method, writable: true, configurable: true });
  }
}
