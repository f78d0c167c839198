/**
 * The clients compared, in table order. redwire's adapter is imported on demand: while
 * @redwire/connection is being written its import may fail, and the peers are still worth
 * measuring then.
 */

import type { ClientContender } from '../lib/clients/contract.js';
import { ioredisAutoPipelined, ioredisDefault } from '../lib/clients/ioredis.js';
import { nodeRedis } from '../lib/clients/node-redis.js';

const PEERS: readonly ClientContender[] = [ioredisDefault, ioredisAutoPipelined, nodeRedis];

export async function loadContenders(): Promise<ClientContender[]> {
  try {
    const { redwire } = await import('./redwire.js');
    return [...PEERS, redwire];
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    console.warn(`note: redwire skipped, @redwire/connection did not load (${reason})\n`);
    return [...PEERS];
  }
}
