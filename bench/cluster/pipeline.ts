/**
 * (2) The client benchmark's 1,000-command pipeline (SET then GET of 500 keys), awaited before
 * the next: with plain keys it spans all three primaries, so the client must split it per node,
 * send the parts in parallel and put the replies back in order.
 */

import { checkPipelineReplies, PIPELINE_COMMANDS, PIPELINE_LENGTH } from '../client/pipeline.js';
import { repeatFor } from '../lib/repeat-for.js';
import { TAGGED_PIPELINE_COMMANDS } from './keys.js';
import type { ClusterWorkload } from './workload.js';

export const pipeline: ClusterWorkload = {
  id: 'pipeline',
  title: `(2) ${PIPELINE_LENGTH.toLocaleString('en-US')}-command pipeline`,
  unit: 'commands/s',
  scale: PIPELINE_LENGTH,
  async run(name, client, budgetMs, oneSlot) {
    const commands = oneSlot ? TAGGED_PIPELINE_COMMANDS : PIPELINE_COMMANDS;
    const { ops, seconds } = await repeatFor(budgetMs, async () => {
      checkPipelineReplies(name, await client.pipeline(commands));
    });
    return { ops, seconds, commands: ops * PIPELINE_LENGTH };
  },
};
