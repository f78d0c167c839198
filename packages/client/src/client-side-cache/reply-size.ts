/**
 * What a cached entry counts against `maxBytes`: an estimate of the memory it holds, cheap to
 * compute once when the entry is stored. Strings count two bytes per UTF-16 unit (V8 may store
 * one-byte strings in half that; the bound errs on the safe side), Buffers their length, and
 * every value and entry a fixed overhead for the objects around it.
 */
import { Buffer } from 'node:buffer';
import type { RespValue } from '@redwire/protocol';

/**
 * Bytes counted for an entry itself: its map slots, index entries and bookkeeping object, and
 * the record of its reply with the promise its hits may share (cached-reply.ts).
 */
export const ENTRY_OVERHEAD = 144;
/** Bytes counted for each value inside a reply (a number, an array slot, a map entry). */
const VALUE_OVERHEAD = 16;

/** The estimated size of a reply. */
export function replySize(value: RespValue): number {
  if (typeof value === 'string') return VALUE_OVERHEAD + value.length * 2;
  if (Buffer.isBuffer(value)) return VALUE_OVERHEAD + value.length;
  if (Array.isArray(value)) {
    let size = VALUE_OVERHEAD;
    for (const item of value) size += replySize(item);
    return size;
  }
  if (value instanceof Map) {
    let size = VALUE_OVERHEAD;
    for (const [field, item] of value) size += replySize(field) + replySize(item);
    return size;
  }
  if (value instanceof Set) {
    let size = VALUE_OVERHEAD;
    for (const item of value) size += replySize(item);
    return size;
  }
  if (value !== null && typeof value === 'object' && 'text' in value) {
    return VALUE_OVERHEAD + replySize(value.text);
  }
  return VALUE_OVERHEAD;
}

/** The estimated size of an entry: its group and member (the command), its reply and the overhead. */
export function entrySize(group: string, member: string, value: RespValue): number {
  return ENTRY_OVERHEAD + (group.length + member.length) * 2 + replySize(value);
}
