export class RedisError extends Error {}
export class ReplyError extends RedisError {}
export class ProtocolError extends RedisError {}
