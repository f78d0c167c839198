/**
 * A cached reply handed to a caller as its own copy. Strings, numbers and null are immutable
 * and go as they are (GET's hit costs nothing here); arrays, maps, sets and Buffers are copied,
 * so a caller that sorts an LRANGE reply or writes into a Buffer does not change what the next
 * caller reads.
 */
import { Buffer } from 'node:buffer';
import { type RespValue, VerbatimString } from '@redwire/protocol';

/** `value`, or a deep copy of it when it holds anything mutable. */
export function copyReply(value: RespValue): RespValue {
  if (typeof value !== 'object' || value === null) return value;
  if (Buffer.isBuffer(value)) return Buffer.from(value);
  if (Array.isArray(value)) return value.map(copyReply);
  if (value instanceof Map) {
    const copy: Map<RespValue, RespValue> = new Map();
    for (const [field, item] of value) copy.set(copyReply(field), copyReply(item));
    return copy;
  }
  if (value instanceof Set) {
    const copy: Set<RespValue> = new Set();
    for (const item of value) copy.add(copyReply(item));
    return copy;
  }
  if (value instanceof VerbatimString && Buffer.isBuffer(value.text)) {
    return new VerbatimString(value.format, Buffer.from(value.text));
  }
  return value;
}
