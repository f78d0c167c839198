/**
 * The clients the diagnostics benchmark measures, each with every channel it publishes, from its
 * own lists of names: its TracingChannels, and the plain channels that are all the rest.
 */
import { CACHE_CHANNELS } from '@redwire/cache';
import { CLIENT_CHANNELS } from '@redwire/client';
import { CLUSTER_CHANNELS } from '@redwire/cluster';
import { CONNECTION_CHANNELS } from '@redwire/connection';
import { PUBSUB_CHANNELS } from '@redwire/pubsub';
import { CHANNELS as NODE_REDIS_CHANNELS } from 'redis';
import { redwire } from '../client/redwire.js';
import type { ClientContender, KeyValueClient } from '../lib/clients/contract.js';
import { nodeRedis } from '../lib/clients/node-redis.js';

/** A client the benchmark can measure, and every channel it publishes, by kind. */
interface Traced {
  readonly contender: ClientContender<KeyValueClient>;
  readonly tracing: readonly string[];
  readonly points: readonly string[];
}

/** The tracing channels among `names`, the rest being plain channels. */
function traced(
  contender: ClientContender<KeyValueClient>,
  tracing: readonly string[],
  names: readonly string[],
): Traced {
  return { contender, tracing, points: names.filter((name) => !tracing.includes(name)) };
}

/**
 * The clients measured, with their channels from their own lists of names. node-redis 6 is the
 * only peer here that publishes TracingChannels (ioredis 5.9 predates its own).
 */
export const TRACED_CLIENTS = {
  redwire: traced(
    redwire,
    [CLIENT_CHANNELS.command, CLIENT_CHANNELS.batch, CONNECTION_CHANNELS.connect],
    [
      CONNECTION_CHANNELS,
      CLIENT_CHANNELS,
      PUBSUB_CHANNELS,
      CLUSTER_CHANNELS,
      CACHE_CHANNELS,
    ].flatMap((names) => Object.values(names)),
  ),
  'node-redis': traced(
    nodeRedis,
    [
      NODE_REDIS_CHANNELS.TRACE_COMMAND,
      NODE_REDIS_CHANNELS.TRACE_BATCH,
      NODE_REDIS_CHANNELS.TRACE_CONNECT,
    ],
    Object.values(NODE_REDIS_CHANNELS),
  ),
} as const satisfies Record<string, Traced>;
