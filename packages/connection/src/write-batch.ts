/**
 * Turns the commands waiting to be written into as few socket writes as possible: all-text
 * commands are joined into one string, Buffer arguments ride along as their own chunks.
 */
import type { Buffer } from 'node:buffer';
import type { Socket } from 'node:net';
import { type EncodedCommand, isRoom } from '@redwire/protocol';
import type { Fifo } from './fifo.js';
import type { PendingCommand } from './pending-command.js';

/**
 * Queued bytes past which a tick's batch is written before the tick ends, so the server starts
 * on its head while the rest is encoded: what redis-server reads per call (PROTO_IOBUF_LEN).
 */
export const EARLY_WRITE_BYTES = 16_384;

/** An encoded command's size, in the units `collectBatch` counts. */
export function encodedSize(encoded: string | readonly (string | Buffer)[]): number {
  if (typeof encoded === 'string') return encoded.length;
  let size = 0;
  for (const chunk of encoded) size += chunk.length;
  return size;
}

/** What one socket write carries: one string, or chunks to write corked. */
export type WritePayload = string | (string | Buffer)[];

/**
 * Moves commands from `queue` to `written` until about `maxBytes` are collected (at least
 * one command, so a command larger than the cap still goes out). Commands settled while
 * queued (aborted, timed out) are dropped here: nothing of them reaches the socket.
 * Returns undefined when nothing was left to write. The encoder's rooms among the chunks of
 * commands that will not be written again are added to `releasable`, for `returnRoom` once
 * the write is done (a caller's own Buffers are not).
 */
export function collectBatch(
  queue: Fifo<PendingCommand>,
  written: Fifo<PendingCommand>,
  maxBytes: number,
  releasable: Buffer[] = [],
): WritePayload | undefined {
  let text = '';
  let chunks: (string | Buffer)[] | undefined;
  let size = 0;
  // String length counts UTF-16 units, not bytes; close enough for a flush threshold.
  while (size < maxBytes) {
    const command = queue.shift();
    if (command === undefined) break;
    if (command.settled) continue;
    command.state = 'written';
    command.written = true;
    written.push(command);
    const encoded = command.encoded as EncodedCommand;
    if (!command.retryOnReconnect) command.encoded = undefined;
    if (typeof encoded === 'string') {
      text += encoded;
      size += encoded.length;
      continue;
    }
    chunks ??= [];
    if (text !== '') chunks.push(text);
    text = '';
    // Written once: its rooms can go back to the encoder after the write.
    const release = command.encoded === undefined;
    for (const chunk of encoded) {
      chunks.push(chunk);
      size += chunk.length;
      if (release && typeof chunk !== 'string' && isRoom(chunk)) releasable.push(chunk);
    }
  }
  if (chunks === undefined) return text === '' ? undefined : text;
  if (text !== '') chunks.push(text);
  return chunks;
}

/**
 * Writes a payload; false when the socket asks the writer to wait for `drain`. `written` is
 * called once the socket is done with every chunk of it (written, or failed).
 */
export function writePayload(
  socket: Socket,
  payload: WritePayload,
  written?: (error?: Error | null) => void,
): boolean {
  if (typeof payload === 'string') return socket.write(payload);
  // One chunk (a lone command of many keys, encoded as one Buffer) needs no corking: a corked
  // write is buffered by the stream and taken out again on uncork, work a plain write skips.
  if (payload.length === 1) return socket.write(payload[0] as string | Buffer, written);
  socket.cork();
  let ok = true;
  const last = payload.length - 1;
  for (let i = 0; i < last; i++) ok = socket.write(payload[i] as string | Buffer);
  ok = socket.write(payload[last] as string | Buffer, written);
  socket.uncork();
  return ok;
}
