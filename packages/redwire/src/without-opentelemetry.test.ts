/**
 * `@opentelemetry/api` is an optional peer dependency of `redwire`: importing `redwire` must not
 * load it, so a user without OpenTelemetry installed can use everything else. A child process
 * whose module resolution refuses every `@opentelemetry/*` specifier imports `redwire` (its
 * sources, through tsx) and instruments a meter it makes itself.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const packageDir = join(import.meta.dirname, '..');

/** A resolve hook that fails any `@opentelemetry/*` import, as if the package were not installed. */
const REFUSE = `export async function resolve(specifier, context, next) {
  if (specifier.startsWith('@opentelemetry/')) throw new Error('not installed: ' + specifier);
  return next(specifier, context);
}`;
const REGISTER = `import { register } from 'node:module';
register('data:text/javascript,' + encodeURIComponent(${JSON.stringify(REFUSE)}));`;

const SCRIPT = `
const blocked = await import('@opentelemetry/api').then(() => false, () => true);
const redwire = await import('redwire');
const made = [];
const instrument = (name) => (made.push(name), { add() {}, record() {}, addCallback() {}, removeCallback() {} });
const meter = {
  createCounter: instrument,
  createUpDownCounter: instrument,
  createHistogram: instrument,
  createObservableUpDownCounter: instrument,
};
redwire.instrumentRedwire({ meter }).stop();
console.log(JSON.stringify({ blocked, createClient: typeof redwire.createClient, made }));
`;

describe('redwire without OpenTelemetry installed', () => {
  it('imports, and instruments a meter the caller gives, never loading @opentelemetry/api', () => {
    const child = spawnSync(
      process.execPath,
      [
        '--conditions=@redwire/source',
        '--import',
        'tsx',
        '--import',
        `data:text/javascript,${encodeURIComponent(REGISTER)}`,
        '--input-type=module',
        '--eval',
        SCRIPT,
      ],
      { cwd: packageDir, encoding: 'utf8', timeout: 30_000 },
    );
    expect(child.stderr).toBe('');
    const outcome = JSON.parse(child.stdout.trim()) as {
      blocked: boolean;
      createClient: string;
      made: string[];
    };
    // The hook is in force: the module cannot be loaded in this process.
    expect(outcome.blocked).toBe(true);
    expect(outcome.createClient).toBe('function');
    expect(outcome.made).toContain('db.client.operation.duration');
    expect(outcome.made).toContain('redwire.pool.connections');
  });
});
