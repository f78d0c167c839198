import { describe, expect, it, onTestFinished } from 'vitest';
import { clientKillStorm } from './client-kill-storm.js';
import { getTestServers } from './context.js';
import { HarnessConnectionError } from './errors.js';
import { RespClient } from './resp-client.js';

const { cluster } = getTestServers();

describe('clientKillStorm', () => {
  it('drops every client connection on every node, round after round, and spares its own', async () => {
    const first = cluster.nodes[0]!;
    const client = await RespClient.connect(first.address);
    onTestFinished(() => client.close());
    expect(await client.command(['PING'])).toBe('PONG');

    const storm = await clientKillStorm(cluster, { rounds: 2, intervalMs: 100 });

    expect(storm.failedSweeps).toBe(0);
    expect(storm.killed).toBeGreaterThanOrEqual(1);
    await expect(client.command(['PING'])).rejects.toBeInstanceOf(HarnessConnectionError);
    // The cluster bus and the replication links are not clients of these types: still whole.
    await cluster.waitForOk({ timeoutMs: 10_000 });
  });
});
