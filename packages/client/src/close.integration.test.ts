import { join } from 'node:path';
import { getTestServers, runFixture } from '@redwire/test-harness';
import { describe, expect, it } from 'vitest';

const { host, port } = getTestServers().standalone.address;

describe('close() and destroy()', () => {
  it.each([
    ['close', null],
    ['destroy', 'ConnectionError'],
  ])(
    '%s() leaves no socket or timer of the client, its pool, a duplicate or a subscriber alive: the process exits by itself',
    async (mode, released) => {
      const fixture = join(import.meta.dirname, 'test-fixtures', 'close-and-exit.ts');
      const report = await runFixture(fixture, [host, String(port), mode], {
        cwd: join(import.meta.dirname, '..'),
        timeoutMs: 15_000,
      });
      expect(report).toEqual({
        status: 'closed',
        // What became of the BLPOP still blocked when the client was closed or destroyed.
        released,
        alive: [],
      });
    },
  );
});
