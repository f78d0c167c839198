/**
 * (3) MGET of 100 preloaded keys, awaited before the next. With plain keys they fall in about
 * 100 slots on all three primaries: the client must split the command, send the parts and merge
 * the values back in the user's order. A client that cannot gets the `{bench}` twins, one MGET
 * to one node.
 */

import { expectReplies } from '../lib/clients/expect-replies.js';
import { paddedValue } from '../lib/mixed-workload.js';
import { repeatFor } from '../lib/repeat-for.js';
import type { ClusterClient } from './contract.js';
import { MGET_KEY_COUNT, MGET_KEYS, TAGGED_MGET_KEYS } from './keys.js';
import type { ClusterWorkload } from './workload.js';

// A twin holds its plain key's value, so one expectation serves both key sets.
const EXPECTED = MGET_KEYS.map(paddedValue);

const NAMES = { batch: 'MGET', item: 'value', items: 'values' } as const;

export const mget: ClusterWorkload = {
  id: 'mget',
  title: `(3) ${MGET_KEY_COUNT}-key MGET`,
  unit: 'ops/s',
  scale: 1,
  async run(name, client, budgetMs, oneSlot) {
    const { ops, seconds } = await repeatFor(budgetMs, () => checkedMget(name, client, oneSlot));
    // Each MGET is at least one command on the server (a split one is several).
    return { ops, seconds, commands: ops };
  },
};

/** One MGET of the client's key set, every value compared with what was preloaded. */
export async function checkedMget(
  name: string,
  client: ClusterClient,
  oneSlot: boolean,
): Promise<void> {
  const values = await client.mget(oneSlot ? TAGGED_MGET_KEYS : MGET_KEYS);
  expectReplies(name, NAMES, values, EXPECTED);
}
