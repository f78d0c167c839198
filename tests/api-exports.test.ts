/**
 * Every type a published package's API names can be named by its users: exported from the
 * package, or from the package it comes from. TypeDoc's `notExported` check says so, run on each
 * package alone: over all packages at once, as the API pages are built, it passes a type no
 * package exports without a word (seen with TypeDoc 0.28), so the site's build cannot be the
 * check. TypeDoc runs in a process of its own: its conversion keeps the thread busy for
 * seconds, which would starve the test worker's messages to vitest.
 */
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const TYPEDOC = join(
  dirname(createRequire(import.meta.url).resolve('typedoc/package.json')),
  'bin',
  'typedoc',
);

/**
 * The packages with an API of their own (`redwire` only re-exports them), and the types each
 * names on purpose without exporting them.
 */
const PACKAGES: Record<string, readonly string[]> = {
  protocol: [],
  connection: [],
  pubsub: [],
  // Type-level plumbing: how a method's reply type follows from its call's arguments.
  client: ['ClientMethod', 'Arg', 'Field', 'IfGiven', 'IfFlag'],
  cluster: [],
  cache: [],
  otel: [],
};

/** TypeDoc's warnings and errors for one package's entry point: empty when all is well. */
async function exportProblems(name: string, intentional: readonly string[]): Promise<string[]> {
  const args = [
    TYPEDOC,
    '--entryPoints',
    `packages/${name}/src/index.ts`,
    '--tsconfig',
    'tsconfig.typedoc.json',
    '--excludeInternal',
    '--validation.notExported',
    'true',
    '--validation.invalidLink',
    'false',
    '--emit',
    'none',
    '--logLevel',
    'Warn',
    ...intentional.flatMap((type) => ['--intentionallyNotExported', type]),
  ];
  const output = await run(process.execPath, args, { env: { ...process.env, NO_COLOR: '1' } })
    .then(({ stdout, stderr }) => stdout + stderr)
    .catch((error: { stdout?: string; stderr?: string; message: string }) =>
      [error.stdout, error.stderr, error.message].join('\n'),
    );
  // NO_COLOR: plain text; a colour code would not hide the tag from the filter anyway.
  return output
    .split('\n')
    .filter((line) => /\[(warning|error)\]/.test(line) || /^Command failed/.test(line))
    .map((line) => `${name}: ${line.trim()}`);
}

describe('public API types', () => {
  it.each(Object.entries(PACKAGES))(
    '@redwire/%s exports every type its API names',
    async (name, intentional) => {
      expect(await exportProblems(name, intentional)).toEqual([]);
    },
    120_000,
  );
});
