import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { getTestServers } from '@redwire/test-harness';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);

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
      const { stdout } = await run(
        process.execPath,
        ['--conditions=@redwire/source', '--import', 'tsx', fixture, mode, ...seeds],
        { cwd: join(import.meta.dirname, '..'), timeout: 20_000 },
      );
      expect(JSON.parse(stdout.trim().split('\n').at(-1) as string)).toEqual({
        // What became of the BLPOP still blocked when the cluster was closed or destroyed.
        released,
        alive: [],
      });
    },
  );
});
