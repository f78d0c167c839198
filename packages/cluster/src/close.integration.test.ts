import { join } from 'node:path';
import { ConnectionError } from '@redwire/connection';
import { getTestServers, runFixture } from '@redwire/test-harness';
import { describe, expect, it } from 'vitest';
import { createCluster } from './create-cluster.js';

describe('close() and destroy()', () => {
  it.each([
    ['close', null],
    ['destroy', 'ConnectionError'],
  ])(
    '%s() leaves no socket or timer of the cluster, its node clients, a duplicate or a subscriber alive: the process exits by itself',
    async (mode, released) => {
      const seeds = getTestServers()
        .cluster.seeds()
        .map(({ host, port }) => `${host}:${port}`);
      const fixture = join(import.meta.dirname, 'test-fixtures', 'close-and-exit.ts');
      const report = await runFixture(fixture, [mode, ...seeds], {
        cwd: join(import.meta.dirname, '..'),
        timeoutMs: 20_000,
      });
      expect(report).toEqual({
        // What became of the BLPOP still blocked when the cluster was closed or destroyed.
        released,
        alive: [],
      });
    },
  );
});

describe('a closed cluster client', () => {
  it.each(['close', 'destroy'] as const)(
    'refuses what it is sent after %s() with ConnectionError (REDWIRE_CONNECTION_CLOSED), opening nothing',
    async (mode) => {
      const redis = createCluster({ nodes: getTestServers().cluster.seeds() });
      await redis.set('closed:k', 'v');
      if (mode === 'close') await redis.close();
      else redis.destroy();
      const attempts = await Promise.all([
        redis.get('closed:k').catch((e: unknown) => e),
        redis.sendCommand(['PING']).catch((e: unknown) => e),
        redis
          .pipeline()
          .get('closed:k')
          .exec()
          .catch((e: unknown) => e),
        redis
          .multi()
          .get('closed:k')
          .exec()
          .catch((e: unknown) => e),
        redis.transaction(['closed:k'], () => undefined).catch((e: unknown) => e),
      ]);
      for (const attempt of attempts) {
        expect(attempt).toBeInstanceOf(ConnectionError);
        expect(attempt).toMatchObject({ code: 'REDWIRE_CONNECTION_CLOSED' });
      }
      expect(await redis.nodes().catch((e: unknown) => e)).toBeInstanceOf(ConnectionError);
    },
  );
});
