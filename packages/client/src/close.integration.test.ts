import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { getTestServers } from '@redwire/test-harness';
import { describe, expect, it } from 'vitest';

const { host, port } = getTestServers().standalone.address;
const run = promisify(execFile);

describe('close() and destroy()', () => {
  it.each([
    ['close', null],
    ['destroy', 'ConnectionError'],
  ])(
    '%s() leaves no socket or timer of the client, its pool, a duplicate or a subscriber alive: the process exits by itself',
    async (mode, released) => {
      const fixture = join(import.meta.dirname, 'test-fixtures', 'close-and-exit.ts');
      const { stdout } = await run(
        process.execPath,
        ['--conditions=@redwire/source', '--import', 'tsx', fixture, host, String(port), mode],
        { cwd: join(import.meta.dirname, '..'), timeout: 15_000 },
      );
      expect(JSON.parse(stdout.trim().split('\n').at(-1) as string)).toEqual({
        status: 'closed',
        // What became of the BLPOP still blocked when the client was closed or destroyed.
        released,
        alive: [],
      });
    },
  );
});
