/**
 * The TypeScript examples of the READMEs users read (the repository's, and each published
 * package's) and of the guides in docs/ are run here, against the real servers the harness started, so they cannot rot:
 * each block is written to a module, imported, and what it logs is compared with its `// →`
 * comments. The private test harness's README is for contributors and pulls fault levers, so
 * it is left out.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { inspect } from 'node:util';
import { getTestServers } from '@redwire/test-harness';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

const root = join(import.meta.dirname, '..');
const scratch = join(import.meta.dirname, '.readme-examples');

/** The repository's README, then each published package's, by path from the root. */
function publishedReadmes(): string[] {
  const packages = join(root, 'packages');
  const readmes = readdirSync(packages)
    .sort()
    .flatMap((name) => {
      const manifest = JSON.parse(readFileSync(join(packages, name, 'package.json'), 'utf8')) as {
        private?: boolean;
      };
      return manifest.private === true ? [] : [join(packages, name, 'README.md')];
    });
  return [join(root, 'README.md'), ...readmes].map((path) => relative(root, path));
}

/** The guides in docs/ that show code (the others are reference tables and prose). */
function guidesWithExamples(): string[] {
  const docs = join(root, 'docs');
  return readdirSync(docs)
    .filter((name) => name.endsWith('.md'))
    .sort()
    .filter((name) => readFileSync(join(docs, name), 'utf8').includes('```ts'))
    .map((name) => `docs/${name}`);
}

/** A README's TypeScript blocks; none when the file is missing, which its first test reports. */
function examplesOf(path: string): string[] {
  const file = join(root, path);
  if (!existsSync(file)) return [];
  return [...readFileSync(file, 'utf8').matchAll(/```ts\n([\s\S]*?)```/g)].map(
    (m) => m[1] as string,
  );
}

const readmes = [...publishedReadmes(), ...guidesWithExamples()].map((path) => ({
  path,
  blocks: examplesOf(path),
}));

beforeAll(async () => {
  const { standalone, cluster } = getTestServers();
  const { host, port } = standalone.address;
  process.env.REDIS_URL = `redis://${host}:${port}`;
  const [seed] = cluster.seeds();
  process.env.REDIS_CLUSTER_URL = `redis://${seed?.host}:${seed?.port}`;
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe.each(readmes)('$path', ({ path, blocks }) => {
  it('exists and has examples to run', () => {
    expect(existsSync(join(root, path)), `${path} is missing`).toBe(true);
    expect(blocks.length).toBeGreaterThan(0);
  });

  it.each(blocks.map((code, i) => [i + 1, code] as const))(
    'example %i runs and logs what it says',
    async (n, code) => {
      // The examples show replies of an empty database.
      const { standalone, cluster } = getTestServers();
      await Promise.all([standalone.command('FLUSHALL'), cluster.flushAll()]);
      mkdirSync(scratch, { recursive: true });
      const file = join(scratch, `${path.replaceAll('/', '-')}-${n}.ts`);
      writeFileSync(file, code);
      const logged: string[] = [];
      const spy = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
        logged.push(args.map((a) => (typeof a === 'string' ? a : inspect(a))).join(' '));
      });
      try {
        await import(file);
      } finally {
        spy.mockRestore();
      }
      const promised = [...code.matchAll(/^\/\/ → (.*)$/gm)].map((m) => m[1]);
      expect(logged).toEqual(promised);
    },
  );
});
