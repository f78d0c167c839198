/**
 * Correctness before timing, for every client: the connection benchmark's read-back checks,
 * then one full pipeline, one 1 MiB round trip and one 100-key MGET, replies compared with
 * what was written or preloaded.
 */

import type { PipeliningClient } from '../lib/clients/contract.js';
import { verifyClient } from '../lib/clients/verify.js';
import { roundTrip } from './large-value.js';
import { checkMget, MGET_KEYS } from './mget.js';
import { checkPipelineReplies, PIPELINE_COMMANDS } from './pipeline.js';

export async function verifyPipeliningClient(
  name: string,
  client: PipeliningClient,
): Promise<void> {
  await verifyClient(name, client);
  checkPipelineReplies(name, await client.pipeline(PIPELINE_COMMANDS));
  await roundTrip(name, client);
  checkMget(name, await client.mget(MGET_KEYS));
}
