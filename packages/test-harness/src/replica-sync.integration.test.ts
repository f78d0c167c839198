import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { getTestServers, skipWithoutNodeProcesses } from './context.js';
import { parseInfo } from './info.js';
import { waitForReplicasInSync } from './replica-sync.js';

const { cluster, faults } = getTestServers();

afterAll(() => faults.restore());

describe('waitForReplicasInSync', () => {
  beforeEach((context) => skipWithoutNodeProcesses(context));

  it('resolves once a restarted replica has its link up and its sync done', async () => {
    const [replica] = await cluster.replicas();
    await faults.restart(replica!);
    await waitForReplicasInSync(cluster, { timeoutMs: 20_000 });
    const info = parseInfo(String(await cluster.command(replica!, 'INFO', 'replication')));
    expect(info.master_link_status).toBe('up');
    expect(info.master_sync_in_progress).toBe('0');
  });
});
