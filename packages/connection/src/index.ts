/**
 * `@redwire/connection`: one socket to one Redis server (handshake, command queue, write
 * coalescing, timeouts, cancellation, reconnect). It does not do typed commands, pools or clusters.
 *
 * @packageDocumentation
 * @module @redwire/connection
 */
export { ProtocolError, RedisError, ReplyError, UnknownOptionError } from '@redwire/protocol';
export { whenAborted } from './abort-watch.js';
export { Connection } from './connection.js';
export type {
  ConnectionEvents,
  ConnectionStatus,
  ReconnectingEvent,
  SendOptions,
} from './connection-types.js';
export {
  type AsyncTrace,
  CONNECTION_CHANNELS,
  type CommandRetriedEvent,
  type ConnectTrace,
  type DisconnectEvent,
  isTraced,
  type OfflineQueueFullEvent,
  type ReconnectEvent,
  type ServerAttributes,
  startTrace,
} from './diagnostics.js';
export {
  AbortError,
  ConnectionError,
  type ConnectionErrorOptions,
  TimeoutError,
  type TimeoutErrorOptions,
} from './errors.js';
export {
  CONNECTION_OPTION_KEYS,
  checkConnectionOptionKeys,
  RECONNECT_OPTION_KEYS,
  SEND_OPTION_KEYS,
  TRACKING_OPTION_KEYS,
} from './option-keys.js';
export {
  CONNECTION_DEFAULTS,
  type ConnectionOptions,
  type ResolvedConnectionOptions,
  resolveConnectionOptions,
  type TlsMaterial,
  type TlsOptions,
  type TlsVerification,
} from './options.js';
export {
  observeOutcome,
  type ReplyObserver,
  type ReplySink,
  type ReplyTransform,
} from './pending-command.js';
export {
  type BackoffSettings,
  type CheckedReconnectStrategy,
  createReconnectStrategy,
  type ReconnectOptions,
  type ReconnectStrategy,
} from './reconnect.js';
export { describeAddress, redactOptions, redactUrl } from './redact.js';
export {
  type PubSubModeOptions,
  pubSubFrameKind,
  SUBSCRIPTION_COMMANDS,
} from './subscriber-mode.js';
export type { ResolvedTracking, TrackingMode, TrackingOptions } from './tracking.js';
export { parseRedisUrl } from './url.js';
