/**
 * `instrumentRedwire`: subscribes to every diagnostics channel redwire publishes and records
 * what passes on the caller's meter. It holds no reference to any client: every client, cluster,
 * subscriber and cache of the process is measured, including those created later.
 */
import diagnostics from 'node:diagnostics_channel';
import type { Attributes } from '@opentelemetry/api';
import {
  type BatchTrace,
  CLIENT_CHANNELS,
  type CommandTrace,
  type PoolExhaustedEvent,
} from '@redwire/client';
import {
  CONNECTION_CHANNELS,
  type CommandRetriedEvent,
  type ConnectTrace,
  type DisconnectEvent,
  type OfflineQueueFullEvent,
  type ReconnectEvent,
} from '@redwire/connection';
import {
  type MessageDiagnostic,
  PUBSUB_CHANNELS,
  type ResubscribedDiagnostic,
} from '@redwire/pubsub';
import { batchAttributes, commandAttributes, errorType, serverAttributes } from './attributes.js';
import {
  CACHE_CHANNEL_NAME,
  type CachePayload,
  CLUSTER_CHANNEL_NAMES,
  type NodeSuspicionPayload,
  type RedirectPayload,
} from './channel-payloads.js';
import { createInstruments, type RedwireInstruments } from './instruments.js';
import { timeOperations } from './operation-timer.js';
import { type InstrumentRedwireOptions, resolveOtelOptions } from './options.js';
import { observePools } from './pool-usage.js';
import { ATTR, DB_SYSTEM } from './semantic-conventions.js';

/** What {@link instrumentRedwire} returns: the switch that turns the measuring off. */
export interface RedwireInstrumentation {
  /** Unsubscribes from every channel: nothing more is recorded. Calling it again does nothing. */
  stop(): void;
  /** The same as `stop()`, for `using instrumentation = instrumentRedwire(...)`. */
  [Symbol.dispose](): void;
}

/**
 * Records redwire's diagnostics channels as OpenTelemetry metrics on `meterProvider` (or
 * `meter`): `db.client.operation.duration` per command and batch, `db.client.connection.count`,
 * connection failures and reconnects, retries, pool usage and exhaustion, the cluster's redirects,
 * topology changes, failovers and suspected nodes, pub/sub messages, and cache hits and misses. The names are in
 * {@link REDWIRE_METRICS}. Call it before the clients connect, so the connection count starts
 * from their first connection.
 *
 * Only types are taken from `@opentelemetry/api`: nothing of it is loaded until you pass a
 * provider or a meter, so `redwire` works without OpenTelemetry installed.
 *
 * @throws UnknownOptionError for an option key it does not know
 * @throws MissingMeterError when neither `meterProvider` nor `meter` is given
 * @example
 * ```ts
 * import { metrics } from '@opentelemetry/api';
 * const instrumentation = instrumentRedwire({ meterProvider: metrics.getMeterProvider() });
 * // ... on shutdown
 * instrumentation.stop();
 * ```
 */
export function instrumentRedwire(options: InstrumentRedwireOptions): RedwireInstrumentation {
  const { meter, durationBuckets } = resolveOtelOptions(options);
  const instruments = createInstruments(meter, durationBuckets);
  const stops = [
    ...timeOperationsOf(instruments),
    ...countConnections(instruments),
    ...countClusterEvents(instruments),
    ...countPubSub(instruments),
    ...countCache(instruments),
    observePools(meter),
  ];
  const stop = () => {
    for (const unsubscribe of stops.splice(0)) unsubscribe();
  };
  return { stop, [Symbol.dispose]: stop };
}

/** Subscribes `record` to the point channel `name`; returns the function that unsubscribes. */
function onPoint<T>(name: string, record: (message: T) => void): () => void {
  const listener = (message: unknown) => record(message as T);
  diagnostics.subscribe(name, listener);
  return () => diagnostics.unsubscribe(name, listener);
}

const REDIS: Attributes = Object.freeze({ [ATTR.dbSystemName]: DB_SYSTEM });

function timeOperationsOf(m: RedwireInstruments): (() => void)[] {
  return [
    timeOperations<CommandTrace>(CLIENT_CHANNELS.command, (trace, seconds) =>
      m.operationDuration.record(seconds, commandAttributes(trace)),
    ),
    timeOperations<BatchTrace>(CLIENT_CHANNELS.batch, (trace, seconds) =>
      m.operationDuration.record(seconds, batchAttributes(trace)),
    ),
    timeOperations<ConnectTrace>(CONNECTION_CHANNELS.connect, (trace, seconds) => {
      const server = serverAttributes(trace);
      if (trace.error === undefined) {
        m.connectionCreateTime.record(seconds, server);
        m.connectionCount.add(1, server);
        return;
      }
      const failed = { ...server, [ATTR.errorType]: errorType(trace.error) };
      m.connectionCreateTime.record(seconds, failed);
      m.connectionFailures.add(1, failed);
    }),
  ];
}

function countConnections(m: RedwireInstruments): (() => void)[] {
  return [
    // A disconnect is published only for a connection that was ready: the one counted up above.
    onPoint<DisconnectEvent>(CONNECTION_CHANNELS.disconnect, (event) =>
      m.connectionCount.add(-1, serverAttributes(event)),
    ),
    onPoint<ReconnectEvent>(CONNECTION_CHANNELS.reconnect, (event) =>
      m.reconnects.add(1, { ...serverAttributes(event), [ATTR.errorType]: errorType(event.cause) }),
    ),
    onPoint<CommandRetriedEvent>(CONNECTION_CHANNELS.commandRetried, (event) =>
      m.commandRetries.add(1, {
        ...serverAttributes(event),
        [ATTR.dbOperationName]: event.command,
      }),
    ),
    onPoint<OfflineQueueFullEvent>(CONNECTION_CHANNELS.offlineQueueFull, (event) =>
      m.offlineQueueFull.add(1, {
        ...serverAttributes(event),
        [ATTR.dbOperationName]: event.command,
      }),
    ),
    onPoint<PoolExhaustedEvent>(CLIENT_CHANNELS.poolExhausted, (event) =>
      m.poolExhausted.add(1, { ...REDIS, [ATTR.poolExhaustedReason]: event.reason }),
    ),
  ];
}

function countClusterEvents(m: RedwireInstruments): (() => void)[] {
  return [
    onPoint<RedirectPayload>(CLUSTER_CHANNEL_NAMES.redirect, (event) =>
      m.redirects.add(1, {
        ...REDIS,
        [ATTR.redirectKind]: event.kind,
        [ATTR.dbOperationName]: event.command,
      }),
    ),
    onPoint<unknown>(CLUSTER_CHANNEL_NAMES.topology, () => m.topologyChanges.add(1, REDIS)),
    onPoint<unknown>(CLUSTER_CHANNEL_NAMES.failover, () => m.failovers.add(1, REDIS)),
    onPoint<NodeSuspicionPayload>(CLUSTER_CHANNEL_NAMES.nodeSuspected, (event) => {
      const attributes = nodeAttributes(event);
      m.nodeSuspicions.add(1, attributes);
      m.suspectedNodes.add(1, attributes);
    }),
    onPoint<NodeSuspicionPayload>(CLUSTER_CHANNEL_NAMES.nodeCleared, (event) =>
      m.suspectedNodes.add(-1, nodeAttributes(event)),
    ),
  ];
}

/** A suspected node's server and its role when suspected (the same on both events). */
function nodeAttributes(event: NodeSuspicionPayload): Attributes {
  return {
    ...serverAttributes({ serverAddress: event.address, serverPort: event.port }),
    [ATTR.nodeRole]: event.role,
  };
}

function countPubSub(m: RedwireInstruments): (() => void)[] {
  return [
    onPoint<MessageDiagnostic>(PUBSUB_CHANNELS.message, (event) =>
      m.messagesReceived.add(1, { ...REDIS, [ATTR.pubsubKind]: event.kind }),
    ),
    onPoint<unknown>(PUBSUB_CHANNELS.messageDropped, () => m.messagesDropped.add(1, REDIS)),
    onPoint<ResubscribedDiagnostic>(PUBSUB_CHANNELS.resubscribed, (event) =>
      m.resubscriptions.add(1, serverAttributes(event)),
    ),
  ];
}

function countCache(m: RedwireInstruments): (() => void)[] {
  return [
    onPoint<CachePayload>(CACHE_CHANNEL_NAME, ({ event, namespace }) => {
      const attributes = { [ATTR.cacheNamespace]: namespace };
      if (event === 'hit' || event === 'miss') {
        m.cacheLookups.add(1, { ...attributes, [ATTR.cacheResult]: event });
      } else if (event === 'load') m.cacheLoads.add(1, attributes);
      else if (event === 'load-error') m.cacheLoadErrors.add(1, attributes);
      else m.cacheEvents.add(1, { ...attributes, [ATTR.cacheEvent]: event });
    }),
  ];
}
