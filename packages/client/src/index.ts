/**
 * `@redwire/client`: the standalone `RedisClient` (one shared, automatically pipelined
 * connection; `sendCommand`; views with per-call options or Buffer replies). It never names
 * the cluster. Typed command methods, pipelines, transactions and the pool build on this.
 *
 * @packageDocumentation
 */
export { ProtocolError, RedisError, ReplyError } from '@redwire/protocol';
export { blockingTimeMs } from './blocking.js';
export { RedisClient } from './client.js';
export type { BuiltCommand, CommandSpec, KeySpec } from './command.js';
export { createClient } from './create-client.js';
export { ExecError, PoolExhaustedError, type SettledReply, WatchError } from './errors.js';
export type { BatchCommands, ClientCommands } from './methods.js';
export { Multi } from './multi.js';
export { CLIENT_DEFAULTS, type ClientOptions, type PoolWhenExhausted } from './options.js';
export { Pipeline } from './pipeline.js';
export type { PoolStats } from './pool.js';
export { type InfoSections, parseInfo } from './replies/info.js';
export type {
  CommandReplies,
  HashField,
  HashScanPage,
  PendingStreamEntry,
  PoppedElement,
  PoppedMember,
  ScanPage,
  ScoredMember,
  SetScanPage,
  SortedSetScanPage,
  StreamEntry,
  StreamMessages,
} from './replies/types.js';
export type {
  HashEntry,
  ScanIteratorOptions,
  ScanPageOptions,
  ScanValue,
  SortedSetEntry,
} from './scan.js';
export {
  defineScript,
  Script,
  type ScriptBatch,
  type ScriptCall,
  type ScriptOptions,
} from './script.js';
export type { CommandOptions, CommandSender } from './sender.js';
export type { TransactionOptions } from './transaction.js';
