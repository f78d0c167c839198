import { setTimeout as sleep } from 'node:timers/promises';
import { type ClusterSubscriber, createCluster, type RedisCluster } from '@redwire/cluster';
import {
  ClusterFaults,
  keySlot,
  LocalCluster,
  ServerRegistry,
  TestCluster,
} from '@redwire/test-harness';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { ChaosWorker, type WorkerContext } from './chaos-worker.js';
import { FaultDriver } from './fault-driver.js';
import { FaultLog } from './fault-log.js';
import { readFinalValues } from './final-read.js';
import { errorName, OpTracker } from './op-tracker.js';
import { activeResources, ProcessWatch, sampleMemory } from './process-watch.js';
import { chaosSeconds, chaosSeed, SeededRandom } from './seeded-random.js';
import { WriteLedger } from './write-ledger.js';

/** Fault injection in CI; `REDWIRE_CHAOS_SECONDS` sets a longer soak by hand. */
const SECONDS = chaosSeconds(120);
const WORKERS = 200;
const SHARD_CHANNELS = 12;
/**
 * Every operation settles within twice the default command timeout (5 s): a command waits at
 * most its own timeout, through redirections and failovers alike, and the rest is margin for a
 * loaded 2-core machine. A hang (a promise that never settles) is told apart at once.
 */
const SETTLE_BOUND_MS = 10_000;
/** After the cluster is whole again, the client has this long to see it ... */
const CATCH_UP_MS = 2000;
/** ... and then every command in this window succeeds, each within {@link STEADY_OP_BOUND_MS}. */
const STEADY_MS = 5000;
const STEADY_OP_BOUND_MS = 2000;
/** A subscriber hears a publish made after the cluster is whole within this. */
const DELIVERY_BOUND_MS = 5000;
/**
 * Growth of the heap (after a full GC) from the warm-up to the end. The ledger keeps a bounded
 * number of records per key, and its keys grow only with failed writes; a leak of even a few
 * dozen bytes per command (a million commands in two minutes) is far beyond it.
 */
const HEAP_GROWTH_BOUND = 32 * 1024 * 1024;
/** RSS follows the heap loosely (the allocator keeps freed pages): a generous bound. */
const RSS_GROWTH_BOUND = 256 * 1024 * 1024;
/** What a command may fail with while a fault lasts (errors outside any fault fail the soak). */
const ALLOWED_ERRORS = /^(ConnectionError|TimeoutError|ClusterDownError|ReplyError) /;

const seed = chaosSeed();
let local: LocalCluster | undefined;

beforeAll(async () => {
  // The soak's own six nodes, recorded under the run's registry and owner: if this worker dies,
  // the run's teardown still stops them by PID.
  const { run } = inject('redwireServers');
  local = await LocalCluster.start({
    registry: new ServerRegistry(run.registryDir),
    owner: run.owner,
  });
}, 120_000);

afterAll(() => local?.stop(), 60_000);

it(
  `chaos soak: ${WORKERS} workers through ${SECONDS} s of kill -9, SIGSTOP, CLUSTER FAILOVER, slot migrations and CLIENT KILL storms`,
  async () => {
    console.info(
      `chaos soak: seed ${seed} (REDWIRE_CHAOS_SEED=${seed} replays this schedule), ${SECONDS} s`,
    );
    const problems: string[] = [];
    const problem = (text: string): void => {
      problems.push(`${text} (seed ${seed})`);
    };
    using watch = new ProcessWatch();
    const resourcesBefore = activeResources();
    const cluster = new TestCluster(local!.setup);
    const faults = new ClusterFaults(cluster);
    const log = new FaultLog();
    const random = new SeededRandom(seed);

    const redis: RedisCluster = createCluster({ nodes: cluster.seeds() });
    const background = new Map<string, number>();
    redis.on('error', (error) => {
      const name = errorName(error);
      background.set(name, (background.get(name) ?? 0) + 1);
    });
    const sub: ClusterSubscriber = redis.subscriber();
    const channels = Array.from({ length: SHARD_CHANNELS }, (_, i) => `chaos:ch:${i}`);
    const lastMessage = new Map<string, string>();
    let delivered = 0;
    await sub.ssubscribe(channels, (message) => {
      delivered++;
      lastMessage.set(message.channel, message.message);
    });

    const ledger = new WriteLedger((key) => keySlot(key));
    const context: WorkerContext = { redis, ledger, channels };
    const workers = Array.from(
      { length: WORKERS },
      (_, i) => new ChaosWorker(i, context, random.fork(i)),
    );
    let tracker = new OpTracker();
    const trackers = [tracker];
    const useTracker = (next: OpTracker): void => {
      tracker = next;
      trackers.push(next);
    };
    let stopping = false;
    // Named once each: `tracker index:op id` (ids restart with each phase's tracker).
    const stuck = new Set<string>();
    const watchdog = setInterval(() => {
      for (const [index, each] of trackers.entries()) {
        const oldest = each.oldest();
        if (oldest === undefined || stuck.has(`${index}:${oldest.id}`)) continue;
        const age = Date.now() - oldest.startedAt;
        if (age > SETTLE_BOUND_MS) {
          stuck.add(`${index}:${oldest.id}`);
          problem(`${oldest.label} still in flight after ${age} ms (bound ${SETTLE_BOUND_MS} ms)`);
        }
      }
    }, 1000);
    const loops = workers.map((worker) =>
      worker.run(
        () => tracker,
        () => stopping,
      ),
    );

    try {
      // Warm-up on a whole cluster, then the memory baseline with every worker running.
      await sleep(3000);
      const before = sampleMemory();
      const warmUp = tracker;
      const chaos = new OpTracker();
      useTracker(chaos);

      const keys = new SeededRandom(seed).fork(WORKERS + 1);
      const driver = new FaultDriver(cluster, faults, random.fork(WORKERS), log, {
        sampleKey: () => keys.pick(ledger.keys()),
      });
      await driver.run(Date.now() + SECONDS * 1000, (fault) => {
        // Its loss windows have closed: the counters' acknowledgements in them are counted now.
        ledger.noteFault(fault);
        console.info(
          `  ${fault.kind} ${fault.target}: ${(fault.endedAt ?? Date.now()) - fault.startedAt} ms`,
        );
      });
      // The driver waited the last fault out: consistent cluster, replicas in sync.
      const wholeAt = Date.now();
      const recovery = new OpTracker();
      useTracker(recovery);
      await sleep(CATCH_UP_MS);
      const steady = new OpTracker();
      useTracker(steady);
      await sleep(STEADY_MS);
      stopping = true;
      const ended = await Promise.race([
        Promise.all(loops).then(() => true),
        sleep(SETTLE_BOUND_MS).then(() => false),
      ]);
      if (!ended) problem(`workers did not stop within ${SETTLE_BOUND_MS} ms`);

      // Errors: only of the kinds a fault explains, and only while one lasted.
      for (const [name, count] of chaos.errorCounts()) {
        if (!ALLOWED_ERRORS.test(`${name} `)) problem(`${count} × ${name} during the faults`);
      }
      const unexcused = chaos
        .failures()
        .filter((failure) => !log.excuses(failure.startedAt, failure.settledAt));
      for (const failure of unexcused.slice(0, 10)) {
        problem(
          `${failure.label} failed at ${new Date(failure.settledAt).toISOString()} outside any fault: ${failure.error}`,
        );
      }
      if (chaos.failed > chaos.failures().length) {
        problem(`${chaos.failed} failures, more than the ${chaos.failures().length} kept to check`);
      }
      for (const failure of [...warmUp.failures(), ...steady.failures()].slice(0, 10)) {
        problem(`${failure.label} failed on a whole cluster: ${failure.error}`);
      }
      if (steady.slowest.ms > STEADY_OP_BOUND_MS) {
        problem(
          `${steady.slowest.label} took ${steady.slowest.ms} ms on a whole cluster (bound ${STEADY_OP_BOUND_MS} ms)`,
        );
      }
      if (steady.settled < WORKERS)
        problem(`only ${steady.settled} operations in the steady phase`);

      // Sharded subscribers: subscribed again wherever their slots went.
      const marker = `final ${seed}`;
      for (const channel of channels) {
        const receivers = await redis.spublish(channel, marker);
        if (receivers !== 1) problem(`SPUBLISH ${channel} reached ${receivers} subscribers, not 1`);
      }
      const deliveredBy = Date.now() + DELIVERY_BOUND_MS;
      while (channels.some((c) => lastMessage.get(c) !== marker) && Date.now() < deliveredBy) {
        await sleep(50);
      }
      const deaf = channels.filter((c) => lastMessage.get(c) !== marker);
      if (deaf.length > 0)
        problem(`no delivery within ${DELIVERY_BOUND_MS} ms on ${deaf.join(', ')}`);

      // Every acknowledged write, read back from the primaries themselves.
      const report = ledger.verify(await readFinalValues(cluster, ledger.keys()), log);
      for (const violation of report.violations.slice(0, 20)) problem(violation);

      const after = sampleMemory();
      const heapGrowth = after.heapUsed - before.heapUsed;
      if (heapGrowth > HEAP_GROWTH_BOUND) {
        problem(`heap grew ${mib(heapGrowth)}, bound ${mib(HEAP_GROWTH_BOUND)}`);
      }
      const rssGrowth = after.rss - before.rss;
      if (rssGrowth > RSS_GROWTH_BOUND) {
        problem(`RSS grew ${mib(rssGrowth)}, bound ${mib(RSS_GROWTH_BOUND)}`);
      }

      const lastFailure = Math.max(wholeAt, ...recovery.failures().map((f) => f.settledAt));
      // Which fault each error fell in, for the report (the first whose window it overlapped).
      const byFault = new Map<string, { count: number; example: string }>();
      for (const failure of chaos.failures()) {
        const fault = log.faultOf(failure.startedAt, failure.settledAt);
        const operation = failure.label.slice(failure.label.lastIndexOf(' ') + 1);
        const name = `${fault?.kind ?? 'none'}: ${operation}: ${failure.error.slice(0, failure.error.indexOf(':'))}`;
        const seen = byFault.get(name);
        if (seen === undefined) {
          byFault.set(name, { count: 1, example: `${failure.label}: ${failure.error}` });
        } else seen.count++;
      }
      console.info(
        [
          `chaos soak (seed ${seed}): ${chaos.settled + recovery.settled + steady.settled} operations, faults ${JSON.stringify(log.counts())}`,
          `  errors during faults: ${JSON.stringify(Object.fromEntries(chaos.errorCounts()))}; background: ${JSON.stringify(Object.fromEntries(background))}`,
          `  errors by fault:${[...byFault].map(([name, { count, example }]) => `\n    ${count} × ${name} (e.g. ${example.slice(0, 160)})`).join('')}`,
          `  slowest: ${chaos.slowest.label} ${chaos.slowest.ms} ms; healthy ${lastFailure - wholeAt} ms after the cluster was whole (${recovery.failed} errors then); steady: ${steady.settled} operations, ${steady.failed} errors, slowest ${steady.slowest.ms} ms`,
          `  ledger: ${report.keys} keys, ${report.acknowledged} acknowledged writes; lost: ${report.lost.replication} not replicated before a kill or freeze, ${report.lost['stale-primary']} taken by a restarted former primary; ${report.violations.length} violations`,
          `  messages delivered: ${delivered}; heap ${mib(before.heapUsed)} → ${mib(after.heapUsed)}, RSS ${mib(before.rss)} → ${mib(after.rss)}${after.collected ? ' (after GC)' : ' (no GC available)'}`,
        ].join('\n'),
      );
    } finally {
      stopping = true;
      clearInterval(watchdog);
      await sub.close();
      await redis.close();
    }

    // Nothing left behind by the client: its sockets and timers are gone after close().
    const leftBy = Date.now() + 2000;
    while (leaked(resourcesBefore).length > 0 && Date.now() < leftBy) await sleep(50);
    for (const leak of leaked(resourcesBefore)) problem(`after close(): ${leak}`);
    for (const warning of watch.warnings) problem(`process warning: ${warning}`);
    for (const rejection of watch.unhandled) problem(`unhandled rejection: ${rejection}`);
    if (problems.length > 0) console.info(timeline(log, seed));
    expect(problems).toEqual([]);
  },
  (SECONDS + 240) * 1000,
);

/** The faults with their times, to set beside the times in a failure. */
function timeline(log: FaultLog, seed: number): string {
  const at = (ms: number | undefined) => (ms === undefined ? '?' : new Date(ms).toISOString());
  const lines = log.faults.map((fault) => {
    const slots = fault.slots.size === 0 ? '' : ` (${fault.slots.size} slots)`;
    const restart =
      fault.restart === undefined
        ? ''
        : `, restarted ${at(fault.restart.from)} … ${at(fault.restart.until)}`;
    return `  ${at(fault.startedAt)} … ${at(fault.endedAt)} ${fault.kind} ${fault.target}${slots}${restart}`;
  });
  return `faults of seed ${seed}:\n${lines.join('\n')}`;
}

function mib(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

/** Sockets and timers more than before the client existed. */
function leaked(before: ReadonlyMap<string, number>): string[] {
  const leaks: string[] = [];
  for (const [type, count] of activeResources()) {
    const extra = count - (before.get(type) ?? 0);
    if (extra > 0 && (type === 'TCPSocketWrap' || type === 'TCPWRAP' || type === 'Timeout')) {
      leaks.push(`${extra} more ${type}`);
    }
  }
  return leaks;
}
