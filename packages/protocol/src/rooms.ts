/**
 * Reused Buffers ("rooms") for large values, where a fresh Buffer each time would cost its page
 * faults and leave the garbage collector to free it later: on 1 MiB SETs, ten in flight,
 * converting arguments into fresh Buffers took 13% of the client's time, and on 1 MiB GETs
 * joining reply chunks into fresh Buffers took 14%.
 *
 * - The encoder converts a string argument of {@link LARGE_STRING} units or more into a room;
 *   whoever writes the command gives it back with {@link returnRoom} once the write is done and
 *   nothing will write it again.
 * - The decoder copies a bulk string of that size that spans socket reads into a room as its
 *   bytes arrive (so a reader may reuse its read buffer), decodes it, and gives the room back.
 *
 * A room never given back (a command dropped before it was written, or kept to be written again
 * after a reconnect) is simply collected. At most {@link MAX_FREE_ROOMS} rooms of at most
 * {@link MAX_ROOM_BYTES} each wait for reuse.
 */
import { Buffer } from 'node:buffer';

/**
 * String arguments from this many UTF-16 units on are written as their own Buffer, a room. Joined
 * into the command's string they cost a scan for the byte count, a copy when V8 flattens the
 * joined string and a UTF-8 conversion when it is written: a 1 MiB value then costs several
 * times what one conversion into a Buffer does. Below 64 KiB the joined string costs about the
 * same and keeps a command one write. A room's bytes are at least as many as its string's units,
 * which lets {@link isRoom} pass over every smaller Buffer without a lookup.
 */
export const LARGE_STRING = 65_536;

/** Rooms larger than this are not kept for reuse. */
export const MAX_ROOM_BYTES = 8 * 1024 * 1024;
/** How many free rooms are kept at most (16 × 1 MiB for sixteen 1 MiB values in flight). */
export const MAX_FREE_ROOMS = 16;
/** And how many bytes they may hold together. */
export const MAX_FREE_ROOM_BYTES = 32 * 1024 * 1024;

const free: Buffer[] = [];
let freeBytes = 0;
/** Rooms handed out and not yet given back, by their memory. Weak: a lost one is collected. */
const lent = new WeakMap<ArrayBufferLike, Buffer>();

/** A Buffer of at least `size` bytes, reused when a free one is large enough. */
export function takeRoom(size: number): Buffer {
  let room: Buffer | undefined;
  for (let i = free.length - 1; i >= 0; i--) {
    const candidate = free[i] as Buffer;
    if (candidate.length >= size) {
      room = candidate;
      free.splice(i, 1);
      freeBytes -= candidate.length;
      break;
    }
  }
  room ??= Buffer.allocUnsafeSlow(size);
  lent.set(room.buffer, room);
  return room;
}

/**
 * Whether `chunk` is a room the encoder handed out and nobody has given back: what a writer
 * keeps for {@link returnRoom}. A caller's own Buffer (any Buffer argument) is not.
 */
export function isRoom(chunk: Buffer): boolean {
  return chunk.length >= LARGE_STRING && lent.has(chunk.buffer);
}

/**
 * Gives back the room `chunk` lies in, if it is one: a writer calls it once the write is done and
 * no copy of the command will be written again. Any other Buffer (a caller's own) is left alone.
 */
export function returnRoom(chunk: Buffer): void {
  const room = lent.get(chunk.buffer);
  if (room === undefined) return;
  lent.delete(chunk.buffer);
  if (
    room.length > MAX_ROOM_BYTES ||
    free.length >= MAX_FREE_ROOMS ||
    freeBytes + room.length > MAX_FREE_ROOM_BYTES
  ) {
    return;
  }
  free.push(room);
  freeBytes += room.length;
}

/** Free rooms and their bytes, for tests. @internal */
export function freeRooms(): { readonly rooms: number; readonly bytes: number } {
  return { rooms: free.length, bytes: freeBytes };
}
