/**
 * The table of the benchmarks that measure one figure per contender (connection, pub/sub): the
 * figure, redwire's ratio to each, the CPU each side used and the spread, then a verdict line
 * against the faster peer.
 */

import { noise, REDWIRE, ratioToFasterPeer, spread } from './compare.js';
import { compact, percent, ratio } from './format.js';
import { markdownTable } from './markdown-table.js';
import type { MeteredMeasurement, MeteredRun } from './metered-contender.js';
import { medianShare } from './server-load.js';

export interface ContenderResult extends MeteredMeasurement<MeteredRun> {
  readonly contender: { readonly name: string; readonly source: string };
}

/** One row per contender; `figure` titles the throughput column ('ops/s', 'messages/s'). */
export function throughputTable(results: readonly ContenderResult[], figure: string): string {
  const redwire = results.find((result) => result.contender.name === REDWIRE);
  const columns = [
    { title: 'client', align: 'left' as const },
    { title: figure, align: 'right' as const },
    { title: 'redwire ÷ this', align: 'right' as const },
    { title: 'server CPU', align: 'right' as const },
    { title: 'client CPU', align: 'right' as const },
    { title: 'spread', align: 'right' as const },
  ];
  const rows = results.map(({ contender, measurement, cpu }) => {
    const { server, client } = medianShare(cpu);
    return [
      contender.name,
      compact(measurement.opsPerSecond),
      redwire === undefined
        ? 'n/a'
        : ratio(redwire.measurement.opsPerSecond / measurement.opsPerSecond),
      percent(server),
      percent(client),
      percent(spread(measurement)),
    ];
  });
  return markdownTable(columns, rows);
}

/** Says whether redwire's ratio to the faster peer meets `target`, given the run's noise. */
export type Judge = (value: number | undefined, target: number, runNoise: number) => string;

/** The verdict line under the table: redwire against the faster peer, and the run's noise. */
export function verdictLine(
  results: readonly ContenderResult[],
  target: number,
  judge: Judge,
): string {
  const measurements = results.map((result) => result.measurement);
  const value = ratioToFasterPeer(measurements);
  const runNoise = noise(measurements);
  return (
    `**redwire ÷ faster peer: ${ratio(value)}** (target ≥ ${target}×: ` +
    `${judge(value, target, runNoise)}; noise ${percent(runNoise)})`
  );
}
