import { join } from 'node:path';
import { getTestServers, runFixture } from '@redwire/test-harness';
import { describe, expect, it } from 'vitest';

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
