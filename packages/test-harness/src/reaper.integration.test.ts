import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { processIdentity, processState } from './process-state.js';
import { killOwnedServersSync, reapOrphanedServers, removeOrphanedTlsDirs } from './reaper.js';
import { RedisServer } from './redis-server.js';
import { ServerRegistry } from './server-registry.js';

// A registry of its own, so these servers never mix with the shared ones.
const stateDir = mkdtempSync(join(tmpdir(), 'redwire-reaper-test-'));
const registry = new ServerRegistry(join(stateDir, 'servers'));
const started: RedisServer[] = [];

afterAll(async () => {
  await Promise.allSettled(started.map((server) => server.stop()));
  rmSync(stateDir, { recursive: true, force: true });
});

async function startServer(
  owner: { pid: number; startTime: string | null },
  tls = false,
): Promise<RedisServer> {
  const server = await RedisServer.start({ registry, owner, tls, label: 'reaper-test' });
  started.push(server);
  return server;
}

/** The identity of a process that has since exited, like a vitest run killed with SIGKILL. */
async function deadOwner(): Promise<{ pid: number; startTime: string | null }> {
  const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 10000)'], { stdio: 'ignore' });
  const identity = processIdentity(child.pid!);
  child.kill('SIGKILL');
  await once(child, 'exit');
  return identity;
}

describe('leftover servers', () => {
  it('are reaped when the run that started them is dead, and kept while it lives', async () => {
    const orphan = await startServer(await deadOwner());
    const kept = await startServer(processIdentity(process.pid));
    const pid = orphan.pid()!;

    expect(processState(pid)).toBe('running');

    expect(await reapOrphanedServers(registry)).toEqual([orphan.port]);
    expect(['gone', 'zombie']).toContain(processState(pid));
    expect(existsSync(orphan.config.dir)).toBe(false);
    expect(registry.get(orphan.port)).toBeUndefined();

    expect(await kept.command('PING')).toBe('PONG');
  });

  it('are killed synchronously for their owner by the exit cleanup, restarted ones included', async () => {
    const owner = processIdentity(process.pid);
    const server = await startServer(owner);
    await server.restart();
    const restartedPid = server.pid()!;

    expect(processState(restartedPid)).toBe('running');

    const killed = killOwnedServersSync(registry, process.pid);
    expect(killed).toContain(server.port);
    expect(['gone', 'zombie']).toContain(processState(restartedPid));
    expect(existsSync(server.config.dir)).toBe(false);
    expect(registry.get(server.port)).toBeUndefined();
  });

  it('include TLS-only servers, found by their TLS port', async () => {
    const orphan = await startServer(await deadOwner(), true);
    const pid = orphan.pid()!;
    expect(await orphan.command('PING')).toBe('PONG');

    expect(await reapOrphanedServers(registry)).toEqual([orphan.port]);
    expect(['gone', 'zombie']).toContain(processState(pid));
    expect(existsSync(orphan.config.dir)).toBe(false);
  });
});

describe('leftover TLS material', () => {
  it('is removed when the process that made it is gone, and kept while it lives', async () => {
    const dead = mkdtempSync(join(tmpdir(), `redwire-tls-${(await deadOwner()).pid}-`));
    const live = mkdtempSync(join(tmpdir(), `redwire-tls-${process.pid}-`));
    try {
      removeOrphanedTlsDirs();
      expect(existsSync(dead)).toBe(false);
      expect(existsSync(live)).toBe(true);
    } finally {
      rmSync(dead, { recursive: true, force: true });
      rmSync(live, { recursive: true, force: true });
    }
  });
});
