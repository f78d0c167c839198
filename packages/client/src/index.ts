/**
 * `@redwire/client`: the standalone `RedisClient` (one shared, automatically pipelined
 * connection; `sendCommand`; views with per-call options or Buffer replies). It never names
 * the cluster. Typed command methods, pipelines, transactions and the pool build on this.
 *
 * @packageDocumentation
 */
export { ProtocolError, RedisError, ReplyError } from '@redwire/protocol';
export { RedisClient } from './client.js';
export type { BuiltCommand, CommandSpec, KeySpec } from './command.js';
export { createClient } from './create-client.js';
export type { ClientOptions } from './options.js';
export type { CommandOptions, CommandSender } from './sender.js';
