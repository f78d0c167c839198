/** The pub/sub contenders, in table order: the peers, then redwire. */

import { withOptionalRedwire } from '../lib/optional-redwire.js';
import type { PubSubContender } from './contract.js';
import { ioredisAutoPipelined, ioredisDefault, nodeRedis } from './peers.js';

const PEERS: readonly PubSubContender[] = [ioredisDefault, ioredisAutoPipelined, nodeRedis];

export function loadContenders(): Promise<PubSubContender[]> {
  return withOptionalRedwire(PEERS, '@redwire/client', () => import('./redwire.js'));
}
