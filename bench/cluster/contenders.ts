/** The cluster clients compared, in table order: the peers, then redwire's `createCluster`. */

import { withOptionalRedwire } from '../lib/optional-redwire.js';
import type { ClusterContender } from './contract.js';
import { ioredisAutoPipelined, ioredisDefault, nodeRedis } from './peers.js';

const PEERS: readonly ClusterContender[] = [ioredisDefault, ioredisAutoPipelined, nodeRedis];

export async function loadContenders(): Promise<ClusterContender[]> {
  const contenders = await withOptionalRedwire(
    PEERS,
    '@redwire/cluster',
    () => import('./redwire.js'),
  );
  if (contenders.length === PEERS.length) return contenders;
  return [...contenders, (await import('./redwire.js')).redwireTagged];
}
