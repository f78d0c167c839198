import { keySlot, RespClient, type TestCluster } from '@redwire/test-harness';

/** Bound on the final read of one node's keys (thousands of GETs in one pipeline). */
const READ_TIMEOUT_MS = 10_000;

/**
 * Reads every key from the primary that owns its slot now, over the harness's own connections:
 * the ledger is checked against the servers, not against the client under test.
 * @returns each key's value, `null` where missing
 */
export async function readFinalValues(
  cluster: TestCluster,
  keys: readonly string[],
): Promise<Map<string, string | null>> {
  const primaries = (await cluster.clusterNodes()).filter((node) => node.role === 'primary');
  const byNode = new Map<string, string[]>();
  for (const key of keys) {
    const slot = keySlot(key);
    const owner = primaries.find((node) =>
      node.slots.some((range) => slot >= range.start && slot <= range.end),
    );
    if (owner === undefined) throw new Error(`no primary serves slot ${slot} of ${key}`);
    const owned = byNode.get(owner.id);
    if (owned === undefined) byNode.set(owner.id, [key]);
    else owned.push(key);
  }
  const values = new Map<string, string | null>();
  await Promise.all(
    [...byNode].map(async ([id, owned]) => {
      const client = await RespClient.connect(cluster.node(id).address, READ_TIMEOUT_MS);
      try {
        const replies = await Promise.all(owned.map((key) => client.command(['GET', key])));
        owned.forEach((key, i) => {
          const reply = replies[i];
          values.set(key, reply == null ? null : String(reply));
        });
      } finally {
        client.close();
      }
    }),
  );
  return values;
}
