/**
 * The clients compared, in table order: the same peer adapters as the connection benchmark.
 * redwire's is imported on demand: while @redwire/client is being written its import may fail,
 * and the peers are still worth measuring then.
 */

import type { ClientContender, PipeliningClient } from '../lib/clients/contract.js';
import { ioredisAutoPipelined, ioredisDefault } from '../lib/clients/ioredis.js';
import { nodeRedis } from '../lib/clients/node-redis.js';

type Contender = ClientContender<PipeliningClient>;

const PEERS: readonly Contender[] = [ioredisDefault, ioredisAutoPipelined, nodeRedis];

export async function loadContenders(): Promise<Contender[]> {
  try {
    const { redwire } = await import('./redwire.js');
    return [...PEERS, redwire];
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    console.warn(`note: redwire skipped, @redwire/client did not load (${reason})\n`);
    return [...PEERS];
  }
}
