/**
 * What redwire's diagnostics channels cost: the client benchmark's mixed workload (100 workers,
 * 80% GET / 20% SET, one connection) with nobody subscribed, against the same workload while a
 * subscriber that does nothing listens on every channel. Issue 23 asks for the second's
 * throughput at no less than 0.97 of the first's. The client's CPU time per command is shown
 * beside it: the workload alternates between client and server, so throughput moves by about
 * half as much as the client's cost, and with more noise.
 *
 * Each arm runs in a process of its own (arm.ts), subscribed or not from its start, and the
 * processes alternate in pairs, the order swapped each pair. Interleaving the arms inside one
 * process would mean subscribing and unsubscribing every round, and that is not free: Node
 * switches a channel object's prototype each time its first subscriber comes or its last one
 * goes, and after a few such switches V8's inline caches for the channel objects turn
 * megamorphic. In a microbenchmark, reading `hasSubscribers` went from about 5 ns to 80–90 ns
 * and four publishes from about 15 ns to 100 ns after five switches, in both arms alike: that
 * measured the switching rather than the subscriber. An application subscribes once, at start.
 *
 * With a subscriber, each command builds its payload (name, server; the redacted arguments only
 * when read) and publishes four events; without one, the check is one property read per command.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { withBenchServer } from '../lib/bench-server.js';
import type { Benchmark, BenchOptions } from '../lib/benchmark.js';
import { median } from '../lib/measure.js';
import { preload } from '../lib/mixed-workload.js';
import type { ArmResult, ArmSettings } from './arm.js';

type Arm = ArmSettings['arm'];

const ARM_SCRIPT = fileURLToPath(new URL('./arm.ts', import.meta.url));
/** Rounds each arm's process measures after its warm-up; the pairs come from `--rounds`. */
const ROUNDS_PER_PROCESS = 3;
/** A process that has not answered by then is stuck: fail the run rather than wait. */
const ARM_TIMEOUT_MS = 120_000;

export const benchmark: Benchmark = {
  description: 'the mixed workload with and without an idle subscriber on every channel',
  run: (options) => withBenchServer((server) => compare(server.address, options)),
};

async function compare(address: { host: string; port: number }, options: BenchOptions) {
  await preload(address);
  const results: Record<Arm, ArmResult[]> = { quiet: [], idle: [] };
  const throughputRatios: number[] = [];
  const cpuRatios: number[] = [];
  for (let pair = 0; pair < options.rounds; pair++) {
    const order: Arm[] = pair % 2 === 0 ? ['quiet', 'idle'] : ['idle', 'quiet'];
    const got: Partial<Record<Arm, ArmResult>> = {};
    for (const arm of order) {
      got[arm] = await runArm({
        arm,
        host: address.host,
        port: address.port,
        warmupMs: options.warmupMs,
        roundMs: options.roundMs,
        rounds: ROUNDS_PER_PROCESS,
      });
    }
    const quiet = got.quiet!;
    const idle = got.idle!;
    results.quiet.push(quiet);
    results.idle.push(idle);
    throughputRatios.push(idle.opsPerSecond / quiet.opsPerSecond);
    cpuRatios.push(quiet.cpuNsPerOp / idle.cpuNsPerOp);
    console.log(
      `pair ${pair + 1}: nobody ${describe(quiet)}; idle subscriber ${describe(idle)}; ratio ${throughputRatios.at(-1)!.toFixed(3)}`,
    );
  }
  for (const arm of ['quiet', 'idle'] as const) {
    const ops = median(results[arm].map((result) => result.opsPerSecond));
    const cpu = median(results[arm].map((result) => result.cpuNsPerOp));
    const label = arm === 'quiet' ? 'nobody subscribed' : 'idle subscriber';
    console.log(
      `${label.padEnd(18)} ${describe({ opsPerSecond: ops, cpuNsPerOp: cpu })} (medians)`,
    );
  }
  console.log(
    `idle subscriber ÷ nobody subscribed, median of ${options.rounds} pairs: throughput ${median(throughputRatios).toFixed(3)} (issue 23: ≥ 0.97); client CPU per command ${median(cpuRatios).toFixed(3)} (nobody's ÷ idle's)`,
  );
}

function describe(result: ArmResult): string {
  return `${Math.round(result.opsPerSecond).toLocaleString('en')} ops/s, ${Math.round(result.cpuNsPerOp).toLocaleString('en')} ns CPU/op`;
}

/** Runs one arm in a child process with this process's Node flags (tsx, conditions, GC). */
function runArm(settings: ArmSettings): Promise<ArmResult> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [...process.execArgv, ARM_SCRIPT],
      {
        env: { ...process.env, REDWIRE_BENCH_ARM: JSON.stringify(settings) },
        timeout: ARM_TIMEOUT_MS,
        killSignal: 'SIGKILL',
      },
      (error, stdout, stderr) => {
        if (error !== null) {
          reject(new Error(`the ${settings.arm} arm failed: ${stderr.trim() || error.message}`));
          return;
        }
        const last = stdout.trim().split('\n').at(-1) ?? '';
        try {
          resolve(JSON.parse(last) as ArmResult);
        } catch {
          reject(new Error(`the ${settings.arm} arm printed no result: ${stdout.trim()}`));
        }
      },
    );
  });
}
