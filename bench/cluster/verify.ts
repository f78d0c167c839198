/**
 * Correctness before timing, for every cluster client: the read-back checks of lib/clients,
 * then one full pipeline and one MGET on the keys it will be timed on, every reply compared.
 */

import { checkPipelineReplies, PIPELINE_COMMANDS } from '../client/pipeline.js';
import { verifyClient } from '../lib/clients/verify.js';
import type { ClusterClient, ClusterContender } from './contract.js';
import { TAGGED_PIPELINE_COMMANDS } from './keys.js';
import { checkedMget } from './mget.js';

export async function verifyClusterClient(
  contender: ClusterContender,
  client: ClusterClient,
): Promise<void> {
  const { name, oneSlot } = contender;
  await verifyClient(name, client);
  const commands = oneSlot.pipeline !== undefined ? TAGGED_PIPELINE_COMMANDS : PIPELINE_COMMANDS;
  checkPipelineReplies(name, await client.pipeline(commands));
  await checkedMget(name, client, oneSlot.mget !== undefined);
}
