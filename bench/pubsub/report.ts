/** Turns the pub/sub measurements into the markdown printed to the terminal and RESULTS.md. */

import { verdict } from '../lib/compare.js';
import { measuredOn } from '../lib/machine.js';
import { loopbackServer, schedule } from '../lib/method-text.js';
import type { RunContext } from '../lib/run-context.js';
import { type ContenderResult, throughputTable, verdictLine } from '../lib/throughput-table.js';
import { BATCH, PAYLOAD_BYTES, WINDOW } from './workload.js';

/** The bar from the issue: redwire against the faster peer. */
export const TARGET_RATIO = 1.3;

/** The RESULTS.md section: context first, then the table, then how to read it. */
export function pubsubSection(results: readonly ContenderResult[], run: RunContext): string {
  const { machine, options } = run;
  return [
    '## Pub/sub: one publisher to one subscriber',
    '',
    measuredOn(machine),
    `${loopbackServer(run.serverVersion)}. **Publisher, subscriber and server share the ` +
      `${machine.cores} cores.**`,
    `Clients, one publishing connection and one subscriber connection each: ` +
      `${results.map(({ contender }) => contender.source).join('; ')}.`,
    `Method: the publisher issues PUBLISH of a ${PAYLOAD_BYTES}-byte payload on one channel in ` +
      `batches of ${BATCH} while at most ${WINDOW.toLocaleString('en-US')} messages are ` +
      'published but not yet received; the subscriber counts what arrives through the ' +
      "library's own listener API (ioredis `on('message')`, node-redis `subscribe(channel, " +
      'listener)`, redwire `subscriber().subscribe(channel, listener)`). A round ends when the ' +
      'last message published within its budget has arrived; messages/s is messages over that ' +
      `time. ${schedule(options, 'client')}; median. Every payload and every PUBLISH reply is ` +
      "checked, and each round's PUBLISH count is cross-checked with the server's.",
    `**Target: redwire ≥ ${TARGET_RATIO}× the faster peer.**`,
    '',
    throughputTable(results, 'messages/s'),
    '',
    verdictLine(results, TARGET_RATIO, verdict),
    '',
    '"server CPU" and "client CPU" are the median share of one core that redis-server and the',
    'benchmark process (publisher and subscriber together) used during a round. "spread" is a',
    "client's (max − min) over median across rounds; a ratio closer to 1.0 or to its target",
    'than the noise (the widest spread) is not a result.',
  ].join('\n');
}
