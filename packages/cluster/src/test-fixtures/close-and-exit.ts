/**
 * Run as a child process by close.integration.test.ts: uses every part of a cluster client that
 * holds a socket or a timer (node connections to primaries and replicas, the periodic topology
 * check, a refresh, split and fanned-out commands, a pipeline across nodes, a transaction, a
 * blocking command, a sharded subscriber, a duplicate, a scan left half way), closes (or
 * destroys) them, and must then exit on its own with nothing alive that was not alive before.
 */
import { createCluster } from '@redwire/cluster';
import { resourcesLeftSince } from '@redwire/test-harness/child-fixture';

const [mode, ...seeds] = process.argv.slice(2);
// What the process holds before redwire does anything (stdout's pipe, for one).
const baseline = process.getActiveResourcesInfo();
const cluster = createCluster({ nodes: seeds, topologyCheckInterval: 200, readFrom: 'replica' });
const prefix = `exit:${process.pid}`;
const keys = Array.from({ length: 30 }, (_, i) => `${prefix}:${i}`);

await cluster.mset(Object.fromEntries(keys.map((key) => [key, key])));
await cluster.mget(...keys); // split per slot, read from replicas
await cluster.dbsize(); // fanned out to every primary
const pipeline = cluster.pipeline();
for (const key of keys) pipeline.get(key);
await pipeline.exec();
await cluster.transaction([`${prefix}:{t}`], async (tx) => {
  await tx.get(`${prefix}:{t}`);
  return tx.multi().set(`${prefix}:{t}`, '1');
});
await cluster.refreshTopology();
for (const node of await cluster.nodes('all')) await node.ping();
await cluster.blpop(`${prefix}:empty`, 0.05);
const blocked = cluster.blpop(`${prefix}:never`, 0);
for await (const _key of cluster.scanIterator({ match: `${prefix}:*`, count: 1 })) break;
// Long enough for a periodic topology check to run.
await new Promise((resolve) => setTimeout(resolve, 300));

const copy = cluster.duplicate();
await copy.get(keys[0]!);
const sub = cluster.subscriber();
await sub.ssubscribe(`${prefix}:orders`, () => {});
await cluster.spublish(`${prefix}:orders`, 'hello');
await cluster.del(...keys, `${prefix}:{t}`);
if (mode === 'destroy') {
  sub.destroy();
  copy.destroy();
  cluster.destroy();
} else {
  await sub.close();
  await copy.close();
  await cluster.close();
}
// close(): ends as if its own timeout had passed; destroy(): rejects.
const released = await blocked.catch((error: Error) => error.name);

const alive = await resourcesLeftSince(baseline);
console.log(JSON.stringify({ released, alive }));
