/**
 * The Dockerfile and compose.yaml, checked as far as a machine without a Docker engine (or the
 * compose plugin) allows: their structure, that every path they name exists, that the image's
 * compiled service needs nothing the production install leaves out, and that compose.yaml fits
 * docker/docker-compose.yml, the file it is layered on.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const app = join(import.meta.dirname, '..');
const root = join(app, '..', '..');
const read = (path: string) => readFileSync(path, 'utf8');

/** Dockerfile instructions, continuation lines joined, comments dropped. */
function instructions(text: string): { op: string; args: string }[] {
  return text
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const [op = '', ...rest] = line.split(/\s+/);
      return { op: op.toUpperCase(), args: rest.join(' ') };
    });
}

interface ComposeService {
  build?: { context: string; dockerfile: string };
  image?: string;
  network_mode?: string;
  depends_on?: Record<string, { condition: string }>;
  environment?: Record<string, string>;
  ports?: string[];
  command?: string[];
  volumes?: string[];
}
interface ComposeFile {
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
}

const dockerfile = instructions(read(join(app, 'Dockerfile')));
const stages = dockerfile.filter((i) => i.op === 'FROM');
const runtime = dockerfile.slice(dockerfile.lastIndexOf(stages.at(-1)!));

describe('the Dockerfile', () => {
  it('builds in one stage and runs Node.js 20 in another, as the unprivileged node user', () => {
    expect(stages.map((s) => s.args)).toEqual([
      'node:20-bookworm-slim AS build',
      'node:20-bookworm-slim AS runtime',
    ]);
    const users = runtime.filter((i) => i.op === 'USER').map((i) => i.args);
    expect(users).toEqual(['node']);
    // Nothing runs as root after the switch.
    const userAt = runtime.findIndex((i) => i.op === 'USER');
    expect(runtime.slice(userAt).filter((i) => i.op === 'RUN')).toEqual([]);
  });

  it('installs the pnpm the repository uses, from the lockfile, and deploys the service', () => {
    const pinned = /REDWIRE_PNPM_VERSION=(\S+)/.exec(
      read(join(root, 'scripts/lib/ensure-tools.sh')),
    );
    const run = dockerfile
      .filter((i) => i.op === 'RUN')
      .map((i) => i.args)
      .join(' ');
    expect(run).toContain(`pnpm@${pinned?.[1]}`);
    expect(run).toContain('pnpm install --frozen-lockfile');
    const name = (JSON.parse(read(join(app, 'package.json'))) as { name: string }).name;
    expect(run).toContain(`--filter ${name} deploy --prod`);
    expect(run).toContain('tsc -p apps/cluster-demo/tsconfig.build.json');
  });

  it('copies what exists in the build stage and starts the compiled main.ts', () => {
    const copies = runtime.filter((i) => i.op === 'COPY').map((i) => i.args.split(' '));
    for (const [from, source] of copies) {
      expect(from).toBe('--from=build');
      expect(source).toMatch(/^\/(deploy|repo\/apps\/cluster-demo)\//);
    }
    expect(existsSync(join(app, 'public', 'index.html'))).toBe(true);
    const build = JSON.parse(read(join(app, 'tsconfig.build.json'))) as {
      compilerOptions: { rootDir: string; outDir: string };
    };
    expect(build.compilerOptions).toMatchObject({ rootDir: 'src', outDir: 'dist' });
    const cmd = runtime.find((i) => i.op === 'CMD')?.args;
    expect(JSON.parse(cmd ?? '[]')).toEqual(['node', 'dist/main.js']);
    expect(existsSync(join(app, 'src', 'main.ts'))).toBe(true);
    const port = /PORT=(\d+)/.exec(runtime.find((i) => i.op === 'ENV')?.args ?? '')?.[1];
    expect(runtime.find((i) => i.op === 'EXPOSE')?.args).toBe(port);
  });

  it('leaves node_modules, build output and git out of the context', () => {
    const ignored = read(join(app, 'Dockerfile.dockerignore')).split('\n');
    expect(ignored).toEqual(expect.arrayContaining(['**/node_modules', '**/dist', '.git']));
  });
});

describe("the image's service", () => {
  /** Every source file main.ts reaches through relative imports, and the packages they import. */
  function reach(): { files: string[]; packages: Set<string> } {
    const files: string[] = [];
    const packages = new Set<string>();
    const queue = [join(app, 'src', 'main.ts')];
    while (queue.length > 0) {
      const file = queue.shift()!;
      if (files.includes(file)) continue;
      files.push(file);
      // Static imports only; `import type` is erased by the compiler.
      for (const match of read(file).matchAll(/^import (?!type )[^'"]*['"]([^'"]+)['"]/gm)) {
        const specifier = match[1]!;
        if (specifier.startsWith('.')) {
          queue.push(resolve(dirname(file), specifier.replace(/\.js$/, '.ts')));
        } else if (!specifier.startsWith('node:')) {
          packages.add(
            specifier
              .split('/')
              .slice(0, specifier.startsWith('@') ? 2 : 1)
              .join('/'),
          );
        }
      }
    }
    return { files, packages };
  }

  it('is compiled whole by tsconfig.build.json and imports production dependencies only', () => {
    const { files, packages } = reach();
    const build = JSON.parse(read(join(app, 'tsconfig.build.json'))) as { exclude: string[] };
    for (const file of files) {
      const path = file.slice(app.length + 1);
      for (const excluded of build.exclude) {
        const pattern = new RegExp(
          `^${excluded
            .replace(/\./g, '\\.')
            .replace(/\*\*\//g, '(.*/)?')
            .replace(/\*/g, '[^/]*')}(/|$)`,
        );
        expect(pattern.test(path), `${path} is excluded by ${excluded}`).toBe(false);
      }
    }
    const manifest = JSON.parse(read(join(app, 'package.json'))) as {
      dependencies: Record<string, string>;
    };
    expect([...packages].filter((name) => !(name in manifest.dependencies))).toEqual([]);
    expect(files.length).toBeGreaterThan(10);
  });
});

describe('compose.yaml', () => {
  const base = parse(read(join(root, 'docker', 'docker-compose.yml'))) as ComposeFile;
  const layer = parse(read(join(app, 'compose.yaml'))) as ComposeFile;
  const service = layer.services['cluster-demo']!;
  // Layered with -f after docker/docker-compose.yml: its relative paths start from docker/.
  const baseDir = join(root, 'docker');

  it("builds the Dockerfile from the repository root, and joins the nodes' network namespace", () => {
    expect(service.build).toBeDefined();
    const context = resolve(baseDir, service.build!.context);
    expect(context).toBe(root);
    expect(existsSync(join(context, service.build!.dockerfile))).toBe(true);
    expect(service.network_mode).toBe('service:redis-1');
    expect(base.services['redis-1']).toBeDefined();
  });

  it('starts once the cluster is created, and names every node docker/ starts', () => {
    expect(Object.keys(service.depends_on ?? {})).toEqual(['cluster-create']);
    expect(service.depends_on?.['cluster-create']?.condition).toBe(
      'service_completed_successfully',
    );
    expect(base.services['cluster-create']).toBeDefined();
    const ports = Object.values(base.services).flatMap((node) => {
      const at = node.command?.indexOf('--port') ?? -1;
      return at < 0 ? [] : [node.command?.[at + 1]];
    });
    expect(ports).toHaveLength(6);
    expect(service.environment?.REDIS_CLUSTER_NODES?.split(',')).toEqual(
      ports.map((port) => `127.0.0.1:${port}`),
    );
  });

  it("publishes the service's port on redis-1, listening on every interface of the namespace", () => {
    const port = service.environment?.PORT;
    expect(service.environment?.HOST).toBe('0.0.0.0');
    expect(layer.services['redis-1']?.ports).toEqual([`127.0.0.1:${port}:${port}`]);
    // It only adds a port to docker/'s node: nothing else of it is overridden.
    expect(Object.keys(layer.services['redis-1'] ?? {})).toEqual(['ports']);
    expect(Object.keys(layer.services).sort()).toEqual(['cluster-demo', 'redis-1']);
  });

  it('keeps the PGlite origin in a named volume where the image keeps it', () => {
    const [volume, mount] = (service.volumes?.[0] ?? '').split(':');
    expect(layer.volumes).toHaveProperty(volume!);
    const pgliteDir = /PGLITE_DIR=(\S+)/.exec(runtime.find((i) => i.op === 'ENV')?.args ?? '')?.[1];
    expect(pgliteDir?.startsWith(`${mount}/`)).toBe(true);
  });
});
