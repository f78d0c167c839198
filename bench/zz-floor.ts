import net from 'node:net';
import { withBenchCluster } from './lib/bench-server.js';
import { createCluster } from '@redwire/cluster';
import { MGET_KEYS, TAGGED_MGET_KEYS } from './cluster/keys.js';

const cmdName = process.argv[2] ?? 'GET';
await withBenchCluster(async (cluster) => {
  const seeds = cluster.setup.nodes.map(({ host, port }) => ({ host, port }));
  const c = createCluster({ nodes: seeds });
  await c.connect();
  for (const k of [...MGET_KEYS, ...TAGGED_MGET_KEYS]) await c.set(k, 'x'.repeat(100));
  // owner of each key
  const byNode = new Map<string, string[]>();
  for (const k of MGET_KEYS) {
    const slot = Number(await c.sendCommand(['CLUSTER', 'KEYSLOT', k]));
    const shards = (await c.sendCommand(['CLUSTER', 'SLOTS'])) as any[];
    const s = shards.find((r) => slot >= r[0] && slot <= r[1]);
    const addr = `${s[2][0]}:${s[2][1]}`;
    (byNode.get(addr) ?? byNode.set(addr, []).get(addr)!).push(k);
  }
  const enc = (args: string[]) => `*${args.length}\r\n` + args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('');
  async function run(plan: { addr: string; payload: string; expect: number }[], label: string) {
    const socks = await Promise.all(plan.map(({ addr }) => new Promise<net.Socket>((res) => { const [h, p] = addr.split(':'); const s = net.connect(Number(p), h, () => res(s)); s.setNoDelay(true); })));
    for (let round = 0; round < 3; round++) {
      let n = 0; const t0 = performance.now(); const end = t0 + 3000; const cpu0 = process.cpuUsage();
      while (performance.now() < end) {
        await Promise.all(socks.map((s, i) => new Promise<void>((res) => {
          let got = 0; const want = plan[i]!.expect;
          const on = (b: Buffer) => { got += b.length; if (got >= want) { s.off('data', on); res(); } };
          s.on('data', on); s.write(plan[i]!.payload);
        })));
        n++;
      }
      const t = (performance.now() - t0) / 1000; const cpu = process.cpuUsage(cpu0);
      console.log(label, Math.round(n / t), 'ops/s cpu', ((cpu.user + cpu.system) / 1e4 / t).toFixed(0) + '%');
    }
    socks.forEach((s) => s.destroy());
  }
  const plan = [...byNode].map(([addr, keys]) => ({ addr, payload: keys.map((k) => enc(cmdName === 'GET' ? ['GET', k] : ['MGET', k])).join(''), expect: keys.length * (cmdName === 'GET' ? 108 : 112) }));
  await run(plan, `floor split ${cmdName} x${plan.map((p) => p.expect).join('/')}`);
  const tslot = Number(await c.sendCommand(['CLUSTER', 'KEYSLOT', TAGGED_MGET_KEYS[0]!]));
  const shards = (await c.sendCommand(['CLUSTER', 'SLOTS'])) as any[];
  const s = shards.find((r) => tslot >= r[0] && tslot <= r[1]);
  await run([{ addr: `${s[2][0]}:${s[2][1]}`, payload: enc(['MGET', ...TAGGED_MGET_KEYS]), expect: 4 + 6 * 0 + 100 * 108 + 2 }], 'floor tagged MGET');
  await c.close();
});
