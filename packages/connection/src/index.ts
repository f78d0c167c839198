/**
 * `@redwire/connection`: one socket to one Redis server (handshake, command queue, write
 * coalescing, timeouts, cancellation, reconnect). It knows nothing of typed commands, pools or
 * clusters. The implementation lands with the connection issue; until then this package only
 * re-exports the protocol errors it will raise, so the package graph is complete.
 *
 * @packageDocumentation
 */
export { ProtocolError, RedisError, ReplyError } from '@redwire/protocol';
