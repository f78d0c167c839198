/** The clients compared, in table order: the shared peer adapters, then redwire's `Connection`. */

import type { ClientContender } from '../lib/clients/contract.js';
import { ioredisAutoPipelined, ioredisDefault } from '../lib/clients/ioredis.js';
import { nodeRedis } from '../lib/clients/node-redis.js';
import { withOptionalRedwire } from '../lib/optional-redwire.js';

const PEERS: readonly ClientContender[] = [ioredisDefault, ioredisAutoPipelined, nodeRedis];

export function loadContenders(): Promise<ClientContender[]> {
  return withOptionalRedwire(PEERS, '@redwire/connection', () => import('./redwire.js'));
}
