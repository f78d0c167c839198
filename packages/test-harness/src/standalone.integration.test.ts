import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { getTestServers } from './context.js';
import { HarnessConnectionError, HarnessTimeoutError } from './errors.js';
import { parseInfo } from './info.js';
import { sendCommand } from './resp-client.js';

const { standalone } = getTestServers();

describe('the standalone server', () => {
  it('listens on a free loopback port, not 6379, with its own temporary directory', async () => {
    expect(standalone.host).toBe('127.0.0.1');
    expect(standalone.port).not.toBe(6379);
    expect(standalone.config.dir.startsWith(tmpdir())).toBe(true);
    expect(await standalone.command('PING')).toBe('PONG');
    expect(await standalone.command('CONFIG', 'GET', 'dir')).toEqual([
      'dir',
      standalone.config.dir,
    ]);
  });

  it('is not a cluster node and allows DEBUG (for DEBUG SLEEP in later suites)', async () => {
    const info = parseInfo(String(await standalone.command('INFO', 'cluster')));
    expect(info.cluster_enabled).toBe('0');
    expect(await standalone.command('DEBUG', 'SLEEP', '0')).toBe('OK');
  });

  it('stops answering while paused and answers again after resume', async () => {
    await standalone.pause();
    expect(standalone.state()).toBe('stopped');
    await expect(sendCommand(standalone.address, ['PING'], 300)).rejects.toBeInstanceOf(
      HarnessTimeoutError,
    );
    await standalone.resume();
    expect(standalone.state()).toBe('running');
    expect(await standalone.command('PING')).toBe('PONG');
  });

  it('refuses connections once killed and comes back on the same port after restart', async () => {
    await standalone.command('SET', 'harness:key', 'value');
    const pid = standalone.pid();
    await standalone.kill();
    expect(['gone', 'zombie']).toContain(standalone.state());
    await expect(standalone.command('PING')).rejects.toBeInstanceOf(HarnessConnectionError);

    await standalone.restart();
    expect(standalone.pid()).not.toBe(pid);
    expect(await standalone.command('PING')).toBe('PONG');
    // Nothing is persisted: a restarted server starts empty.
    expect(await standalone.command('GET', 'harness:key')).toBeNull();
  });
});
