import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { getTestServers } from '@redwire/test-harness';
import { describe, expect, it } from 'vitest';

const { host, port } = getTestServers().standalone.address;
const run = promisify(execFile);

describe('close()', () => {
  it('leaves no socket or timer of the client, its pool, a duplicate or a subscriber alive: the process exits by itself', async () => {
    const fixture = join(import.meta.dirname, 'test-fixtures', 'close-and-exit.ts');
    const { stdout } = await run(
      process.execPath,
      ['--conditions=@redwire/source', '--import', 'tsx', fixture, host, String(port)],
      { cwd: join(import.meta.dirname, '..'), timeout: 15_000 },
    );
    expect(JSON.parse(stdout.trim().split('\n').at(-1) as string)).toEqual({
      status: 'closed',
      // The BLPOP still blocked at close() ends as if its own timeout had passed.
      released: null,
      alive: [],
    });
  });
});
