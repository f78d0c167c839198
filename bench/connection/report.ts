/** Turns the connection measurements into the markdown printed to the terminal and RESULTS.md. */

import type { BenchOptions } from '../lib/benchmark.js';
import type { ClientContender } from '../lib/clients/contract.js';
import { noise, REDWIRE, ratioToFasterPeer, spread } from '../lib/compare.js';
import { compact, percent, ratio } from '../lib/format.js';
import { type Machine, measuredOn } from '../lib/machine.js';
import { markdownTable } from '../lib/markdown-table.js';
import type { Measurement } from '../lib/measure.js';
import { GET_SHARE, KEY_COUNT, VALUE_BYTES, WORKERS } from '../lib/mixed-workload.js';
import type { CpuShare } from '../lib/server-load.js';

/** The bar redwire's connection has to clear against the faster peer. */
export const TARGET_RATIO = 1.3;

export interface ContenderResult {
  readonly contender: ClientContender;
  readonly measurement: Measurement;
  /** Medians over the timed rounds. */
  readonly cpu: CpuShare;
}

export interface RunContext {
  readonly machine: Machine;
  readonly serverVersion: string;
  readonly options: BenchOptions;
}

export function connectionTable(results: readonly ContenderResult[]): string {
  const redwire = results.find((result) => result.contender.name === REDWIRE);
  const columns = [
    { title: 'client', align: 'left' as const },
    { title: 'ops/s', align: 'right' as const },
    { title: 'redwire ÷ this', align: 'right' as const },
    { title: 'server CPU', align: 'right' as const },
    { title: 'client CPU', align: 'right' as const },
    { title: 'spread', align: 'right' as const },
  ];
  const rows = results.map(({ contender, measurement, cpu }) => [
    contender.name,
    compact(measurement.opsPerSecond),
    redwire === undefined
      ? 'n/a'
      : ratio(redwire.measurement.opsPerSecond / measurement.opsPerSecond),
    percent(cpu.server),
    percent(cpu.client),
    percent(spread(measurement)),
  ]);
  return markdownTable(columns, rows);
}

/** The verdict line: redwire against the faster peer, with the run's noise beside it. */
export function connectionVerdict(results: readonly ContenderResult[]): string {
  const measurements = results.map((result) => result.measurement);
  const value = ratioToFasterPeer(measurements);
  const met =
    value === undefined ? 'n/a (redwire not measured)' : value >= TARGET_RATIO ? 'yes' : 'no';
  return (
    `**redwire ÷ faster peer: ${ratio(value)}** (target ≥ ${TARGET_RATIO}×: ${met}; ` +
    `noise ${percent(noise(measurements))})`
  );
}

/** The RESULTS.md section: context first, then the table, then how to read it. */
export function connectionSection(results: readonly ContenderResult[], run: RunContext): string {
  const { machine, options } = run;
  return [
    '## Connection throughput: 100 workers on one connection',
    '',
    measuredOn(machine),
    `Server: redis-server ${run.serverVersion} on loopback, started for the run ` +
      `(\`--save '' --appendonly no\`), ${KEY_COUNT.toLocaleString('en-US')} keys of ` +
      `${VALUE_BYTES} bytes. **Client and server share the ${machine.cores} cores**: CPU one ` +
      'side spends is taken from the other.',
    `Clients: ${results.map(({ contender }) => contender.source).join('; ')}.`,
    `Method: ${WORKERS} concurrent workers share one connection, each looping a random key, ` +
      `${Math.round(GET_SHARE * 100)}% GET / ${Math.round((1 - GET_SHARE) * 100)}% SET of ` +
      `${VALUE_BYTES} bytes, awaiting every reply; the same seeded sequence for every client. ` +
      `${options.warmupMs} ms warm-up, then ${options.rounds} interleaved rounds of ` +
      `${options.roundMs} ms per client; median ops/s. Replies are checked and any error fails the run.`,
    `**Target: redwire ≥ ${TARGET_RATIO}× the faster peer.**`,
    '',
    connectionTable(results),
    '',
    connectionVerdict(results),
    '',
    '"ops/s" counts completed commands. "server CPU" and "client CPU" are the median share of',
    'one core that redis-server and the benchmark process used during a round. "spread" is a',
    "client's (max − min) over median across rounds; a ratio closer to 1.0 or to its target",
    'than the noise (the widest spread) is not a result.',
  ].join('\n');
}
