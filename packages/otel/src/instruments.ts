/** The instruments `instrumentRedwire` records on, made once on the caller's meter. */
import type { Counter, Histogram, Meter, UpDownCounter } from '@opentelemetry/api';
import { REDWIRE_METRICS as M } from './semantic-conventions.js';

/** Every instrument, by what it measures. */
export interface RedwireInstruments {
  readonly operationDuration: Histogram;
  readonly connectionCount: UpDownCounter;
  readonly connectionCreateTime: Histogram;
  readonly connectionFailures: Counter;
  readonly reconnects: Counter;
  readonly commandRetries: Counter;
  readonly offlineQueueFull: Counter;
  readonly poolExhausted: Counter;
  readonly redirects: Counter;
  readonly topologyChanges: Counter;
  readonly failovers: Counter;
  readonly nodeSuspicions: Counter;
  readonly suspectedNodes: UpDownCounter;
  readonly messagesReceived: Counter;
  readonly messagesDropped: Counter;
  readonly resubscriptions: Counter;
  readonly cacheLookups: Counter;
  readonly cacheLoads: Counter;
  readonly cacheLoadErrors: Counter;
  readonly cacheEvents: Counter;
}

/** Makes the instruments on `meter`; units follow the conventions (`s`, `{connection}`, ...). */
export function createInstruments(
  meter: Meter,
  durationBuckets: readonly number[],
): RedwireInstruments {
  const advice = { explicitBucketBoundaries: [...durationBuckets] };
  const counter = (name: string, unit: string, description: string) =>
    meter.createCounter(name, { unit, description });
  return {
    operationDuration: meter.createHistogram(M.operationDuration, {
      unit: 's',
      description: 'Duration of database client operations (commands and batches).',
      advice,
    }),
    connectionCount: meter.createUpDownCounter(M.connectionCount, {
      unit: '{connection}',
      description: 'Connections that completed their handshake and are still open.',
    }),
    connectionCreateTime: meter.createHistogram(M.connectionCreateTime, {
      unit: 's',
      description: 'Time to open a connection and run its handshake.',
      advice,
    }),
    connectionFailures: counter(M.connectionFailures, '{attempt}', 'Failed connection attempts.'),
    reconnects: counter(M.reconnects, '{attempt}', 'Reconnect attempts scheduled.'),
    commandRetries: counter(
      M.commandRetries,
      '{command}',
      'Commands written again after their connection was lost before the reply.',
    ),
    offlineQueueFull: counter(
      M.offlineQueueFull,
      '{command}',
      'Commands refused because the offline queue was full.',
    ),
    poolExhausted: counter(
      M.poolExhausted,
      '{request}',
      'Requests for a pooled connection refused or timed out.',
    ),
    redirects: counter(M.redirects, '{redirect}', 'MOVED and ASK redirections followed.'),
    topologyChanges: counter(M.topologyChanges, '{change}', 'Cluster slot map changes.'),
    failovers: counter(M.failovers, '{failover}', 'Replicas promoted to primary.'),
    nodeSuspicions: counter(
      M.nodeSuspicions,
      '{node}',
      'Nodes suspected: commands awaited replies and none came while other nodes answered.',
    ),
    suspectedNodes: meter.createUpDownCounter(M.suspectedNodes, {
      unit: '{node}',
      description: 'Cluster nodes suspected now.',
    }),
    messagesReceived: counter(M.messagesReceived, '{message}', 'Pub/sub messages received.'),
    messagesDropped: counter(
      M.messagesDropped,
      '{message}',
      'Pub/sub messages dropped by a full stream.',
    ),
    resubscriptions: counter(
      M.resubscriptions,
      '{connection}',
      'Subscriber connections whose subscriptions were restored after a reconnect.',
    ),
    cacheLookups: counter(M.cacheLookups, '{lookup}', 'Cache reads, by hit or miss.'),
    cacheLoads: counter(M.cacheLoads, '{load}', 'Cache loader calls.'),
    cacheLoadErrors: counter(M.cacheLoadErrors, '{load}', 'Cache loader calls that failed.'),
    cacheEvents: counter(M.cacheEvents, '{event}', 'Other cache events, by event.'),
  };
}
