/**
 * House rules of the monorepo that no compiler checks: the package dependency direction of
 * DESIGN.md, how siblings are referenced, the exports map every published package carries,
 * and no relative import reaching into another package's sources.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');

/**
 * Published packages from the bottom layer up: each may depend only on those before it. The
 * cache sits above the client; it comes after the cluster only so that its tests may run one case
 * on both (a devDependency). Its own code never imports the cluster: see the cache's rules below.
 * The otel package reads only channels; it comes after the cluster and the cache so that its tests
 * may produce their events, but its code never imports either (see below).
 */
const LAYERS = [
  '@redwire/protocol',
  '@redwire/connection',
  '@redwire/pubsub',
  '@redwire/client',
  '@redwire/cluster',
  '@redwire/cache',
  '@redwire/otel',
  'redwire',
];

/** Test files and their helpers, which may use what the code they test must not. */
const TEST_FILE = /(\.test\.ts|\.test-d\.ts|\/test-helpers\/.*\.ts)$/;

interface Manifest {
  name: string;
  private?: boolean;
  exports?: Record<string, unknown>;
  publishConfig?: { exports?: Record<string, unknown> };
  engines?: { node?: string };
  files?: string[];
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

function manifests(): { dir: string; manifest: Manifest }[] {
  return readdirSync(join(root, 'packages')).map((dir) => ({
    dir: join(root, 'packages', dir),
    manifest: JSON.parse(
      readFileSync(join(root, 'packages', dir, 'package.json'), 'utf8'),
    ) as Manifest,
  }));
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => join(entry.parentPath, entry.name));
}

describe('workspace packages', () => {
  it('has every package of the design', () => {
    const names = manifests().map((p) => p.manifest.name);
    expect(names).toEqual(expect.arrayContaining([...LAYERS, '@redwire/test-harness']));
  });

  it('depends only downwards, in the order protocol <- connection <- pubsub <- client <- cluster <- cache <- otel <- redwire', () => {
    for (const { manifest } of manifests()) {
      const all = { ...manifest.dependencies, ...manifest.devDependencies };
      const own = LAYERS.indexOf(manifest.name);
      for (const dependency of Object.keys(all).filter(
        (d) => d === 'redwire' || d.startsWith('@redwire/'),
      )) {
        if (dependency === '@redwire/test-harness') continue;
        const layer = LAYERS.indexOf(dependency);
        expect(own, `${manifest.name} must not depend on ${dependency}`).toBeGreaterThan(layer);
      }
    }
  });

  it('keeps the test harness free of redwire packages, so turbo sees no cycle', () => {
    const harness = manifests().find((p) => p.manifest.name === '@redwire/test-harness');
    const deps = Object.keys({
      ...harness?.manifest.dependencies,
      ...harness?.manifest.devDependencies,
    });
    expect(deps.filter((d) => d === 'redwire' || d.startsWith('@redwire/'))).toEqual([]);
  });

  it('references siblings as workspace:*', () => {
    for (const { manifest } of manifests()) {
      for (const [name, range] of Object.entries({
        ...manifest.dependencies,
        ...manifest.devDependencies,
      })) {
        if (name === 'redwire' || name.startsWith('@redwire/'))
          expect(range, `${manifest.name} -> ${name}`).toBe('workspace:*');
      }
    }
  });

  it('gives every published package a source condition, per-format types, dist files and engines', () => {
    for (const { manifest } of manifests().filter((p) => !p.manifest.private)) {
      expect(manifest.exports?.['.'], manifest.name).toEqual({
        '@redwire/source': './src/index.ts',
        import: { types: './dist/index.d.ts', default: './dist/index.js' },
        require: { types: './dist/index.d.cts', default: './dist/index.cjs' },
      });
      // Published manifests drop the source condition: users resolve dist/ only.
      expect(manifest.publishConfig?.exports?.['.'], manifest.name).not.toHaveProperty(
        '@redwire/source',
      );
      expect(manifest.files, manifest.name).toEqual(['dist']);
      expect(manifest.engines?.node, manifest.name).toBe('>=20.11');
    }
  });

  it('imports siblings by name, never through a relative path into their sources', () => {
    const crossing =
      /from\s+['"](\.\.\/)+(\.\.\/)?(protocol|connection|pubsub|client|cluster|cache|otel|redwire|test-harness)\/src/;
    for (const { dir } of manifests()) {
      for (const file of sourceFiles(join(dir, 'src'))) {
        expect(crossing.test(readFileSync(file, 'utf8')), relative(root, file)).toBe(false);
      }
    }
  });

  it('imports only packages to its left in the layer order', () => {
    for (const { dir, manifest } of manifests()) {
      const own = LAYERS.indexOf(manifest.name);
      if (own === -1) continue;
      for (const file of sourceFiles(join(dir, 'src'))) {
        const text = readFileSync(file, 'utf8');
        for (const match of text.matchAll(/from\s+['"](redwire|@redwire\/[a-z-]+)['"]/g)) {
          // A fixture may import its own package by name, as a user would.
          if (match[1] === manifest.name) continue;
          const layer = LAYERS.indexOf(match[1] as string);
          expect(layer, `${relative(root, file)} imports ${match[1]}`).toBeLessThan(own);
        }
      }
    }
  });

  it('keeps the cluster out of the cache: a RedisCluster fits the cache interface as it is', () => {
    const cache = manifests().find((p) => p.manifest.name === '@redwire/cache');
    expect(cache, 'packages/cache is missing').toBeDefined();
    expect(Object.keys(cache?.manifest.dependencies ?? {})).not.toContain('@redwire/cluster');
    for (const file of sourceFiles(join(cache?.dir ?? '', 'src'))) {
      if (TEST_FILE.test(file)) continue;
      const text = readFileSync(file, 'utf8');
      expect(/from\s+['"]@redwire\/cluster['"]/.test(text), relative(root, file)).toBe(false);
    }
  });

  it('keeps otel to channels: no cluster or cache at run time, only types from @opentelemetry/api', () => {
    const otel = manifests().find((p) => p.manifest.name === '@redwire/otel');
    expect(otel, 'packages/otel is missing').toBeDefined();
    const runtime = Object.keys(otel?.manifest.dependencies ?? {});
    expect(runtime).not.toContain('@redwire/cluster');
    expect(runtime).not.toContain('@redwire/cache');
    // Users of `redwire` without OpenTelemetry have no @opentelemetry/api: nothing may load it.
    expect(runtime.filter((name) => name.startsWith('@opentelemetry/'))).toEqual([]);
    for (const file of sourceFiles(join(otel?.dir ?? '', 'src'))) {
      if (TEST_FILE.test(file)) continue;
      const text = readFileSync(file, 'utf8');
      expect(/from\s+['"]@redwire\/(cluster|cache)['"]/.test(text), relative(root, file)).toBe(
        false,
      );
      for (const match of text.matchAll(
        /^import\s+(type\s+)?[^;]*?from\s+['"]@opentelemetry\/[^'"]+['"]/gm,
      )) {
        expect(match[1], `${relative(root, file)}: ${match[0]}`).toBeDefined();
      }
    }
  });
});

describe('applications under apps/', () => {
  const apps = readdirSync(join(root, 'apps'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => join(root, 'apps', entry.name));

  it('are private and use redwire as a user would: the published name, never a package source', () => {
    for (const dir of apps) {
      const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Manifest;
      expect(manifest.private, manifest.name).toBe(true);
      for (const file of sourceFiles(join(dir, 'src'))) {
        const text = readFileSync(file, 'utf8');
        expect(/from\s+['"](\.\.\/)+(\.\.\/)?packages\//.test(text), relative(root, file)).toBe(
          false,
        );
        // Tests may use the harness, which is no part of the API a user installs.
        if (TEST_FILE.test(file)) continue;
        for (const match of text.matchAll(/from\s+['"](@redwire\/[a-z-]+)['"]/g)) {
          expect(match[1], `${relative(root, file)} imports ${match[1]}; import 'redwire'`).toBe(
            undefined,
          );
        }
      }
    }
  });
});
