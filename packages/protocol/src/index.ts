export { ProtocolError, RedisError, ReplyError } from './errors.js';
