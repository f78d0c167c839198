import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ServerRegistry } from './server-registry.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function registry(): ServerRegistry {
  const dir = mkdtempSync(join(tmpdir(), 'registry-test-'));
  dirs.push(dir);
  return new ServerRegistry(join(dir, 'state'));
}

const owner = { pid: 1, startTime: '42' };

describe('ServerRegistry', () => {
  it('reserves a port once: a second reservation of the same port fails', () => {
    const servers = registry();
    expect(servers.reserve({ port: 15_000, dir: null, pid: null, owner })).toBe(true);
    expect(
      servers.reserve({ port: 15_000, dir: null, pid: null, owner: { pid: 2, startTime: null } }),
    ).toBe(false);
    expect(servers.get(15_000)?.owner).toEqual(owner);
  });

  it('updates, lists and removes records', () => {
    const servers = registry();
    servers.reserve({ port: 15_001, dir: null, pid: null, owner });
    servers.reserve({ port: 15_002, dir: null, pid: null, owner });
    servers.update(15_001, { dir: '/tmp/redwire-x', pid: 99 });
    expect(servers.get(15_001)).toEqual({ port: 15_001, dir: '/tmp/redwire-x', pid: 99, owner });
    expect(
      servers
        .list()
        .map((record) => record.port)
        .sort(),
    ).toEqual([15_001, 15_002]);
    servers.remove(15_002);
    expect(servers.list().map((record) => record.port)).toEqual([15_001]);
    expect(servers.reserve({ port: 15_002, dir: null, pid: null, owner })).toBe(true);
  });

  it('lists nothing when the directory does not exist yet', () => {
    expect(registry().list()).toEqual([]);
  });

  it('refuses to update a record that does not exist', () => {
    expect(() => registry().update(15_003, { pid: 1 })).toThrow(/No server record/);
  });
});
