/**
 * The wire-floor table of the cluster section: each client's figure on (2) and (3) beside the
 * floor of the same commands (wire-floor.ts), and the target measured against the
 * floor of the job redwire does with the plain keys.
 */

import { isPeer, REDWIRE } from '../lib/compare.js';
import { compact, ratio } from '../lib/format.js';
import { markdownTable } from '../lib/markdown-table.js';
import type { Measurement } from '../lib/measure.js';
import { type ClusterContender, type OneSlotWorkload, REDWIRE_TAGGED } from './contract.js';
import type { WorkloadResult } from './report.js';
import { usesOneSlot } from './workload.js';

/** The floors of one workload: its plain keys' commands, and the hash-tagged twins'. */
export interface WorkloadFloors {
  readonly plain: Measurement;
  readonly tagged: Measurement;
}

export type Floors = Readonly<Record<OneSlotWorkload, WorkloadFloors>>;

/**
 * One row per workload and key set: the floor, redwire's figure on those keys, the best peer's
 * on those keys; on the plain row, also the issue's target (1.3 × the best peer, whatever keys
 * it had) over the plain floor. Above 1.00× there, no client doing the job the issue asks
 * (spreading the work over the slots' nodes) can reach the target on this machine.
 */
export function floorTable(
  results: readonly WorkloadResult[],
  contenders: readonly ClusterContender[],
  floors: Floors,
  target: number,
): string {
  const columns = [
    { title: 'workload', align: 'left' as const },
    { title: 'keys', align: 'left' as const },
    { title: 'wire floor', align: 'right' as const },
    { title: 'redwire', align: 'right' as const },
    { title: 'redwire ÷ floor', align: 'right' as const },
    { title: 'best peer', align: 'right' as const },
    { title: 'best peer ÷ floor', align: 'right' as const },
    { title: 'target ÷ floor', align: 'right' as const },
  ];
  const rows = results.flatMap(({ workload, measurements }) => {
    if (workload.id === 'concurrent') return [];
    const { plain, tagged } = floors[workload.id];
    const scaled = (value: number) => value * workload.scale;
    const figureOf = (name: string) =>
      measurements.find((measurement) => measurement.name === name)?.opsPerSecond;
    const bestPeer = (oneSlot: boolean) => {
      const values = contenders
        .map((contender, index) => ({ contender, value: measurements[index]!.opsPerSecond }))
        .filter(
          ({ contender }) => isPeer(contender.name) && usesOneSlot(workload, contender) === oneSlot,
        )
        .map(({ value }) => value);
      return values.length === 0 ? undefined : Math.max(...values);
    };
    const anyPeer = [bestPeer(false), bestPeer(true)].filter((v) => v !== undefined);
    const goal = anyPeer.length === 0 ? undefined : target * Math.max(...anyPeer);
    const row = (
      keys: string,
      floor: Measurement,
      ours: number | undefined,
      peer: number | undefined,
      withGoal: boolean,
    ) => [
      workload.title,
      keys,
      compact(scaled(floor.opsPerSecond)),
      ours === undefined ? '—' : compact(scaled(ours)),
      ours === undefined ? '—' : ratio(ours / floor.opsPerSecond),
      peer === undefined ? '—' : compact(scaled(peer)),
      peer === undefined ? '—' : ratio(peer / floor.opsPerSecond),
      withGoal && goal !== undefined ? ratio(goal / floor.opsPerSecond) : '',
    ];
    return [
      row('plain', plain, figureOf(REDWIRE), bestPeer(false), true),
      row('tagged †', tagged, figureOf(REDWIRE_TAGGED), bestPeer(true), false),
    ];
  });
  return markdownTable(columns, rows);
}

/** How to read {@link floorTable}, for the section's prose. */
export const FLOOR_NOTES: readonly string[] = [
  '"wire floor" is the same commands with no client work at all: encoded once before timing,',
  'written as raw bytes to one socket per primary, the replies counted by length and never',
  'parsed (their bytes compared with the expected ones before and after timing). It is what',
  'the servers and the kernel allow on this machine; no client can beat it with the same',
  'commands. For the plain keys those are what a client that spreads the work must send: each',
  'primary\'s share of the pipeline, one MGET per slot. "target ÷ floor" is the issue\'s',
  'target (1.3 × the best peer, whatever keys the peer had) over the plain floor: above 1.00×,',
  'no client doing the job on the plain keys can reach the target on this machine.',
];
