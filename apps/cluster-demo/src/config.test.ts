import { describe, expect, it } from 'vitest';
import { ConfigError, configFromEnv, DEMO_DEFAULTS } from './config.js';

describe('configFromEnv', () => {
  it('needs the seed nodes and takes the defaults for the rest', () => {
    expect(configFromEnv({ REDIS_CLUSTER_NODES: ' 127.0.0.1:7001, 127.0.0.1:7002 ,' })).toEqual({
      ...DEMO_DEFAULTS,
      redisNodes: ['127.0.0.1:7001', '127.0.0.1:7002'],
    });
    expect(() => configFromEnv({})).toThrow(ConfigError);
  });

  it('reads the origin and the tunables', () => {
    const config = configFromEnv({
      REDIS_CLUSTER_NODES: 'h:1',
      DATABASE_URL: 'postgres://u@h/db',
      DEMO_PRODUCTS: '500',
      DEMO_WRITE_LIMIT: '3',
    });
    expect(config).toMatchObject({
      databaseUrl: 'postgres://u@h/db',
      productCount: 500,
      writeLimit: 3,
    });
  });

  it('names the variable that is not a positive integer, and refuses braces in the prefix', () => {
    expect(() => configFromEnv({ REDIS_CLUSTER_NODES: 'h:1', DEMO_MAX_IDS: '0' })).toThrow(
      "DEMO_MAX_IDS must be a positive integer, not '0'",
    );
    expect(() => configFromEnv({ REDIS_CLUSTER_NODES: 'h:1', DEMO_KEY_PREFIX: '{x}' })).toThrow(
      ConfigError,
    );
  });
});
