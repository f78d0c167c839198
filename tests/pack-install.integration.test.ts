/**
 * The packages as users install them: every publishable package is packed (`pnpm pack`, which
 * rewrites `workspace:` ranges as a release does), checked with publint and
 * @arethetypeswrong/cli, and installed with plain `npm` into a directory outside the workspace,
 * where an ES module, a CommonJS script and two TypeScript files (`module: nodenext`, strict,
 * `skipLibCheck: false`) use it against the real servers. Nothing of the workspace can leak in:
 * no `src`, no test helper, no `workspace:` range. Runs after the build (scripts/test.sh).
 */
import { execFile } from 'node:child_process';
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { getTestServers } from '@redwire/test-harness';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = join(import.meta.dirname, '..');
const bin = (name: string) => join(root, 'node_modules', '.bin', name);

/**
 * Each tarball's size in bytes today plus 10%: a test file, a source tree or a bundled
 * dependency slipping into a package fails here. Raise a budget on purpose, in its own commit.
 */
const SIZE_BUDGETS: Record<string, number> = {
  '@redwire/protocol': 100_600,
  '@redwire/connection': 184_000,
  '@redwire/pubsub': 83_700,
  '@redwire/client': 540_000,
  '@redwire/cluster': 278_000,
  '@redwire/cache': 97_200,
  '@redwire/otel': 36_000,
  redwire: 4_000,
};

/** What a tarball may hold besides `dist/`. */
const ALLOWED_FILES = /^package\/(dist\/.+|README\.md|LICENSE|package\.json|CHANGELOG\.md)$/;

interface Packed {
  readonly name: string;
  readonly tarball: string;
  readonly bytes: number;
  readonly files: readonly string[];
  readonly manifest: Record<string, unknown>;
}

/** Every package that is published: those not marked private. */
function publishable(): { name: string; dir: string }[] {
  return readdirSync(join(root, 'packages'))
    .map((dir) => join(root, 'packages', dir))
    .flatMap((dir) => {
      const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
        name: string;
        private?: boolean;
      };
      return manifest.private === true ? [] : [{ name: manifest.name, dir }];
    });
}

const scratch = mkdtempSync(join(tmpdir(), 'redwire-pack-'));
const packed = new Map<string, Packed>();

beforeAll(async () => {
  const tarballs = join(scratch, 'tarballs');
  mkdirSync(tarballs);
  for (const { name, dir } of publishable()) {
    const { stdout } = await run('pnpm', ['pack', '--pack-destination', tarballs], { cwd: dir });
    const tarball = stdout.trim().split('\n').at(-1) as string;
    const { stdout: listing } = await run('tar', ['tzf', tarball]);
    const { stdout: manifest } = await run('tar', ['xzf', tarball, '-O', 'package/package.json']);
    packed.set(name, {
      name,
      tarball,
      bytes: statSync(tarball).size,
      files: listing.trim().split('\n'),
      manifest: JSON.parse(manifest) as Record<string, unknown>,
    });
  }
}, 120_000);

afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

describe('packed tarballs', () => {
  it('exist for every publishable package, each under its size budget', () => {
    const sizes = [...packed.values()].map((p) => `${p.name} ${p.bytes.toLocaleString('en')} B`);
    console.info(`tarball sizes: ${sizes.join(', ')}`);
    for (const p of packed.values()) {
      expect(SIZE_BUDGETS[p.name], `a size budget for ${p.name}`).toBeDefined();
      expect(p.bytes, p.name).toBeLessThanOrEqual(SIZE_BUDGETS[p.name] as number);
    }
  });

  it('hold only dist, README, LICENSE, package.json and CHANGELOG', () => {
    for (const p of packed.values()) {
      expect(
        p.files.filter((file) => !ALLOWED_FILES.test(file)),
        p.name,
      ).toEqual([]);
      expect(p.files, p.name).toContain('package/LICENSE');
      expect(p.files, p.name).toContain('package/README.md');
    }
  });

  it('carry no workspace: or catalog: range and no source condition in their manifests', () => {
    for (const p of packed.values()) {
      const text = JSON.stringify(p.manifest);
      expect(text, p.name).not.toMatch(/workspace:|catalog:/);
      expect(text, p.name).not.toContain('@redwire/source');
      expect(text, p.name).not.toMatch(/\.\/src\//);
    }
  });

  it('pass publint and @arethetypeswrong/cli', async () => {
    for (const p of packed.values()) {
      await expect(
        run(bin('publint'), ['run', '--strict', p.tarball]),
        p.name,
      ).resolves.toBeDefined();
      await expect(
        run(bin('attw'), [p.tarball, '--format', 'ascii']),
        p.name,
      ).resolves.toBeDefined();
    }
  }, 180_000);
});

/** Installs tarballs (with their registry dependencies) into a fresh directory outside the workspace. */
async function installInto(label: string, names: readonly string[]): Promise<string> {
  const dir = join(scratch, label);
  mkdirSync(dir);
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: `try-${label}`, private: true }));
  const tarballs = names.map((name) => (packed.get(name) as Packed).tarball);
  await run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', ...tarballs], {
    cwd: dir,
  });
  return dir;
}

/** Runs `code` as a file of `dir` with node and returns what it printed. */
async function node(dir: string, file: string, code: string, env: NodeJS.ProcessEnv) {
  writeFileSync(join(dir, file), code);
  const { stdout } = await run(process.execPath, [file], {
    cwd: dir,
    env: { ...process.env, ...env },
  });
  return stdout.trim();
}

/** Type-checks `files` (name → source) in `dir` with the workspace's tsc, as a user's project would. */
async function typecheck(dir: string, files: Record<string, string>): Promise<void> {
  for (const [name, source] of Object.entries(files)) writeFileSync(join(dir, name), source);
  const tsconfig = {
    compilerOptions: {
      module: 'nodenext',
      moduleResolution: 'nodenext',
      target: 'es2022',
      strict: true,
      skipLibCheck: false,
      noEmit: true,
      types: ['node'],
      typeRoots: [join(root, 'node_modules', '@types')],
    },
    files: Object.keys(files),
  };
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify(tsconfig));
  await run(bin('tsc'), ['-p', dir], { cwd: dir });
}

/** The packages an install needs besides the one asked for: its own siblings, as tarballs. */
function withSiblings(name: string): string[] {
  const needed = new Set<string>([name]);
  const visit = (current: string) => {
    const dependencies = (packed.get(current)?.manifest.dependencies ?? {}) as Record<
      string,
      string
    >;
    for (const dependency of Object.keys(dependencies)) {
      if (packed.has(dependency) && !needed.has(dependency)) {
        needed.add(dependency);
        visit(dependency);
      }
    }
  };
  visit(name);
  return [...needed];
}

describe('installed with npm outside the workspace', () => {
  const { standalone, cluster } = getTestServers();
  const env = {
    REDIS_URL: `redis://${standalone.address.host}:${standalone.address.port}`,
    REDIS_CLUSTER_URL: `redis://${cluster.seeds()[0]?.host}:${cluster.seeds()[0]?.port}`,
  };

  it('@redwire/client alone: ESM, CommonJS and TypeScript', async () => {
    const dir = await installInto('client', withSiblings('@redwire/client'));
    const esm = await node(
      dir,
      'run.mjs',
      `import { createClient } from '@redwire/client';
const redis = createClient(process.env.REDIS_URL);
await redis.set('pack:esm', 'from esm');
console.log(await redis.get('pack:esm'));
await redis.close();`,
      env,
    );
    expect(esm).toBe('from esm');
    const cjs = await node(
      dir,
      'run.cjs',
      `const { createClient, UnknownOptionError } = require('@redwire/client');
(async () => {
  const redis = createClient(process.env.REDIS_URL);
  console.log(await redis.ping(), (() => { try { createClient({ hots: 'x' }); } catch (e) { return e instanceof UnknownOptionError; } })());
  await redis.close();
})();`,
      env,
    );
    expect(cjs).toBe('PONG true');
    await typecheck(dir, {
      'check.mts': `import { createClient, type RedisClient, ReplyError } from '@redwire/client';
const redis: RedisClient = createClient({ url: process.env.REDIS_URL });
const value: string | null = await redis.get('k');
const replies: unknown[] = await redis.pipeline().set('k', 'v').incr('n').exec();
console.log(value, replies, ReplyError.name);`,
      'check.cts': `import { createClient } from '@redwire/client';
export async function read(): Promise<string | null> {
  return createClient().withBuffers().get('k').then((b) => (b === null ? null : b.toString()));
}`,
    });
  }, 120_000);

  it('@redwire/cluster alone: ESM, CommonJS and TypeScript against the cluster', async () => {
    const dir = await installInto('cluster', withSiblings('@redwire/cluster'));
    const esm = await node(
      dir,
      'run.mjs',
      `import { createCluster } from '@redwire/cluster';
const cluster = createCluster({ nodes: [process.env.REDIS_CLUSTER_URL] });
await cluster.mset({ 'pack:a': '1', 'pack:b': '2' });
console.log(JSON.stringify(await cluster.mget('pack:a', 'pack:b')));
await cluster.close();`,
      env,
    );
    expect(esm).toBe('["1","2"]');
    const cjs = await node(
      dir,
      'run.cjs',
      `const { createCluster } = require('@redwire/cluster');
(async () => {
  const cluster = createCluster({ nodes: [{ url: process.env.REDIS_CLUSTER_URL }] });
  console.log(await cluster.get('pack:a'));
  await cluster.close();
})();`,
      env,
    );
    expect(cjs).toBe('1');
    await typecheck(dir, {
      'check.mts': `import { CrossSlotError, createCluster, type RedisCluster } from '@redwire/cluster';
const cluster: RedisCluster = createCluster({ nodes: ['127.0.0.1:7000'], readFrom: 'replica' });
const values: (string | null)[] = await cluster.mget('a', 'b');
console.log(values, CrossSlotError.name);`,
    });
  }, 120_000);

  it('redwire, the meta-package: ESM, CommonJS and TypeScript', async () => {
    const dir = await installInto('redwire', withSiblings('redwire'));
    const esm = await node(
      dir,
      'run.mjs',
      `import { createClient, createCache, createCluster, encodeCommand } from 'redwire';
const redis = createClient(process.env.REDIS_URL);
const cache = createCache(redis, { namespace: 'pack', ttl: 1000 });
console.log(await cache.getOrSet('k', async () => 42), typeof createCluster, encodeCommand(['PING']).length > 0);
await cache.close();
await redis.close();`,
      env,
    );
    expect(esm).toBe('42 function true');
    const cjs = await node(
      dir,
      'run.cjs',
      `const { createClient } = require('redwire');
(async () => {
  const redis = createClient(process.env.REDIS_URL);
  console.log(await redis.echo('cjs'));
  await redis.close();
})();`,
      env,
    );
    expect(cjs).toBe('cjs');
    await typecheck(dir, {
      'check.mts': `import { type ClientOptions, createClient, RedisError } from 'redwire';
const options: ClientOptions = { commandTimeout: 1000 };
const redis = createClient(process.env.REDIS_URL ?? 'redis://localhost:6379', options);
const size: number = await redis.dbsize().catch((e: unknown) => (e instanceof RedisError ? -1 : 0));
console.log(size);`,
    });
  }, 180_000);
});
