/**
 * Leak checks in a child process: a fixture script uses a client, closes it, and reports which
 * resources (sockets, timers, ...) are still alive; the test runs it and reads the report. A
 * process of its own, so nothing of the test runner counts, and so that a leaked handle also
 * shows as a process that does not exit by itself.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * In a fixture: the resources alive now that were not in `baseline` (taken with
 * `process.getActiveResourcesInfo()` before the fixture started), after three turns of the event
 * loop, so that handles closed by `destroy()` have finished closing.
 */
export async function resourcesLeftSince(baseline: readonly string[]): Promise<string[]> {
  for (let turn = 0; turn < 3; turn++) await new Promise((resolve) => setImmediate(resolve));
  const alive = process.getActiveResourcesInfo();
  for (const kind of baseline) {
    const at = alive.indexOf(kind);
    if (at !== -1) alive.splice(at, 1);
  }
  return alive;
}

/**
 * In a test: runs a TypeScript fixture with the workspace's sources (`tsx`, the
 * `@redwire/source` condition) and returns the JSON of the last line it printed. Rejects when
 * the fixture fails or is still running after `timeoutMs` (a leaked handle keeps it alive).
 */
export async function runFixture(
  fixture: string,
  args: readonly string[],
  options: { cwd: string; timeoutMs: number },
): Promise<unknown> {
  const { stdout } = await run(
    process.execPath,
    ['--conditions=@redwire/source', '--import', 'tsx', fixture, ...args],
    // With a cold cache, tsx on Node.js 22 and later still writes compiled files when the
    // fixture counts its resources (an FSReqCallback that is tsx's, not the client's).
    {
      cwd: options.cwd,
      timeout: options.timeoutMs,
      env: { ...process.env, TSX_DISABLE_CACHE: '1' },
    },
  );
  return JSON.parse(stdout.trim().split('\n').at(-1) as string);
}
