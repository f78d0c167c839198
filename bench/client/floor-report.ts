/**
 * The wire-floor table of the client section: each workload that has a floor (wire-floor.ts),
 * with the floor, redwire and the best peer from the same interleaved rounds, and the goal of
 * issue 24 for its three rows: at least 0.9× the floor, and 1.3× the best peer wherever the
 * floor leaves room for it (a floor under 1.3× the best peer does not).
 */

import { isPeer, noise, REDWIRE, verdict } from '../lib/compare.js';
import { compact, percent, ratio, significant } from '../lib/format.js';
import { markdownTable } from '../lib/markdown-table.js';
import type { Measurement } from '../lib/measure.js';
import { largeValuesInFlight } from './large-values-in-flight.js';
import { latency } from './latency.js';
import { mget } from './mget.js';
import type { WorkloadResult } from './report.js';
import { FLOORS, WIRE_FLOOR, WIRE_FLOOR_VALUES } from './wire-floor.js';

/** The rows issue 24 holds to the floor; the others' floors are shown for context. */
const FLOOR_GOAL_ROWS = new Set<string>([latency.title, largeValuesInFlight.title, mget.title]);

/** Of the floor: what a row needs at least. */
const SHARE_OF_FLOOR = 0.9;
/** Of the best peer: what a row needs where the floor is at least this far above it. */
const OVER_BEST_PEER = 1.3;

/** The result without the floor's figures: what the main table and its ratios are made of. */
export function withoutFloor(result: WorkloadResult): WorkloadResult {
  const keep = result.measurements.map(({ name }) => !FLOORS.has(name));
  return {
    workload: result.workload,
    measurements: result.measurements.filter((_, index) => keep[index]),
    runs: result.runs.filter((_, index) => keep[index]),
    cpu: result.cpu.filter((_, index) => keep[index]),
  };
}

/** What a row needs, as a figure to reach, and how the table states it. */
interface Goal {
  readonly figure: number;
  readonly text: string;
}

/**
 * Issue 24's goal with `limit` as the floor: 0.9× of it, and 1.3× the best peer as well when
 * the limit is at least that far above the best peer.
 */
function goalAgainst(limit: Measurement, best: Measurement | undefined): Goal | undefined {
  if (best === undefined) return undefined;
  const share = SHARE_OF_FLOOR * limit.opsPerSecond;
  if (limit.opsPerSecond < OVER_BEST_PEER * best.opsPerSecond) {
    return { figure: share, text: `≥ ${SHARE_OF_FLOOR.toFixed(2)}× floor` };
  }
  return {
    figure: Math.max(share, OVER_BEST_PEER * best.opsPerSecond),
    text: `≥ ${SHARE_OF_FLOOR.toFixed(2)}× floor, ${OVER_BEST_PEER.toFixed(2)}× best peer`,
  };
}

/** One row per workload measured with its floor; undefined when none was. */
export function floorTable(results: readonly WorkloadResult[]): string | undefined {
  const rows = results.flatMap(({ workload, measurements }) => {
    const floor = measurements.find(({ name }) => name === WIRE_FLOOR);
    const valuesFloor = measurements.find(({ name }) => name === WIRE_FLOOR_VALUES);
    const ours = measurements.find(({ name }) => name === REDWIRE);
    const peers = measurements.filter(({ name }) => isPeer(name) && !FLOORS.has(name));
    if (floor === undefined) return [];
    const best = peers.reduce<Measurement | undefined>(
      (top, peer) => (top === undefined || peer.opsPerSecond > top.opsPerSecond ? peer : top),
      undefined,
    );
    const format = workload.unit === 'MB/s' ? significant : compact;
    const figure = (m: Measurement | undefined) =>
      m === undefined ? '—' : format(m.opsPerSecond * workload.scale);
    const over = (a: Measurement | undefined, b: Measurement | undefined) =>
      a === undefined || b === undefined ? undefined : a.opsPerSecond / b.opsPerSecond;
    const floorOverPeer = over(floor, best);
    const runNoise = noise([floor, ...(ours === undefined ? [] : [ours]), ...(best ? [best] : [])]);
    const hasGoal = FLOOR_GOAL_ROWS.has(workload.title);
    const against = goalAgainst(floor, best);
    const againstValues = valuesFloor === undefined ? undefined : goalAgainst(valuesFloor, best);
    const met = (goal: Goal | undefined) =>
      hasGoal && ours !== undefined && goal !== undefined
        ? verdict(ours.opsPerSecond / goal.figure, 1, runNoise)
        : '';
    return [
      [
        workload.title,
        workload.unit,
        figure(floor),
        figure(valuesFloor),
        figure(ours),
        ratio(over(ours, floor)),
        ratio(over(ours, valuesFloor)),
        ratio(over(valuesFloor, floor)),
        best?.name ?? '—',
        figure(best),
        ratio(over(ours, best)),
        ratio(floorOverPeer),
        hasGoal && against !== undefined ? against.text : '—',
        met(against),
        met(againstValues),
        percent(runNoise),
      ],
    ];
  });
  if (rows.length === 0) return undefined;
  const right = (title: string) => ({ title, align: 'right' as const });
  const left = (title: string) => ({ title, align: 'left' as const });
  return markdownTable(
    [
      left('workload'),
      left('unit'),
      right('wire floor'),
      right('values floor'),
      right('redwire'),
      right('redwire ÷ floor'),
      right('redwire ÷ values floor'),
      right('values floor ÷ floor'),
      left('best peer'),
      right('best peer’s'),
      right('redwire ÷ best peer'),
      right('floor ÷ best peer'),
      right('goal'),
      left('met'),
      left('met against values floor'),
      right('noise'),
    ],
    rows,
  );
}

/** How to read {@link floorTable}, for the section's prose. */
export const FLOOR_NOTES: readonly string[] = [
  '"wire floor" is the same commands from a client that does no work: encoded once before',
  'timing, written as raw bytes to one socket that reads into one reused buffer (`onread`),',
  'the replies counted by length and never parsed (their bytes compared with the expected ones',
  'before and after timing), timed in the same interleaved rounds as the clients. No client',
  'can beat it with the same commands on this machine. "goal" is issue 24’s, for its three',
  'rows: at least 0.90× the floor, and 1.30× the best peer where the floor is at least 1.30×',
  'the best peer; where "floor ÷ best peer" is under 1.30×, no client can be 1.30× the best',
  'peer here, and the goal is 0.90× the floor.',
  '"values floor" is the same floor with the replies’ values in hand: each bulk string of a',
  'reply made into a JavaScript string (Latin-1 decoded where it lies, or from a reused Buffer',
  'it is copied into as it arrives when the reply spans reads) and compared with the value',
  'expected, as the workloads check every client’s replies; requests are still encoded in',
  'advance. No client that hands back strings can beat it either. Where "values floor ÷',
  'floor" is under 0.90×, 0.90× of the plain floor is out of reach of any such client on this',
  'machine. "met against values floor" applies the same goal with the values floor in place',
  'of the plain one: 0.90× of it, and 1.30× the best peer where the values floor is at least',
  '1.30× the best peer.',
  '"noise" is the widest spread of the three figures in the row (floor, redwire, best peer).',
];
