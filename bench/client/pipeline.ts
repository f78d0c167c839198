/**
 * (c) A 1,000-command pipeline, 500 SET + 500 GET, built with each library's pipeline API and
 * awaited before the next one is built: what a bulk job does. Recording the commands and
 * matching 1,000 replies to them is the client's work here; the socket sees few, large writes.
 */

import type { PipelineCommand, PipeliningClient } from '../lib/clients/contract.js';
import { expectReplies } from '../lib/clients/expect-replies.js';
import { paddedValue } from '../lib/mixed-workload.js';
import { repeatFor } from '../lib/repeat-for.js';
import { bulk, floorStep } from './wire-floor.js';
import type { ClientRun, ClientWorkload } from './workload.js';

const PAIRS = 500;
export const PIPELINE_LENGTH = PAIRS * 2;

/** SET pipeline:i, then GET it back, for 500 keys: every GET has a known answer. */
export const PIPELINE_COMMANDS: readonly PipelineCommand[] = Array.from(
  { length: PAIRS },
  (_, index): PipelineCommand[] => {
    const key = `pipeline:${index}`;
    return [
      ['SET', key, paddedValue(key)],
      ['GET', key],
    ];
  },
).flat();

const EXPECTED = PIPELINE_COMMANDS.map((command) =>
  command[0] === 'SET' ? 'OK' : paddedValue(command[1]),
);

const NAMES = { batch: 'pipeline', item: 'reply', items: 'replies' } as const;

export const pipeline: ClientWorkload = {
  title: '(c) 1,000-command pipeline',
  unit: 'commands/s',
  scale: PIPELINE_LENGTH,
  run: runPipelines,
  floor: {
    workers: [
      [
        floorStep(
          PIPELINE_COMMANDS,
          EXPECTED.map((reply) => (reply === 'OK' ? '+OK\r\n' : bulk(reply))).join(''),
        ),
      ],
    ],
  },
};

async function runPipelines(
  name: string,
  client: PipeliningClient,
  budgetMs: number,
): Promise<ClientRun> {
  const { ops, seconds } = await repeatFor(budgetMs, async () => {
    checkPipelineReplies(name, await client.pipeline(PIPELINE_COMMANDS));
  });
  return { ops, seconds, commands: ops * PIPELINE_LENGTH };
}

/** Every reply in order: 'OK' for a SET, the value just written for a GET. */
export function checkPipelineReplies(name: string, replies: readonly unknown[]): void {
  expectReplies(name, NAMES, replies, EXPECTED);
}
