/**
 * Correctness before timing, for every client: the connection benchmark's read-back checks,
 * then one full pipeline and one 1 MiB round trip, replies compared with what was written.
 */

import type { PipeliningClient } from '../lib/clients/contract.js';
import { verifyClient } from '../lib/clients/verify.js';
import { roundTrip } from './large-value.js';
import { checkPipelineReplies, PIPELINE_COMMANDS } from './pipeline.js';

export async function verifyPipeliningClient(
  name: string,
  client: PipeliningClient,
): Promise<void> {
  await verifyClient(name, client);
  checkPipelineReplies(name, await client.pipeline(PIPELINE_COMMANDS));
  await roundTrip(name, client);
}
