/**
 * (c) A 1,000-command pipeline, 500 SET + 500 GET, built with each library's pipeline API and
 * awaited before the next one is built: what a bulk job does. Recording the commands and
 * matching 1,000 replies to them is the client's work here; the socket sees few, large writes.
 */

import {
  ContenderFailure,
  type PipelineCommand,
  type PipeliningClient,
} from '../lib/clients/contract.js';
import { paddedValue } from '../lib/mixed-workload.js';
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

export const pipeline: ClientWorkload = {
  title: '(c) 1,000-command pipeline',
  unit: 'commands/s',
  scale: PIPELINE_LENGTH,
  run: runPipelines,
};

async function runPipelines(
  name: string,
  client: PipeliningClient,
  budgetMs: number,
): Promise<ClientRun> {
  let ops = 0;
  const start = performance.now();
  const deadline = start + budgetMs;
  let now = start;
  while (now < deadline) {
    checkPipelineReplies(name, await client.pipeline(PIPELINE_COMMANDS));
    ops++;
    now = performance.now();
  }
  return { ops, seconds: (now - start) / 1000, commands: ops * PIPELINE_LENGTH };
}

/** Every reply in order: 'OK' for a SET, the value just written for a GET. */
export function checkPipelineReplies(name: string, replies: readonly unknown[]): void {
  if (replies.length !== EXPECTED.length) {
    throw new ContenderFailure(`${name}: pipeline answered ${replies.length} replies`);
  }
  for (let index = 0; index < EXPECTED.length; index++) {
    if (replies[index] !== EXPECTED[index]) {
      throw new ContenderFailure(
        `${name}: pipeline reply ${index} was ${String(replies[index])}, expected ${EXPECTED[index]}`,
      );
    }
  }
}
