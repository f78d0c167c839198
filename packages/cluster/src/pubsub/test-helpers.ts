/** Shared by the cluster subscriber's integration tests: waiting, and who is connected where. */
import { getTestServers, hashTagForSlot, type TestClusterNode } from '@redwire/test-harness';

/** A shard channel name in `slot`. */
export function channelIn(slot: number, name: string): string {
  return `{${hashTagForSlot(slot)}}:${name}`;
}

/** Resolves once `predicate` holds, polling every 10 ms; rejects after `timeoutMs`. */
export async function until(predicate: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** The harness node listening on the port of `key` (`host:port`). */
export function nodeAt(key: string): TestClusterNode {
  const port = Number(key.slice(key.lastIndexOf(':') + 1));
  const node = getTestServers().cluster.nodes.find((candidate) => candidate.port === port);
  if (node === undefined) throw new Error(`no test node on ${key}`);
  return node;
}

/** CLIENT LIST of every node that is up, as `port/id` → fields, for clients named `name`. */
export async function clientsNamed(name: string): Promise<Map<string, Record<string, string>>> {
  const { cluster } = getTestServers();
  const found = new Map<string, Record<string, string>>();
  for (const node of cluster.nodes) {
    if (cluster.isDown(node)) continue;
    const list = String(await cluster.command(node, 'CLIENT', 'LIST'));
    for (const line of list.split('\n')) {
      const fields = Object.fromEntries(
        line
          .trim()
          .split(' ')
          .map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]),
      );
      if (fields.name === name) found.set(`${node.port}/${fields.id}`, fields);
    }
  }
  return found;
}

/** Those of `clients` holding at least one subscription. */
export function subscribed(clients: Map<string, Record<string, string>>): string[] {
  return [...clients]
    .filter(([, f]) => Number(f.sub ?? 0) + Number(f.psub ?? 0) + Number(f.ssub ?? 0) > 0)
    .map(([id]) => id);
}
