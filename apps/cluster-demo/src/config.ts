/**
 * The demo's settings, read once from the environment at start-up, so every other module takes
 * plain values and the tests can build a service without touching `process.env`.
 */

/** Everything the service needs to start. */
export interface DemoConfig {
  /** Seed nodes of the Redis Cluster (`host:port`). `REDIS_CLUSTER_NODES`, comma-separated. */
  readonly redisNodes: readonly string[];
  /** `postgres://...` to use a PostgreSQL server; `undefined` for the embedded PGlite. */
  readonly databaseUrl: string | undefined;
  /** Where PGlite keeps its files; `undefined`: a fresh temporary directory, removed on close. */
  readonly pgliteDir: string | undefined;
  /** Products seeded at first start. @defaultValue `100_000` */
  readonly productCount: number;
  /** Prefix of every Redis key and channel the service uses (no `{` or `}`). @defaultValue `'demo'` */
  readonly keyPrefix: string;
  /** Milliseconds a product stays cached. @defaultValue `60_000` */
  readonly cacheTtl: number;
  /** Milliseconds a "no such product" stays cached. @defaultValue `5_000` */
  readonly negativeTtl: number;
  /** Writes one client may make per window. @defaultValue `20` */
  readonly writeLimit: number;
  /** The rate limiter's window in milliseconds. @defaultValue `10_000` */
  readonly writeWindow: number;
  /** Most ids `GET /products?ids=` takes. @defaultValue `100` */
  readonly maxIds: number;
  /**
   * Milliseconds a Redis command may take before the service answers from the origin instead.
   * Long enough to ride out a failover, short enough that a dead cluster costs little.
   * @defaultValue `2_000`
   */
  readonly redisTimeout: number;
}

/** The defaults of every setting but the cluster's seeds. */
export const DEMO_DEFAULTS = Object.freeze({
  databaseUrl: undefined,
  pgliteDir: undefined,
  productCount: 100_000,
  keyPrefix: 'demo',
  cacheTtl: 60_000,
  negativeTtl: 5_000,
  writeLimit: 20,
  writeWindow: 10_000,
  maxIds: 100,
  redisTimeout: 2_000,
} satisfies Omit<DemoConfig, 'redisNodes'>);

/** The environment was asked for something it does not hold in a usable form. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/**
 * Reads the settings from environment variables (`REDIS_CLUSTER_NODES` is required).
 * @throws ConfigError naming the variable that is missing or malformed
 */
export function configFromEnv(env: NodeJS.ProcessEnv = process.env): DemoConfig {
  const nodes = (env.REDIS_CLUSTER_NODES ?? '')
    .split(',')
    .map((node) => node.trim())
    .filter((node) => node !== '');
  if (nodes.length === 0) {
    throw new ConfigError('REDIS_CLUSTER_NODES must list the seed nodes, as host:port,host:port');
  }
  const number = (name: string, fallback: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value <= 0) {
      throw new ConfigError(`${name} must be a positive integer, not '${raw}'`);
    }
    return value;
  };
  const keyPrefix = env.DEMO_KEY_PREFIX || DEMO_DEFAULTS.keyPrefix;
  if (/[{}]/.test(keyPrefix)) throw new ConfigError('DEMO_KEY_PREFIX must not hold { or }');
  return {
    redisNodes: nodes,
    databaseUrl: env.DATABASE_URL || undefined,
    pgliteDir: env.PGLITE_DIR || undefined,
    productCount: number('DEMO_PRODUCTS', DEMO_DEFAULTS.productCount),
    keyPrefix,
    cacheTtl: number('DEMO_CACHE_TTL_MS', DEMO_DEFAULTS.cacheTtl),
    negativeTtl: number('DEMO_NEGATIVE_TTL_MS', DEMO_DEFAULTS.negativeTtl),
    writeLimit: number('DEMO_WRITE_LIMIT', DEMO_DEFAULTS.writeLimit),
    writeWindow: number('DEMO_WRITE_WINDOW_MS', DEMO_DEFAULTS.writeWindow),
    maxIds: number('DEMO_MAX_IDS', DEMO_DEFAULTS.maxIds),
    redisTimeout: number('DEMO_REDIS_TIMEOUT_MS', DEMO_DEFAULTS.redisTimeout),
  };
}
