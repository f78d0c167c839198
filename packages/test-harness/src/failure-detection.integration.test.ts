import { afterAll, describe, expect, it } from 'vitest';
import { HELD_NODE_TIMEOUT_MS } from './cluster-faults.js';
import { getTestServers } from './context.js';
import { sendCommand } from './resp-client.js';

const { cluster, faults } = getTestServers();

afterAll(() => faults.restore());

/** Every node's cluster-node-timeout, in ms. */
async function nodeTimeouts(): Promise<number[]> {
  return Promise.all(
    cluster.nodes.map(async (node) => {
      const reply = await cluster.command(node, 'CONFIG', 'GET', 'cluster-node-timeout');
      return Number((reply as string[])[1]);
    }),
  );
}

describe('holding failure detection (a node slow on purpose is not failed over)', () => {
  it('raises every node’s node timeout, and release puts the configured one back', async () => {
    await faults.holdFailureDetection();
    expect(await nodeTimeouts()).toEqual(cluster.nodes.map(() => HELD_NODE_TIMEOUT_MS));
    await faults.releaseFailureDetection();
    expect(await nodeTimeouts()).toEqual(cluster.nodes.map(() => cluster.setup.nodeTimeoutMs));
  });

  it('keeps a node sleeping past the configured node timeout its shard’s primary', async () => {
    const [primary] = await cluster.primaries();
    await faults.holdFailureDetection();
    // Five seconds: past the configured 2 s and the election that follows (a primary frozen that
    // long is failed over in about 4 s here), so without the hold its replica takes over.
    await sendCommand(primary!.address, ['DEBUG', 'SLEEP', '5'], 15_000);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect((await cluster.primaries()).map((node) => node.id)).toContain(primary!.id);
    expect(await cluster.command(primary!, 'ROLE')).toEqual(expect.arrayContaining(['master']));
  });

  it('is undone by restore()', async () => {
    await faults.holdFailureDetection();
    await faults.restore();
    expect(await nodeTimeouts()).toEqual(cluster.nodes.map(() => cluster.setup.nodeTimeoutMs));
  });
});
