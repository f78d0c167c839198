/**
 * `@redwire/cluster`: `RedisCluster`, the same command surface as `RedisClient` over a Redis
 * Cluster (slot routing, MOVED/ASK, failover, cross-slot work). The implementation lands with the
 * cluster issue; this entry point keeps the package graph whole.
 *
 * @packageDocumentation
 */
export { ProtocolError, RedisError, ReplyError } from '@redwire/protocol';
