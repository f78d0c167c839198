import { afterAll, describe, expect, it } from 'vitest';
import { getTestServers } from './context.js';
import { parseInfo } from './info.js';
import { waitForReplicasInSync } from './replica-sync.js';

const { cluster, faults } = getTestServers();
const external = cluster.nodes.some((node) => node.server === null);

afterAll(() => faults.restore());

describe.skipIf(external)('waitForReplicasInSync', () => {
  it('resolves once a restarted replica has its link up and its sync done', async () => {
    const [replica] = await cluster.replicas();
    await faults.restart(replica!);
    await waitForReplicasInSync(cluster, { timeoutMs: 20_000 });
    const info = parseInfo(String(await cluster.command(replica!, 'INFO', 'replication')));
    expect(info.master_link_status).toBe('up');
    expect(info.master_sync_in_progress).toBe('0');
  });
});
