import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseAddress } from './address.js';
import { captureBaseline } from './cluster-baseline.js';
import { HarnessStateError } from './errors.js';
import { HARNESS_DEFAULTS, type WaitOptions } from './options.js';
import { sendCommand, sendTextCommand } from './resp-client.js';
import { defaultRegistryDir } from './server-registry.js';
import { type ClusterSetup, TestCluster } from './test-cluster.js';

/**
 * Describes a cluster someone else started (docker/docker-compose.yml, say) from a list of
 * `host:port` such as the value of `REDWIRE_TEST_CLUSTER`. Its nodes have no process handle:
 * failover and slot migration work, pause, kill and restart throw.
 *
 * @throws HarnessTimeoutError when the cluster does not become consistent in time.
 */
export async function describeExternalCluster(
  list: string,
  options: WaitOptions = {},
): Promise<ClusterSetup> {
  const addresses = list
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '')
    .map(parseAddress);
  const nodes = await Promise.all(
    addresses.map(async (address) => ({
      id: await sendTextCommand(address, ['CLUSTER', 'MYID']),
      host: address.host,
      port: address.port,
      server: null,
    })),
  );
  const [first] = nodes;
  if (first === undefined)
    throw new HarnessStateError(`No node address in ${JSON.stringify(list)}`);
  const reply = await sendCommand(first, ['CONFIG', 'GET', 'cluster-node-timeout']);
  const nodeTimeoutMs = Array.isArray(reply)
    ? Number(reply[1])
    : HARNESS_DEFAULTS.clusterNodeTimeoutMs;
  // Shared by the run's processes as a local cluster's is; never removed, it is a few bytes.
  mkdirSync(defaultRegistryDir(), { recursive: true });
  const promotionLogFile = join(defaultRegistryDir(), `external-${first.id}.promotions.json`);
  const probe = new TestCluster({
    nodes,
    baseline: { shards: [] },
    replicasPerPrimary: 0,
    nodeTimeoutMs,
    promotionLogFile,
  });
  const baseline = captureBaseline(await probe.clusterNodes());
  const replicasPerPrimary = baseline.shards[0]?.replicaIds.length ?? 0;
  const setup = { nodes, baseline, replicasPerPrimary, nodeTimeoutMs, promotionLogFile };
  await new TestCluster(setup).waitForOk({
    timeoutMs: options.timeoutMs ?? HARNESS_DEFAULTS.clusterOkTimeoutMs,
  });
  return setup;
}
