/**
 * The README's TypeScript examples are run here, against the real server the harness started,
 * so they cannot rot: each block is written to a module, imported, and what it logs is
 * compared with its `// →` comments.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { getTestServers } from '@redwire/test-harness';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

const root = join(import.meta.dirname, '..');
const scratch = join(import.meta.dirname, '.readme-examples');
const blocks = [
  ...readFileSync(join(root, 'README.md'), 'utf8').matchAll(/```ts\n([\s\S]*?)```/g),
].map((m) => m[1] as string);

beforeAll(async () => {
  const { standalone, cluster } = getTestServers();
  const { host, port } = standalone.address;
  process.env.REDIS_URL = `redis://${host}:${port}`;
  const [seed] = cluster.seeds();
  process.env.REDIS_CLUSTER_URL = `redis://${seed?.host}:${seed?.port}`;
  // The examples show replies of an empty database.
  await Promise.all([standalone.command('FLUSHALL'), cluster.flushAll()]);
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('README examples', () => {
  it('has examples to run', () => {
    expect(blocks.length).toBeGreaterThan(0);
  });

  it.each(blocks.map((code, i) => [i + 1, code] as const))(
    'example %i runs and logs what it says',
    async (n, code) => {
      mkdirSync(scratch, { recursive: true });
      const file = join(scratch, `example-${n}.ts`);
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
