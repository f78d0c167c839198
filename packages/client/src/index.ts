/**
 * `@redwire/client`: the standalone `RedisClient` (one shared, automatically pipelined
 * connection; `sendCommand`; views with per-call options or Buffer replies). It never names
 * the cluster. Typed command methods, pipelines, transactions and the pool build on this.
 *
 * @packageDocumentation
 * @module @redwire/client
 */
export { ProtocolError, RedisError, ReplyError, UnknownOptionError } from '@redwire/protocol';
export type { CommandChannel } from './batch.js';
export { BatchOutcomes } from './batch-outcomes.js';
export { blockingTimeMs } from './blocking.js';
export { type IsolatedClient, type IsolatedViews, RedisClient } from './client.js';
export {
  ClientSideCache,
  type ClientSideCacheStats,
  type SendRead,
} from './client-side-cache/client-side-cache.js';
export {
  CLIENT_SIDE_CACHE_DEFAULTS,
  CLIENT_SIDE_CACHE_OPTION_KEYS,
  type ClientSideCacheOptions,
  type ClientSideCacheSettings,
  resolveClientSideCache,
} from './client-side-cache/options.js';
export type { BuiltCommand, CommandSpec, KeySpec } from './command.js';
export {
  type CommandDocs,
  type CommandInfo,
  commandInfoName,
  commandSpecFromInfo,
  parseCommandInfo,
  type ServerKeySearch,
  type ServerKeySpec,
  toKeySpec,
} from './command-info.js';
export type {
  Pairs,
  RedisKey,
  RedisValue,
  ScoreBound,
  Token,
  UnixTime,
} from './commands/arguments.js';
// Every command's options type (`ZaddOptions`, `SetOptions`, …), as the generator lists them.
export type * from './commands/generated/index.js';
export { commandBuilders, commandSpecs } from './commands/generated/index.js';
export { createClient, createUntracedClient } from './create-client.js';
export {
  type BatchTrace,
  CLIENT_CHANNELS,
  type CommandTrace,
  CommandTraceContext,
  commandNameOf,
  type PoolExhaustedEvent,
  type PoolLifecycleEvent,
  type PoolUsage,
  type RedirectStep,
  redactArguments,
} from './diagnostics.js';
export {
  ClientSideCacheError,
  ExecError,
  PoolExhaustedError,
  type SettledReply,
  WatchError,
} from './errors.js';
export { type ExtractKeysOptions, extractKeys } from './key-specs.js';
export {
  BATCH_EXCLUDED,
  type BatchCommands,
  CLIENT_EXCLUDED,
  type ClientCommands,
  CONNECTION_STATE_COMMANDS,
  type ConnectionStateCommands,
  installCommands,
} from './methods.js';
export { Multi } from './multi.js';
export {
  CLIENT_DEFAULTS,
  CLIENT_OPTION_KEYS,
  type ClientOptions,
  type PoolSettings,
  type PoolWhenExhausted,
} from './options.js';
export { Pipeline } from './pipeline.js';
export type { PoolStats } from './pool.js';
export type { Text } from './replies/convert.js';
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
export {
  checkScanOptions,
  type HashEntry,
  SCAN_ITERATOR_OPTION_KEYS,
  SCAN_PAGE_OPTION_KEYS,
  type ScanIteratorOptions,
  type ScanPageOptions,
  type ScanSource,
  type ScanValue,
  type SortedSetEntry,
  scanHash,
  scanKeys,
  scanSet,
  scanSortedSet,
} from './scan.js';
export {
  defineScript,
  Script,
  type ScriptBatch,
  type ScriptCall,
  type ScriptOptions,
} from './script.js';
export { COMMAND_OPTION_KEYS, type CommandOptions, type CommandSender } from './sender.js';
export { TRANSACTION_OPTION_KEYS, type TransactionOptions } from './transaction.js';
