import { withBenchCluster } from './lib/bench-server.js';
import { createCluster } from '@redwire/cluster';
import { MGET_KEYS, TAGGED_MGET_KEYS } from './cluster/keys.js';
import { Cluster } from 'ioredis';

const mode = process.argv[2] ?? 'plain';
const seconds = Number(process.argv[3] ?? 5);
await withBenchCluster(async (cluster) => {
  const seeds = cluster.setup.nodes.map(({ host, port }) => ({ host, port }));
  const c = createCluster({ nodes: seeds });
  await c.connect();
  for (const k of [...MGET_KEYS, ...TAGGED_MGET_KEYS]) await c.set(k, 'x'.repeat(100));
  let client: { mget(keys: readonly string[]): Promise<unknown> };
  let io: Cluster | undefined;
  if (mode.startsWith('io')) {
    io = new Cluster(seeds);
    await io.get('a');
    client = { mget: (keys) => io!.mget(...keys) };
  } else client = { mget: (keys) => c.mget(...keys) };
  const keys = mode.endsWith('tagged') ? TAGGED_MGET_KEYS : MGET_KEYS;
  for (let round = 0; round < 3; round++) {
    const end = performance.now() + seconds * 1000;
    const cpu0 = process.cpuUsage();
    let n = 0;
    const t0 = performance.now();
    while (performance.now() < end) { await client.mget(keys); n++; }
    const t = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    console.log(mode, Math.round(n / t), 'ops/s', 'cpu', ((cpu.user + cpu.system) / 1e4 / t).toFixed(0) + '%', 'sys', (cpu.system / 1e4 / t).toFixed(0) + '%');
  }
  await c.close();
  io?.disconnect();
});
