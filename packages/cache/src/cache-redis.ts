/**
 * The one small interface the cache runs on. `RedisClient` and `RedisCluster` both fit it as
 * they are (it is structural): the cache never names the cluster, and a cluster routes each
 * command by its key, splits a multi-key DEL/UNLINK by slot, and carries a PUBLISH to every node,
 * which is all the cache relies on.
 */
import type { CommandOptions, CommandSender } from '@redwire/client';
import type { CommandArgument, RespValue } from '@redwire/protocol';

/** One pub/sub message as the cache reads it. */
export interface CacheMessage {
  /** The channel it was published on. */
  readonly channel: string;
  /** Its payload. */
  readonly message: string;
}

/**
 * What the cache needs of a subscriber: one channel subscription with a listener, and closing.
 * `redis.subscriber()` of a client or a cluster returns one.
 */
export interface CacheSubscriber {
  /** Subscribes to `channels`; resolves once the server confirmed it. */
  subscribe(
    channels: string | readonly string[],
    listener: (message: CacheMessage) => void,
  ): Promise<unknown>;
  /** Closes the subscriber's connections. */
  close(): Promise<void>;
}

/**
 * The commands `createCache` needs: a `RedisClient` or a `RedisCluster` (strings, not a
 * `withBuffers()` view: the cache asks for Buffers itself where it stores bytes).
 */
export interface CacheRedis extends CommandSender {
  /** Sends one command, routed by its keys on a cluster. */
  sendCommand(args: readonly CommandArgument[], options?: CommandOptions): Promise<RespValue>;
  /** The same client replying with Buffers: stored entries are bytes. */
  withBuffers(): Pick<CacheRedis, 'sendCommand'>;
  /** A subscriber on a connection of its own, for lock releases and invalidations. */
  subscriber(): CacheSubscriber;
}
