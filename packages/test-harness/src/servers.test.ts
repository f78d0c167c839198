import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const packageDir = join(import.meta.dirname, '..');

/**
 * Imports an entry point in a plain Node process (tsx for the TypeScript, no vitest run around
 * it) and prints its export names. Running it in-process would prove nothing: inside vitest,
 * importing `vitest` works.
 */
function importOutsideVitest(entry: string): Promise<{ stdout: string }> {
  const script = `console.log(JSON.stringify(Object.keys(await import(${JSON.stringify(entry)}))));`;
  return run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    cwd: packageDir,
  });
}

describe('the servers entry point', () => {
  it('loads in a plain Node process, where importing vitest would throw', async () => {
    const { stdout } = await importOutsideVitest('./src/servers.ts');
    const names = JSON.parse(stdout) as string[];
    expect(names).toEqual(
      expect.arrayContaining([
        'RedisServer',
        'LocalCluster',
        'ServerRegistry',
        'installExitCleanup',
        'killOwnedServersSync',
        'parseInfo',
        'RespClient',
        'sendCommand',
        'HarnessError',
      ]),
    );
  });

  it('is needed: the main entry does not load outside vitest', async () => {
    // The control that gives the test above its meaning: vitest still throws on import.
    await expect(importOutsideVitest('./src/index.ts')).rejects.toThrow(/vitest/i);
  });
});
