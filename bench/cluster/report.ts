/** Turns the cluster measurements into the markdown printed to the terminal and RESULTS.md. */

import type { ClientRun } from '../client/workload.js';
import { type Figure, isPeer, noise, ratioToBestPeer, verdict } from '../lib/compare.js';
import { compact, percent, ratio } from '../lib/format.js';
import { measuredOn } from '../lib/machine.js';
import { markdownTable } from '../lib/markdown-table.js';
import type { WorkloadMeasurement } from '../lib/metered-contender.js';
import { schedule } from '../lib/method-text.js';
import { GET_SET_MIX, VALUE_BYTES } from '../lib/mixed-workload.js';
import type { RunContext } from '../lib/run-context.js';
import { medianShare } from '../lib/server-load.js';
import { type ClusterContender, type OneSlotWorkload, REDWIRE_TAGGED } from './contract.js';
import { FLOOR_NOTES, type Floors, floorTable } from './floor-report.js';
import { HASH_TAG } from './keys.js';
import type { KeySpread } from './layout.js';
import { type ClusterWorkload, usesOneSlot } from './workload.js';

/** The issue's bar, the same on every workload. */
const TARGET = 1.3;

/** Marks a figure measured on hash-tagged keys (one slot) rather than the plain ones. */
const ONE_SLOT_MARK = '†';

/** Each contender's figures (before the workload's scale) and CPU shares on one workload. */
export type WorkloadResult = WorkloadMeasurement<ClusterWorkload, ClientRun>;

export interface ClusterRunContext extends RunContext {
  readonly contenders: readonly ClusterContender[];
  /** How each workload's plain keys spread over the cluster. */
  readonly spreads: Readonly<Record<ClusterWorkload['id'], KeySpread>>;
}

export function figuresTable(
  results: readonly WorkloadResult[],
  contenders: readonly ClusterContender[],
): string {
  const columns = [
    { title: 'workload', align: 'left' as const },
    { title: 'unit', align: 'left' as const },
    ...contenders.map(({ name }) => ({ title: name, align: 'right' as const })),
    { title: 'redwire ÷ best peer', align: 'right' as const },
    { title: '÷ best peer, same keys', align: 'right' as const },
    { title: 'tagged ÷ best tagged peer', align: 'right' as const },
    { title: 'target', align: 'right' as const },
    { title: 'met', align: 'left' as const },
    { title: 'noise', align: 'right' as const },
  ];
  const body = results.map(({ workload, measurements }) => {
    const figures = measurements.map(({ name, opsPerSecond }) => ({
      name,
      value: opsPerSecond * workload.scale,
    }));
    const oneSlot = contenders.map((contender) => usesOneSlot(workload, contender));
    const value = ratioToBestPeer(figures, 'higher');
    const runNoise = noise(measurements);
    return [
      workload.title,
      workload.unit,
      ...figures.map(
        (figure, index) => `${compact(figure.value)}${oneSlot[index] ? ` ${ONE_SLOT_MARK}` : ''}`,
      ),
      ratio(value),
      ratio(
        ratioToBestPeer(
          figures.filter((_, index) => !oneSlot[index]),
          'higher',
        ),
      ),
      ratio(likeForLike(figures, oneSlot)),
      `≥ ${TARGET.toFixed(2)}×`,
      verdict(value, TARGET, runNoise),
      percent(runNoise),
    ];
  });
  return markdownTable(columns, body);
}

/** Median CPU per workload and client: the benchmark process, then the six redis-servers. */
export function cpuTable(
  results: readonly WorkloadResult[],
  contenders: readonly ClusterContender[],
): string {
  const columns = [
    { title: 'CPU: client / servers', align: 'left' as const },
    ...contenders.map(({ name }) => ({ title: name, align: 'right' as const })),
  ];
  const body = results.map(({ workload, cpu }) => [
    workload.title,
    ...cpu.map((shares) => {
      const { client, server } = medianShare(shares);
      return `${percent(client)} / ${percent(server)}`;
    }),
  ]);
  return markdownTable(columns, body);
}

/** The RESULTS.md section: context first, then the tables, then how to read them. */
export function clusterSection(
  results: readonly WorkloadResult[],
  floors: Floors,
  run: ClusterRunContext,
): string {
  const { machine, options, contenders, spreads } = run;
  const describe = (spread: KeySpread): string =>
    `${spread.keys.toLocaleString('en-US')} keys in ${spread.slots.toLocaleString('en-US')} ` +
    `slots, ${spread.perPrimary.join(' / ')} per primary`;
  const plainKeyed = (id: OneSlotWorkload): string[] =>
    contenders.filter((contender) => contender.oneSlot[id] === undefined).map((c) => c.name);
  const oneSlotNotes = contenders.flatMap((contender) =>
    Object.entries(contender.oneSlot).map(
      ([id, why]) =>
        `- ${ONE_SLOT_MARK} ${contender.name}, ${id === 'pipeline' ? '(2)' : '(3)'}: ${why}.`,
    ),
  );
  return [
    '## Cluster: 100 workers, a pipeline across nodes, a cross-slot MGET',
    '',
    measuredOn(machine),
    `Servers: a six-node cluster of redis-server ${run.serverVersion} (three primaries, three ` +
      'replicas) on loopback, started for the run (`LocalCluster` of the test harness). **All ' +
      `six servers and the clients share the ${machine.cores} cores.**`,
    `Clients, defaults (reads on primaries): ${contenders.map((c) => c.source).join('; ')}.`,
    'Method: each client is verified first (read-back, a full pipeline, an MGET, every reply ' +
      'compared). Workloads run one after another; within each, ' +
      `${schedule(options, 'client')}, median over rounds. Every reply is checked, and each ` +
      "round's command count is cross-checked with the primaries' `total_commands_processed`.",
    '',
    `- (1) the client benchmark's 100 concurrent workers, ${GET_SET_MIX} of ${VALUE_BYTES}-byte ` +
      `values through \`get\`/\`set\`: ${describe(spreads.concurrent)}. Every client gets the ` +
      'same keys.',
    "- (2) the client benchmark's 1,000-command pipeline (SET then GET of 500 keys) through " +
      "each library's pipeline API, awaited before the next; commands/s. Plain keys: " +
      `${describe(spreads.pipeline)}.`,
    `- (3) MGET of 100 preloaded keys, awaited before the next; plain keys: ${describe(spreads.mget)}. ` +
      `Given the plain keys (the MGET split per slot): ${plainKeyed('mget').join(', ')}.`,
    '',
    `**${ONE_SLOT_MARK} hash-tagged keys:** these figures were measured with every key ` +
      `prefixed \`${HASH_TAG}:\`, so all of them hash to one slot on one node: one pipeline ` +
      'or one MGET to one server, an easier job than spreading it over three (nothing to split, ' +
      'one reply to wait for, nothing to merge). The library cannot do it otherwise:',
    '',
    ...oneSlotNotes,
    '',
    `**Target: redwire ≥ ${TARGET}× the best peer on every workload.**`,
    '',
    figuresTable(results, contenders),
    '',
    cpuTable(results, contenders),
    '',
    '"redwire ÷ best peer" is redwire’s median over the best peer’s, whatever keys the peer was',
    `given; "same keys" leaves out the figures marked ${ONE_SLOT_MARK} (n/a when no peer is left): the`,
    'like-for-like comparison on the plain keys. "tagged ÷ best tagged peer" runs redwire on the',
    `peers' ${ONE_SLOT_MARK} keys too (the "${REDWIRE_TAGGED}" column, not a peer): like for like on`,
    'theirs. The verdict is on the first ratio. "noise" is the widest',
    '(max − min) over median across rounds among the clients; a ratio within that distance of',
    'its target reads "within noise". CPU is the median share of one core per round: the',
    'benchmark process (client and GC), and the six servers together.',
    '',
    '### The wire floor of (2) and (3)',
    '',
    floorTable(results, contenders, floors, TARGET),
    '',
    ...FLOOR_NOTES,
  ].join('\n');
}

/**
 * redwire on the peers' hash-tagged keys over the best peer on those same keys: the comparison
 * of like with like for the workloads where a peer needed one slot.
 */
function likeForLike(figures: readonly Figure[], oneSlot: readonly boolean[]): number | undefined {
  const tagged = figures.find((figure) => figure.name === REDWIRE_TAGGED);
  const peers = figures.filter((figure, index) => oneSlot[index] && isPeer(figure.name));
  if (tagged === undefined || peers.length === 0) return undefined;
  return tagged.value / Math.max(...peers.map((peer) => peer.value));
}
