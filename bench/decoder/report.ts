/** Turns the decoder measurements into the markdown printed to the terminal and RESULTS.md. */

import type { BenchOptions } from '../lib/benchmark.js';
import { noise, REDWIRE, ratioToFasterPeer } from '../lib/compare.js';
import { compact, ratio as formatRatio, percent, significant } from '../lib/format.js';
import { type Machine, measuredOn } from '../lib/machine.js';
import { markdownTable } from '../lib/markdown-table.js';
import type { Measurement } from '../lib/measure.js';
import { schedule } from '../lib/method-text.js';
import type { DecoderCase } from './cases.js';
import type { DecoderContender } from './contender.js';

/** The bar redwire's decoder has to clear against the faster peer, on every case. */
export const TARGET_RATIO = 1.5;

export interface CaseResult {
  readonly decoderCase: DecoderCase;
  /** One per contender, in contender order. */
  readonly measurements: readonly Measurement[];
}

export function decoderTable(
  results: readonly CaseResult[],
  contenders: readonly DecoderContender[],
): string {
  const columns = [
    { title: 'case', align: 'left' as const },
    { title: 'bytes', align: 'right' as const },
    ...contenders.map((contender) => ({ title: contender.name, align: 'right' as const })),
    { title: 'redwire ÷ faster peer', align: 'right' as const },
    { title: `≥ ${TARGET_RATIO}×`, align: 'left' as const },
    { title: 'noise', align: 'right' as const },
  ];
  const rows = results.map(({ decoderCase, measurements }) => {
    const ratio = ratioToFasterPeer(measurements);
    return [
      decoderCase.title,
      decoderCase.bytes.toLocaleString('en-US'),
      ...measurements.map((measurement) => throughput(measurement, decoderCase)),
      formatRatio(ratio),
      ratio === undefined ? 'n/a' : ratio >= TARGET_RATIO ? 'yes' : 'no',
      percent(noise(measurements)),
    ];
  });
  return markdownTable(columns, rows);
}

/** The RESULTS.md section: context first, then the table, then how to read it. */
export function decoderSection(
  table: string,
  machine: Machine,
  contenders: readonly DecoderContender[],
  options: BenchOptions,
): string {
  const peers = contenders.filter((contender) => contender.name !== REDWIRE);
  return [
    '## Decoder throughput',
    '',
    measuredOn(machine),
    `Peers: ${peers.map((peer) => peer.source).join(', ')}.`,
    `Method: ${schedule(options, 'decoder and case')}; median ops/s, every decoder producing ` +
      'JS strings.',
    `**Target: redwire ≥ ${TARGET_RATIO}× the faster peer on every case.**`,
    '',
    table,
    '',
    'Cells are MB/s (10⁶ bytes of RESP in) and top-level replies per second. "noise" is the',
    'widest spread (max − min over median) among the decoders across rounds for that case;',
    'a ratio closer to its target than that is not a result.',
  ].join('\n');
}

function throughput(measurement: Measurement, decoderCase: DecoderCase): string {
  const megabytes = (measurement.opsPerSecond * decoderCase.bytes) / 1e6;
  const replies = measurement.opsPerSecond * decoderCase.expected.length;
  return `${significant(megabytes)} MB/s · ${compact(replies)} r/s`;
}
