/**
 * The service: one `RedisCluster` for the process, the origin database, the product cache, and
 * the Fastify app with its routes. `startService` builds it all; `close()` stops accepting,
 * lets requests in flight finish, then closes the cache, the cluster and the database.
 */
import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyServerOptions,
} from 'fastify';
import { type Cache, createCache, createCluster, type RedisCluster } from 'redwire';
import type { DemoConfig } from './config.js';
import { Dashboard } from './dashboard/dashboard.js';
import { DegradedLog } from './degraded-log.js';
import { OriginUnavailableError } from './errors.js';
import { KILL_PRIMARY_ROUTE } from './kill-primary.js';
import { Leaderboard } from './leaderboard.js';
import { Catalog } from './origin/catalog.js';
import { openPgliteDatabase } from './origin/pglite-database.js';
import { openPostgresDatabase } from './origin/postgres-database.js';
import type { SqlDatabase } from './origin/sql-database.js';
import { ProductCache } from './product-cache.js';
import { ProductSnapshots } from './product-snapshots.js';
import { RateLimiter } from './rate-limiter.js';
import { trackRedwire } from './redwire-metrics.js';
import { DASHBOARD_ROUTES, registerDashboardRoutes } from './routes/dashboard-routes.js';
import { registerLeaderboardRoutes } from './routes/leaderboard-routes.js';
import { registerMetricsRoutes } from './routes/metrics-routes.js';
import { registerProductRoutes } from './routes/product-routes.js';
import { createServiceMetrics } from './service-metrics.js';

/** A running service. */
export interface DemoService {
  /** The Fastify app (not listening until `listen` is called). */
  readonly app: FastifyInstance;
  /** The origin's catalogue: `catalog.lookups` counts what reached the database. */
  readonly catalog: Catalog;
  /** The product cache (its `stats`, its `invalidate` events). */
  readonly cache: Cache;
  /** The process's one cluster client. */
  readonly cluster: RedisCluster;
  /** The live dashboard's state (`note` adds to its list of events). */
  readonly dashboard: Dashboard;
  /** Listens on `port` (0: any free one) and returns the base URL. */
  listen(port: number, host?: string): Promise<string>;
  /** Stops accepting, drains requests in flight, then closes cache, cluster and database. */
  close(): Promise<void>;
}

/** Options that are not settings of the service itself. */
export interface StartOptions {
  /** Fastify's logger option. @defaultValue `true` (pino, info level) */
  readonly logger?: FastifyServerOptions['logger'];
  /**
   * An origin the caller opened and will close: several services on one database, as several
   * processes of one deployment share it (the tests). By default the service opens its own from
   * `config` and closes it.
   */
  readonly database?: SqlDatabase;
}

/**
 * Opens the origin (seeding it if needed), creates the cluster client and the cache, and builds
 * the app. Nothing listens yet.
 * @throws the database's error when it cannot be opened or seeded
 */
export async function startService(
  config: DemoConfig,
  options: StartOptions = {},
): Promise<DemoService> {
  const app = Fastify({
    logger: options.logger ?? true,
    // Unknown fields in a body are refused (400), not silently dropped.
    ajv: { customOptions: { removeAdditional: false } },
  });
  const db = options.database ?? (await openDatabase(config));
  const closeDb = options.database === undefined ? () => db.close() : async () => {};
  const catalog = new Catalog(db);
  try {
    await catalog.seed(config.productCount);
  } catch (error) {
    await closeDb();
    throw error;
  }

  const cluster = createCluster({
    nodes: config.redisNodes,
    commandTimeout: config.redisTimeout,
    connectTimeout: config.redisTimeout,
  });
  const cache = createCache(cluster, {
    namespace: `${config.keyPrefix}:catalog`,
    ttl: config.cacheTtl,
    negativeTtl: config.negativeTtl,
    earlyRefresh: { strategy: 'xfetch', beta: 1 },
  });
  const degraded = new DegradedLog(app.log);
  const snapshots = new ProductSnapshots(cluster, catalog, degraded, {
    keyPrefix: config.keyPrefix,
    ttl: config.cacheTtl,
  });
  const products = new ProductCache(cache, catalog, snapshots, degraded);
  const leaderboard = new Leaderboard(cluster, degraded, config.keyPrefix);
  const rateLimiter = new RateLimiter(cluster, degraded, {
    keyPrefix: config.keyPrefix,
    limit: config.writeLimit,
    window: config.writeWindow,
  });

  const metrics = createServiceMetrics(cache, catalog, degraded);
  const untrack = trackRedwire(metrics.registry);
  cache.on('invalidate', (event) => {
    metrics.invalidationReceived();
    app.log.info(
      { keys: event.keys, tags: event.tags },
      'invalidation received from another process',
    );
  });
  await listenForInvalidations(cache, app.log, config.redisTimeout);

  const origin = db.kind === 'pglite' ? 'embedded PGlite' : 'PostgreSQL';
  const dashboard = new Dashboard(cluster, {
    origin,
    // Only `npm run demo`, which started the cluster, adds the route (kill-primary.ts).
    canFailOver: () => app.hasRoute({ method: 'POST', url: KILL_PRIMARY_ROUTE }),
  });
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    metrics.observeRequest(request.method, route, reply.statusCode, reply.elapsedTime / 1000);
    if (isApiRoute(route)) {
      dashboard.record(reply.statusCode, reply.elapsedTime, reply.getHeader('x-cache'));
    }
  });
  // The server closes only once every connection has ended, and a keep-alive connection whose
  // request finishes after close() began would otherwise stay open until its client leaves.
  let shuttingDown = false;
  app.addHook('onSend', async (_request, reply) => {
    if (shuttingDown) reply.header('connection', 'close');
  });
  app.setErrorHandler(async (error, request, reply) => {
    if (error instanceof OriginUnavailableError) {
      request.log.warn({ err: error }, 'origin unavailable');
      return reply.code(503).header('retry-after', 5).send({
        statusCode: 503,
        error: 'Service Unavailable',
        message: 'the product database is not answering; try again shortly',
      });
    }
    const status = (error as { statusCode?: number }).statusCode ?? 500;
    // Validation and other client errors keep Fastify's body: { statusCode, code, error, message }.
    if (status < 500) return reply.code(status).send(error);
    request.log.error({ err: error }, 'request failed');
    return reply
      .code(500)
      .send({ statusCode: 500, error: 'Internal Server Error', message: 'unexpected error' });
  });

  registerDashboardRoutes(app, dashboard);
  registerMetricsRoutes(app, metrics.registry);
  registerProductRoutes(app, {
    products,
    snapshots,
    leaderboard,
    rateLimiter,
    maxIds: config.maxIds,
  });
  registerLeaderboardRoutes(app, leaderboard, snapshots);

  let closing: Promise<void> | undefined;
  return {
    app,
    catalog,
    cache,
    cluster,
    dashboard,
    async listen(port, host = '127.0.0.1') {
      await app.listen({ port, host });
      const address = app.server.address();
      const actual = typeof address === 'object' && address !== null ? address.port : port;
      return `http://${host}:${actual}`;
    },
    close() {
      closing ??= (async () => {
        // Fastify stops accepting, answers new requests on open connections with 503, and
        // resolves once the requests in flight have been answered.
        shuttingDown = true;
        // An open dashboard's event stream never ends by itself: end it, or the drain waits.
        dashboard.close();
        await app.close();
        untrack();
        await cache.close();
        await cluster.close();
        await closeDb();
      })();
      return closing;
    },
  };
}

/** Whether requests to `route` count in the dashboard's traffic: the API, not the page or metrics. */
function isApiRoute(route: string): boolean {
  return (
    route !== 'unmatched' &&
    route !== '/metrics' &&
    !route.startsWith('/admin/') &&
    !DASHBOARD_ROUTES.includes(route)
  );
}

function openDatabase(config: DemoConfig): Promise<SqlDatabase> {
  return config.databaseUrl === undefined
    ? openPgliteDatabase(config.pgliteDir)
    : openPostgresDatabase(config.databaseUrl);
}

/**
 * Subscribes the cache to other processes' invalidations before the first request. A cluster
 * that is down at start-up does not stop the service: it starts degraded and says so.
 */
async function listenForInvalidations(
  cache: Cache,
  log: FastifyBaseLogger,
  timeout: number,
): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      cache.connect(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeout} ms`)), timeout);
      }),
    ]);
  } catch (error) {
    log.warn(
      { err: error },
      'could not listen for invalidations at start-up; Redis may be down (degraded)',
    );
  } finally {
    clearTimeout(timer);
  }
}
