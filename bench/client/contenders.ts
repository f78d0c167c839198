/**
 * The clients compared, in table order: the same peer adapters as the connection benchmark,
 * then redwire's `createClient`.
 */

import type { ClientContender, PipeliningClient } from '../lib/clients/contract.js';
import { ioredisAutoPipelined, ioredisDefault } from '../lib/clients/ioredis.js';
import { nodeRedis } from '../lib/clients/node-redis.js';
import { withOptionalRedwire } from '../lib/optional-redwire.js';

type Contender = ClientContender<PipeliningClient>;

const PEERS: readonly Contender[] = [ioredisDefault, ioredisAutoPipelined, nodeRedis];

export function loadContenders(): Promise<Contender[]> {
  return withOptionalRedwire(PEERS, '@redwire/client', () => import('./redwire.js'));
}
