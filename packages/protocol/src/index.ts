/**
 * `@redwire/protocol`: RESP2/RESP3 bytes to values and commands to bytes, with the error
 * classes every redwire package shares. No sockets, no I/O, no dependencies: the connection
 * layer owns the socket and feeds this decoder.
 *
 * @packageDocumentation
 * @module @redwire/protocol
 */
export { Decoder, type DecoderHandlers, type DecoderOptions } from './decoder.js';
export {
  type CommandArgument,
  type EncodedCommand,
  encodeCommand,
  encodedLength,
  MAX_ARGUMENT_BYTES,
  releaseEncoded,
} from './encoder.js';
export {
  ArgumentError,
  ArgumentTooLargeError,
  ProtocolError,
  RedisError,
  ReplyError,
  type UnknownOptionDetails,
  UnknownOptionError,
} from './errors.js';
export { DEFAULT_DECODER_LIMITS, type DecoderLimits } from './limits.js';
export {
  checkOptionKeys,
  closestKey,
  type OptionKeySet,
  optionKeys,
  unknownOptionKey,
} from './option-keys.js';
export {
  type PushFrame,
  type RespMap,
  type RespSet,
  type RespValue,
  VerbatimString,
} from './reply.js';
export { isRoom, returnRoom } from './rooms.js';
export { TypeByte } from './type-bytes.js';
