/**
 * `npm run demo`: starts the local six-node cluster, then the service on it, prints the URL and
 * runs until Ctrl-C, when it drains and closes the service and then stops every server it
 * started. `--once` (for scripts and CI) starts both, checks one product read end to end (a
 * miss, then a hit), stops everything and exits 0, or 1 if the check failed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_DEFAULTS } from './config.js';
import { KILL_PRIMARY_ROUTE, registerKillPrimaryRoute } from './kill-primary.js';
import { removeDemoState, writeDemoState } from './load/demo-state.js';
import { startLocalCluster } from './local-cluster-process.js';
import { startService } from './service.js';
import { closeOnSignals } from './shutdown.js';

const once = process.argv.includes('--once');
const unknown = process.argv.slice(2).filter((arg) => arg !== '--once');
if (unknown.length > 0) {
  console.error(`usage: npm run demo [-- --once]   (unknown: ${unknown.join(' ')})`);
  process.exit(2);
}

// Ctrl-C while starting (seeding takes seconds on a busy machine): exit at once. The 'exit'
// listeners stop the cluster's servers (local-cluster-process.ts) and remove PGlite's files.
const interruptStart = (signal: NodeJS.Signals) => {
  console.log(`${signal} while starting: stopping what was started.`);
  process.exit(130);
};
process.on('SIGINT', interruptStart);
process.on('SIGTERM', interruptStart);
// PGlite's directory is the demo's own, removed on exit however the process ends it; so is
// the state file that tells demo:load where the demo runs.
const databaseUrl = process.env.DATABASE_URL || undefined;
let pgliteDir = process.env.PGLITE_DIR || undefined;
if (databaseUrl === undefined && pgliteDir === undefined) {
  const dir = mkdtempSync(join(tmpdir(), 'redwire-demo-pglite-'));
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  pgliteDir = dir;
}
process.on('exit', () => removeDemoState());

const cluster = await startLocalCluster();
let code = 0;
try {
  const service = await startService(
    {
      ...DEMO_DEFAULTS,
      redisNodes: cluster.seeds,
      databaseUrl,
      pgliteDir,
    },
    { logger: { level: process.env.LOG_LEVEL ?? 'warn' } },
  );
  // This demo started the cluster, so it may kill one of its primaries (npm run demo:load --failover).
  registerKillPrimaryRoute(service);
  const url = await service.listen(once ? 0 : Number(process.env.PORT ?? 3000));
  console.log(`\nredwire cluster demo: ${url}  (origin: ${service.catalog.kind})`);
  console.log('Open it in a browser for the live dashboard: nodes, traffic, failovers.');
  if (!once)
    writeDemoState({
      url,
      pid: process.pid,
      ownsCluster: true,
      products: DEMO_DEFAULTS.productCount,
    });
  if (once) {
    code = await checkOneRead(url);
    await service.close();
  } else {
    console.log(
      'Try /products/42, /products?ids=1,2,3, /leaderboard, /metrics. Ctrl-C stops everything.',
    );
    console.log(
      `In another terminal: npm run demo:load (add -- --failover to kill a primary mid-run; POST ${KILL_PRIMARY_ROUTE} does it alone).`,
    );
    // From here a signal drains the service first; a second one exits at once.
    process.off('SIGINT', interruptStart);
    process.off('SIGTERM', interruptStart);
    code = await new Promise<number>((resolve) => closeOnSignals(service, resolve));
  }
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  code = 1;
} finally {
  removeDemoState();
  await cluster.stop();
}
process.exit(code);

/** GET /products/1 twice: a miss loaded from the origin, then a hit from the cluster. */
async function checkOneRead(url: string): Promise<number> {
  const first = await fetch(`${url}/products/1`);
  const second = await fetch(`${url}/products/1`);
  const seen = [first.headers.get('x-cache'), second.headers.get('x-cache')];
  console.log(
    `GET /products/1 -> ${second.status} ${await second.text()} (x-cache: ${seen.join(', then ')})`,
  );
  const ok = first.status === 200 && second.status === 200 && seen[1] === 'hit';
  console.log(ok ? 'Checked: the service answers through the cache.' : 'The check failed.');
  return ok ? 0 : 1;
}
