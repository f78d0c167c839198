/**
 * `@redwire/pubsub`: channel, pattern and sharded subscriptions over one connection, restored
 * after reconnects. It does not route across cluster nodes (that is `@redwire/cluster`'s job).
 * The implementation lands with the pub/sub issue; this entry point keeps the package graph whole.
 *
 * @packageDocumentation
 */
export { ProtocolError, RedisError, ReplyError } from '@redwire/protocol';
