/**
 * Aggregates under construction. When a chunk ends in the middle of an array, map or set, the
 * elements decoded so far stay here, so the next chunk resumes where the last one stopped and
 * nothing is decoded twice.
 */
import type { RespMap, RespValue } from './reply.js';
import { TypeByte } from './type-bytes.js';

/**
 * An aggregate that is still receiving elements. A RESP3 streamed string (`$?`) is a frame too,
 * of type BULK_STRING, whose items are its parts as Buffers: one shape for every frame keeps the
 * decoder's hot path monomorphic.
 */
export interface Frame {
  /** The type byte that opened it: ARRAY, MAP, SET, PUSH, ATTRIBUTE or BULK_STRING. */
  readonly type: number;
  /** Elements so far; a map or attribute holds keys and values alternately. */
  readonly items: RespValue[];
  /** Elements still expected; `Infinity` for a streamed aggregate, which ends with `.`. */
  remaining: number;
  /** Bytes collected so far by a streamed string; unused by other frames. */
  size: number;
}

/** Opens a frame for `count` elements (`Infinity` when streamed). Maps pass their pair count. */
export function openFrame(type: number, count: number): Frame {
  const slots = type === TypeByte.MAP || type === TypeByte.ATTRIBUTE ? count * 2 : count;
  // Elements are pushed as they arrive: a declared length alone never allocates memory.
  return { type, items: [], remaining: slots, size: 0 };
}

/** Opens the frame of a RESP3 streamed string. */
export function openStreamedString(): Frame {
  return { type: TypeByte.BULK_STRING, items: [], remaining: Number.POSITIVE_INFINITY, size: 0 };
}

/** The value a completed aggregate frame stands for. */
export function closeFrame(frame: Frame): RespValue {
  const { type, items } = frame;
  if (type === TypeByte.MAP || type === TypeByte.ATTRIBUTE) return toMap(items);
  if (type === TypeByte.SET) return new Set(items);
  return items;
}

/** An empty aggregate of the given type, for a zero length. */
export function emptyAggregate(type: number): RespValue {
  if (type === TypeByte.MAP || type === TypeByte.ATTRIBUTE) return new Map();
  if (type === TypeByte.SET) return new Set();
  return [];
}

function toMap(items: RespValue[]): RespMap {
  const map: RespMap = new Map();
  for (let i = 0; i < items.length; i += 2)
    map.set(items[i] as RespValue, items[i + 1] as RespValue);
  return map;
}
