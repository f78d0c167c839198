/**
 * Where a bulk string that arrived in several socket chunks is joined before it is decoded into
 * a JavaScript string. The room is reused rather than allocated per reply: a fresh 1 MiB Buffer
 * costs its page faults on every reply (joining into one took 14% of the client's time on 1 MiB
 * GETs, ten in flight; into a reused room the same copy is a plain memcpy). The join and the
 * decode that follows it happen in one synchronous step and the decoded string owns its own
 * memory, so one room serves every decoder in the process.
 *
 * A reply returned as a Buffer is not joined here: the caller owns that Buffer.
 */

/** The largest room kept between replies; a longer value is joined into a Buffer of its own. */
export const MAX_KEPT_JOIN_ROOM = 8 * 1024 * 1024;

let room: Buffer | undefined;

/**
 * `parts` copied end to end into the shared room (or, past {@link MAX_KEPT_JOIN_ROOM}, into a
 * Buffer of their own). Only `[0, length)` of the result is theirs, and only until the next
 * call: decode it before returning to the event loop.
 */
export function joinInRoom(parts: readonly Buffer[], length: number): Buffer {
  let target = room;
  if (target === undefined || target.length < length) {
    // Doubling, so that values growing a little at a time do not reallocate each time.
    const size = Math.max(length, Math.min(MAX_KEPT_JOIN_ROOM, (target?.length ?? 0) * 2));
    target = Buffer.allocUnsafeSlow(size);
    if (size <= MAX_KEPT_JOIN_ROOM) room = target;
  }
  let offset = 0;
  for (const part of parts) {
    target.set(part, offset);
    offset += part.length;
  }
  return target;
}
