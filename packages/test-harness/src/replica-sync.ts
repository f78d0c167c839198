import { parseInfo } from './info.js';
import { HARNESS_DEFAULTS, type WaitOptions } from './options.js';
import type { TestCluster } from './test-cluster.js';
import { done, notYet, waitUntil } from './wait-until.js';

/**
 * Waits until every replica that is up has its replication link up and no sync in progress
 * (INFO replication: `master_link_status:up`, `master_sync_in_progress:0`). `waitForOk` checks
 * roles only; a replica still loading its primary's snapshot is a replica there, yet promoting
 * it would lose what it has not received, so a fault that kills a primary waits for this first.
 *
 * @throws HarnessTimeoutError naming the first replica not in sync.
 */
export async function waitForReplicasInSync(
  cluster: TestCluster,
  options: WaitOptions = {},
): Promise<void> {
  await waitUntil(
    async () => {
      for (const replica of await cluster.replicas()) {
        if (cluster.isDown(replica)) continue;
        const info = parseInfo(String(await cluster.command(replica, 'INFO', 'replication')));
        if (info.master_link_status !== 'up' || info.master_sync_in_progress !== '0') {
          return notYet(
            `${cluster.describe(replica)}: link ${info.master_link_status}, sync in progress ${info.master_sync_in_progress}`,
          );
        }
      }
      return done(undefined);
    },
    {
      what: 'every replica in sync with its primary',
      timeoutMs: options.timeoutMs ?? HARNESS_DEFAULTS.clusterOkTimeoutMs,
      intervalMs: HARNESS_DEFAULTS.pollIntervalMs,
    },
  );
}
