/** Turns the client measurements into the markdown printed to the terminal and RESULTS.md. */

import { type Better, noise, ratioToBestPeer, verdict } from '../lib/compare.js';
import { compact, percent, ratio, significant } from '../lib/format.js';
import { measuredOn } from '../lib/machine.js';
import { markdownTable } from '../lib/markdown-table.js';
import { type Measurement, median } from '../lib/measure.js';
import type { WorkloadMeasurement } from '../lib/metered-contender.js';
import { loopbackServer, schedule } from '../lib/method-text.js';
import { GET_SET_MIX, KEY_COUNT, VALUE_BYTES, WORKERS } from '../lib/mixed-workload.js';
import type { RunContext } from '../lib/run-context.js';
import { concurrent } from './concurrent.js';
import { FLOOR_NOTES, floorTable, withoutFloor } from './floor-report.js';
import { LARGE_WORKERS } from './large-values-in-flight.js';
import { latency } from './latency.js';
import { MGET_KEY_COUNT } from './mget.js';
import { PIPELINE_LENGTH, pipeline } from './pipeline.js';
import type { ClientRun, ClientWorkload } from './workload.js';

/** The bars from the issue; a row without one is reported for context only. */
const TARGETS = new Map<string, number>([
  [`${latency.title}: median latency`, 1.0],
  [concurrent.title, 1.3],
  [pipeline.title, 1.3],
]);

/** Each contender's figures and timed runs on one workload. */
export type WorkloadResult = WorkloadMeasurement<ClientWorkload, ClientRun>;

export interface ClientRunContext extends RunContext {
  readonly sources: readonly string[];
  /**
   * The one-minute load average when the run started and when it ended (`os.loadavg()`): on a
   * shared machine, how much else was competing for the cores.
   */
  readonly load: { readonly start: number; readonly end: number };
}

/** One line of the table: a figure per contender, each the median of its per-round samples. */
interface Row {
  readonly label: string;
  readonly unit: string;
  readonly better: Better;
  readonly format: (value: number) => string;
  /** Per contender, in table order: the name and its per-round samples. */
  readonly samples: readonly Measurement[];
}

/** Throughput for every workload; latency percentiles too for the one-in-flight workload. */
function rows(results: readonly WorkloadResult[]): Row[] {
  return results.flatMap(({ workload, measurements, runs }): Row[] => {
    const throughput: Row = {
      label: workload.title,
      unit: workload.unit,
      better: 'higher',
      format: workload.unit === 'MB/s' ? significant : compact,
      samples: measurements.map((m) => scaled(m, workload.scale)),
    };
    if (workload !== latency) return [throughput];
    const percentile = (label: string, pick: (run: ClientRun) => number): Row => ({
      label: `${workload.title}: ${label}`,
      unit: 'µs',
      better: 'lower',
      format: significant,
      samples: measurements.map(({ name }, index) => medianOf(name, runs[index]!.map(pick))),
    });
    return [
      throughput,
      percentile('median latency', (run) => run.latencyUs?.median ?? Number.NaN),
      percentile('p99 latency', (run) => run.latencyUs?.p99 ?? Number.NaN),
    ];
  });
}

function scaled({ name, samples }: Measurement, scale: number): Measurement {
  return medianOf(
    name,
    samples.map((sample) => sample * scale),
  );
}

// Measurement's fields fit any per-round figure; "opsPerSecond" then holds the figure's median.
function medianOf(name: string, samples: readonly number[]): Measurement {
  return { name, opsPerSecond: median(samples), samples };
}

export function clientTable(results: readonly WorkloadResult[]): string {
  const names = results[0]?.measurements.map((m) => m.name) ?? [];
  const columns = [
    { title: 'workload', align: 'left' as const },
    { title: 'unit', align: 'left' as const },
    ...names.map((name) => ({ title: name, align: 'right' as const })),
    { title: 'redwire ÷ best peer', align: 'right' as const },
    { title: 'target', align: 'right' as const },
    { title: 'met', align: 'left' as const },
    { title: 'noise', align: 'right' as const },
  ];
  const body = rows(results).map((row) => {
    const figures = row.samples.map(({ name, opsPerSecond }) => ({ name, value: opsPerSecond }));
    const value = ratioToBestPeer(figures, row.better);
    const runNoise = noise(row.samples);
    const target = TARGETS.get(row.label);
    return [
      row.label,
      row.unit,
      ...figures.map((figure) => row.format(figure.value)),
      ratio(value),
      target === undefined ? '—' : `≥ ${target.toFixed(2)}×`,
      target === undefined ? '' : verdict(value, target, runNoise),
      percent(runNoise),
    ];
  });
  return markdownTable(columns, body);
}

/** The RESULTS.md section: context first, then the table, then how to read it. */
export function clientSection(measured: readonly WorkloadResult[], run: ClientRunContext): string {
  const { machine, options } = run;
  const results = measured.map(withoutFloor);
  const floors = floorTable(measured);
  return [
    '## Client API: latency, concurrency, pipelines, large values',
    '',
    measuredOn(machine),
    `${loopbackServer(run.serverVersion)}. **Client and server share the ${machine.cores} cores.**`,
    `Clients, one connection each: ${run.sources.join('; ')}.`,
    `Load average (1 min) at the start and end of the run: ${run.load.start.toFixed(1)} and ` +
      `${run.load.end.toFixed(1)}, on ${machine.cores} cores.`,
    'Method: each client is verified first (read-back, a full pipeline, a 1 MiB round trip, ' +
      'an MGET). ' +
      'Workloads run one after another; within each, ' +
      `${schedule(options, 'client')}, median over rounds. Every reply is checked, and each ` +
      "round's command count is cross-checked with the server's `total_commands_processed`.",
    // Blank lines around the list: markdown (and biome's formatter) need them.
    '',
    '- (a) sequential `await get(key)` of a 100-byte value: ops/s, and each round’s median and ' +
      'p99 latency per GET (the table gives their medians over rounds).',
    `- (b) ${WORKERS} concurrent workers, ${GET_SET_MIX} on ${KEY_COUNT.toLocaleString('en-US')} ` +
      `keys of ${VALUE_BYTES} bytes, the connection benchmark's seeded workload through \`get\`/\`set\`.`,
    `- (c) one pipeline of ${PIPELINE_LENGTH.toLocaleString('en-US')} commands at a time ` +
      '(SET then GET of 500 keys, 100-byte values) through the library’s pipeline API: ' +
      'redwire `pipeline()…exec()`, ioredis `pipeline()…exec()`, node-redis ' +
      '`multi()…execAsPipeline()`; commands/s.',
    '- (d) sequential SET then GET of a 1 MiB ASCII value; MB/s counts the value both ways ' +
      '(2 × 1,048,576 bytes per SET + GET).',
    `- (e) (d) with ${LARGE_WORKERS} in flight: ${LARGE_WORKERS} workers, each looping SET then ` +
      'GET of a 1 MiB ASCII value on a key of its own; MB/s as in (d).',
    `- (f) sequential \`mget\` of ${MGET_KEY_COUNT} preloaded keys of 100 bytes (one command, ` +
      `a ${MGET_KEY_COUNT}-element reply); ops/s.`,
    '',
    '**Targets: redwire ≥ 1.3× the best peer on (b) and (c); parity or better on (a) median ' +
      'latency.**',
    '',
    clientTable(results),
    '',
    '"redwire ÷ best peer" is above 1.0 when redwire is ahead: its figure over the best peer’s',
    'for throughput, the best peer’s latency over its own for latency. "noise" is the widest',
    '(max − min) over median across rounds among the clients; a ratio within that distance of',
    'its target reads "within noise": rerun with more rounds on a quieter machine.',
    ...(floors === undefined
      ? []
      : ['', '### The wire floor of the client rows', '', floors, '', ...FLOOR_NOTES]),
  ].join('\n');
}
