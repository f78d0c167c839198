/**
 * `@redwire/client`: the standalone `RedisClient` (typed commands, pipelines, transactions, a
 * pool for blocking work, scripts). It never names the cluster. The implementation lands with the
 * client issue; this entry point keeps the package graph whole.
 *
 * @packageDocumentation
 */
export { ProtocolError, RedisError, ReplyError } from '@redwire/protocol';
