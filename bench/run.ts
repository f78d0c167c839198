/**
 * `pnpm bench [name…] [--write] [--rounds N] [--round-ms N] [--warmup-ms N] [--only a,b] [--rows e,f]`
 *
 * Runs the named benchmarks (all of them when none is named), one after another in this
 * process. Benchmarks are loaded only when chosen, so one whose imports are broken does not
 * stop the others from running.
 */

import { parseArgs } from 'node:util';
import type { Benchmark, BenchOptions } from './lib/benchmark.js';

const BENCHMARKS: Record<string, () => Promise<Benchmark>> = {
  decoder: async () => (await import('./decoder/decoder.bench.js')).benchmark,
  connection: async () => (await import('./connection/connection.bench.js')).benchmark,
  client: async () => (await import('./client/client.bench.js')).benchmark,
  cluster: async () => (await import('./cluster/cluster.bench.js')).benchmark,
  pubsub: async () => (await import('./pubsub/pubsub.bench.js')).benchmark,
  cache: async () => (await import('./cache/cache.bench.js')).benchmark,
  'client-side-cache': async () =>
    (await import('./client-side-cache/client-side-cache.bench.js')).benchmark,
  diagnostics: async () => (await import('./diagnostics/diagnostics.bench.js')).benchmark,
  fault: async () => (await import('./fault/fault.bench.js')).benchmark,
};

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    write: { type: 'boolean', default: false },
    rounds: { type: 'string', default: '5' },
    'round-ms': { type: 'string', default: '1000' },
    'warmup-ms': { type: 'string', default: '500' },
    only: { type: 'string' },
    rows: { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});

const available = Object.keys(BENCHMARKS);
if (values.help) {
  console.log(
    `usage: pnpm bench [${available.join('|')}…] [--write] [--rounds N] [--round-ms N] [--only a,b] [--rows e,f]`,
  );
  process.exit(0);
}

const unknown = positionals.filter((name) => !(name in BENCHMARKS));
if (unknown.length > 0) {
  console.error(`unknown benchmark: ${unknown.join(', ')} (available: ${available.join(', ')})`);
  process.exit(1);
}

/** The benchmarks that can run some of their rows (`--rows`). */
const WITH_ROWS = new Set(['client']);
const chosenNames = positionals.length > 0 ? positionals : available;
if (values.rows !== undefined) {
  const refusing = chosenNames.filter((name) => !WITH_ROWS.has(name));
  if (refusing.length > 0) {
    console.error(
      `--rows: ${refusing.join(', ')} runs every row (only ${[...WITH_ROWS].join(', ')} can choose)`,
    );
    process.exit(1);
  }
  if (values.write) {
    console.error('--rows with --write: a section of RESULTS.md holds every row of one run');
    process.exit(1);
  }
}

const options: BenchOptions = {
  write: values.write,
  rounds: positiveInteger('rounds', values.rounds),
  roundMs: positiveInteger('round-ms', values['round-ms']),
  warmupMs: positiveInteger('warmup-ms', values['warmup-ms']),
  // A comma followed by a space belongs to a name ("wire floor, values in hand"); others separate.
  only: values.only?.split(/,(?! )/).map((name) => name.trim()),
  rows: values.rows?.split(',').map((name) => name.trim()),
};

for (const name of chosenNames) {
  const benchmark = await BENCHMARKS[name]!();
  console.log(`# ${name}: ${benchmark.description}\n`);
  await benchmark.run(options);
}

function positiveInteger(flag: string, text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value <= 0) {
    console.error(`--${flag} takes a positive integer, got ${JSON.stringify(text)}`);
    process.exit(1);
  }
  return value;
}
