/**
 * The names this package records under: the OpenTelemetry semantic conventions for database
 * client metrics where they define one (`db.client.*`, `db.*`, `server.*`, `error.type`), and
 * `redwire.*` for what only redwire knows (redirects, failovers, the pool, pub/sub, the cache).
 * Kept as constants rather than imported from `@opentelemetry/semantic-conventions`: a handful of
 * stable strings is not worth a dependency, and the unstable `db.*` names live only in that
 * package's `incubating` entry point.
 */

/** The metric names, as a view or a query names them. */
export const REDWIRE_METRICS = Object.freeze({
  /** Histogram (s): a command, pipeline, `multi()` or split command from the call to its reply. */
  operationDuration: 'db.client.operation.duration',
  /** UpDownCounter: connections that completed their handshake and are not closed or lost. */
  connectionCount: 'db.client.connection.count',
  /** Histogram (s): one connection attempt, socket and handshake, whatever its outcome. */
  connectionCreateTime: 'db.client.connection.create_time',
  /** Counter: connection attempts that failed (`error.type` says why). */
  connectionFailures: 'redwire.connection.failures',
  /** Counter: reconnect attempts scheduled after a loss or a failed attempt. */
  reconnects: 'redwire.connection.reconnects',
  /** Counter: commands written again after their connection died before the reply. */
  commandRetries: 'redwire.command.retries',
  /** Counter: commands refused because the offline queue was full. */
  offlineQueueFull: 'redwire.offline_queue.full',
  /** Counter: callers refused or timed out by the pool of dedicated connections. */
  poolExhausted: 'redwire.pool.exhausted',
  /** ObservableUpDownCounter: pooled connections by `db.client.connection.state` (`idle`, `used`, `opening`). */
  poolConnections: 'redwire.pool.connections',
  /** ObservableUpDownCounter: callers waiting for a pooled connection. */
  poolPendingRequests: 'db.client.connection.pending_requests',
  /** ObservableUpDownCounter: a pool's `maxConnections`. */
  poolMax: 'db.client.connection.max',
  /** Counter: MOVED and ASK redirections followed, by `redwire.cluster.redirect.kind`. */
  redirects: 'redwire.cluster.redirects',
  /** Counter: slot map rebuilds in which something moved. */
  topologyChanges: 'redwire.cluster.topology.changes',
  /** Counter: replicas promoted to primary. */
  failovers: 'redwire.cluster.failovers',
  /** Counter: nodes suspected (commands awaiting replies, none read, while other nodes answered). */
  nodeSuspicions: 'redwire.cluster.node.suspicions',
  /** UpDownCounter: nodes suspected now (up on `node-suspected`, down on `node-cleared`). */
  suspectedNodes: 'redwire.cluster.node.suspected',
  /** Counter: pub/sub messages received, by `redwire.pubsub.kind`. */
  messagesReceived: 'redwire.pubsub.messages.received',
  /** Counter: pub/sub messages a full stream dropped (`overflow: 'dropOldest'`). */
  messagesDropped: 'redwire.pubsub.messages.dropped',
  /** Counter: subscriber connections whose subscriptions were restored after a reconnect. */
  resubscriptions: 'redwire.pubsub.resubscriptions',
  /** Counter: cache reads, by `redwire.cache.result` (`hit` or `miss`). */
  cacheLookups: 'redwire.cache.lookups',
  /** Counter: loader calls of a cache. */
  cacheLoads: 'redwire.cache.loads',
  /** Counter: loader calls that threw or rejected. */
  cacheLoadErrors: 'redwire.cache.load_errors',
  /** Counter: the cache's other events (`stale`, `lock-wait`, `lock-timeout`, ...), by `redwire.cache.event`. */
  cacheEvents: 'redwire.cache.events',
} as const);

/** Attribute names. @internal */
export const ATTR = Object.freeze({
  dbSystemName: 'db.system.name',
  dbOperationName: 'db.operation.name',
  dbNamespace: 'db.namespace',
  dbBatchSize: 'db.operation.batch.size',
  serverAddress: 'server.address',
  serverPort: 'server.port',
  errorType: 'error.type',
  redirectKind: 'redwire.cluster.redirect.kind',
  nodeRole: 'redwire.cluster.node.role',
  poolExhaustedReason: 'redwire.pool.exhausted.reason',
  connectionState: 'db.client.connection.state',
  disconnectReason: 'redwire.connection.disconnect.reason',
  pubsubKind: 'redwire.pubsub.kind',
  cacheNamespace: 'redwire.cache.namespace',
  cacheResult: 'redwire.cache.result',
  cacheEvent: 'redwire.cache.event',
} as const);

/** `db.system.name` of every measurement. @internal */
export const DB_SYSTEM = 'redis';
