/** Turns the connection measurements into the markdown printed to the terminal and RESULTS.md. */

import { measuredOn } from '../lib/machine.js';
import { loopbackServer, schedule } from '../lib/method-text.js';
import { GET_SET_MIX, KEY_COUNT, VALUE_BYTES, WORKERS } from '../lib/mixed-workload.js';
import type { RunContext } from '../lib/run-context.js';
import { type ContenderResult, throughputTable, verdictLine } from '../lib/throughput-table.js';

/** The bar redwire's connection has to clear against the faster peer. */
export const TARGET_RATIO = 1.3;

/**
 * A plain yes/no, unlike the later benchmarks' "within noise" (`verdict` in lib/compare.ts):
 * the section's wording as first published.
 */
function meetsTarget(value: number | undefined, target: number): string {
  if (value === undefined) return 'n/a (redwire not measured)';
  return value >= target ? 'yes' : 'no';
}

/** The RESULTS.md section: context first, then the table, then how to read it. */
export function connectionSection(results: readonly ContenderResult[], run: RunContext): string {
  const { machine, options } = run;
  return [
    '## Connection throughput: 100 workers on one connection',
    '',
    measuredOn(machine),
    `${loopbackServer(run.serverVersion)}, ${KEY_COUNT.toLocaleString('en-US')} keys of ` +
      `${VALUE_BYTES} bytes. **Client and server share the ${machine.cores} cores**: CPU one ` +
      'side spends is taken from the other.',
    `Clients: ${results.map(({ contender }) => contender.source).join('; ')}.`,
    `Method: ${WORKERS} concurrent workers share one connection, each looping a random key, ` +
      `${GET_SET_MIX} of ${VALUE_BYTES} bytes, awaiting every reply; the same seeded sequence ` +
      `for every client. ${schedule(options, 'client')}; median ops/s. Replies are checked and ` +
      'any error fails the run.',
    `**Target: redwire ≥ ${TARGET_RATIO}× the faster peer.**`,
    '',
    throughputTable(results, 'ops/s'),
    '',
    verdictLine(results, TARGET_RATIO, meetsTarget),
    '',
    '"ops/s" counts completed commands. "server CPU" and "client CPU" are the median share of',
    'one core that redis-server and the benchmark process used during a round. "spread" is a',
    "client's (max − min) over median across rounds; a ratio closer to 1.0 or to its target",
    'than the noise (the widest spread) is not a result.',
  ].join('\n');
}
