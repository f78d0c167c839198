/**
 * The release flow works before anyone runs it for real: `changeset version` on a scratch copy
 * of the workspace's manifests and pending changesets bumps every published package to one
 * linked version, writes each one's CHANGELOG from its changesets, keeps the sibling ranges as
 * `workspace:*` (pnpm rewrites them to the released version when it packs and publishes, which
 * tests/pack-install.integration.test.ts proves), and leaves the private packages alone.
 */
import { execFile } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = join(import.meta.dirname, '..');
const scratch = mkdtempSync(join(tmpdir(), 'redwire-release-'));

interface Manifest {
  name: string;
  version: string;
  private?: boolean;
  dependencies?: Record<string, string>;
}

const read = (dir: string) =>
  JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Manifest;

/** The workspace's package folders (packages/*, apps/*, bench), relative to the root. */
function workspaceDirs(): string[] {
  const under = (parent: string) =>
    readdirSync(join(root, parent))
      .map((name) => `${parent}/${name}`)
      .filter((dir) => existsSync(join(root, dir, 'package.json')));
  return [...under('packages'), ...under('apps'), 'bench'];
}

const pending = readdirSync(join(root, '.changeset')).filter(
  (name) => name.endsWith('.md') && name !== 'README.md',
);

beforeAll(async () => {
  for (const file of ['package.json', 'pnpm-workspace.yaml']) {
    cpSync(join(root, file), join(scratch, file));
  }
  cpSync(join(root, '.changeset'), join(scratch, '.changeset'), { recursive: true });
  for (const dir of workspaceDirs()) {
    mkdirSync(join(scratch, dir), { recursive: true });
    cpSync(join(root, dir, 'package.json'), join(scratch, dir, 'package.json'));
  }
  await run(join(root, 'node_modules', '.bin', 'changeset'), ['version'], { cwd: scratch });
}, 60_000);

afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

describe('changeset version on a scratch copy', () => {
  it('has changesets to release', () => {
    expect(pending.length).toBeGreaterThan(0);
  });

  it('bumps every published package to one linked version and leaves private ones alone', () => {
    const versions = new Set<string>();
    for (const dir of workspaceDirs()) {
      const before = read(join(root, dir));
      const after = read(join(scratch, dir));
      if (before.private === true) {
        expect(after.version, dir).toBe(before.version);
        continue;
      }
      expect(after.version, dir).not.toBe(before.version);
      versions.add(after.version);
    }
    expect([...versions]).toHaveLength(1);
  });

  it('writes each published package a CHANGELOG with its changesets, and consumes them', () => {
    for (const dir of workspaceDirs()) {
      const manifest = read(join(scratch, dir));
      if (manifest.private === true) continue;
      const changelog = readFileSync(join(scratch, dir, 'CHANGELOG.md'), 'utf8');
      expect(changelog, dir).toContain(`# ${manifest.name}`);
      expect(changelog, dir).toContain(`## ${manifest.version}`);
    }
    const left = readdirSync(join(scratch, '.changeset')).filter(
      (name) => name.endsWith('.md') && name !== 'README.md',
    );
    expect(left).toEqual([]);
  });

  it('keeps sibling ranges as workspace:*, which pnpm turns into the released version on publish', () => {
    for (const dir of workspaceDirs()) {
      const dependencies = read(join(scratch, dir)).dependencies ?? {};
      for (const [name, range] of Object.entries(dependencies)) {
        if (name === 'redwire' || name.startsWith('@redwire/'))
          expect(range, `${dir} → ${name}`).toBe('workspace:*');
      }
    }
  });
});
