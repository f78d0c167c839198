/**
 * When a connection writes: on the next tick, so that every command sent in the same tick shares
 * one write (automatic pipelining); sooner once a batch passes {@link EARLY_WRITE_BYTES}; and not
 * at all while the socket asks to wait for `drain`. What goes into each write is write-batch.ts.
 */
import type { Buffer } from 'node:buffer';
import type { Socket } from 'node:net';
import { returnRoom } from '@redwire/protocol';
import type { Fifo } from './fifo.js';
import type { PendingCommand } from './pending-command.js';
import { collectBatch, EARLY_WRITE_BYTES, writePayload } from './write-batch.js';

/** Decides when the commands of one connection's queue are written; see the header. */
export class WriteScheduler {
  readonly #queue: Fifo<PendingCommand>;
  readonly #written: Fifo<PendingCommand>;
  readonly #maxWriteBytes: number;
  /** The socket commands may be written to now, or undefined while none may be. */
  readonly #target: () => Socket | undefined;
  #scheduled = false;
  /** Bytes queued since the last write; past EARLY_WRITE_BYTES they leave before the tick ends. */
  #unflushedBytes = 0;
  #awaitingDrain = false;
  /** The encoder's rooms in the batch being collected, given back once it is written. */
  #releasable: Buffer[] = [];

  /**
   * @param queue - commands waiting to be written, moved to `written` as they are
   * @param maxWriteBytes - about how much one socket write carries
   * @param target - the socket to write to, undefined while commands must wait (not ready)
   */
  constructor(
    queue: Fifo<PendingCommand>,
    written: Fifo<PendingCommand>,
    maxWriteBytes: number,
    target: () => Socket | undefined,
  ) {
    this.#queue = queue;
    this.#written = written;
    this.#maxWriteBytes = maxWriteBytes;
    this.#target = target;
  }

  /** A command of `bytes` (as `encodedSize` counts) joined the queue of a ready connection. */
  queued(bytes: number): void {
    this.#unflushedBytes += bytes;
    // A long batch starts on the wire while the rest is still being encoded, so the server
    // works on its head meanwhile instead of waiting for the whole of it.
    if (this.#unflushedBytes >= EARLY_WRITE_BYTES) this.flush();
    else this.schedule();
  }

  /** Writes what is queued once the current tick's synchronous code and microtasks are done. */
  schedule(): void {
    if (this.#scheduled) return;
    this.#scheduled = true;
    process.nextTick(() => {
      this.#scheduled = false;
      this.flush();
    });
  }

  /** Writes what is queued now, as far as the socket takes it. */
  flush(): void {
    this.#unflushedBytes = 0;
    if (this.#awaitingDrain) return;
    const socket = this.#target();
    if (socket === undefined) return;
    for (;;) {
      const releasable = this.#releasable;
      const payload = collectBatch(this.#queue, this.#written, this.#maxWriteBytes, releasable);
      if (payload === undefined) return;
      let written: (() => void) | undefined;
      if (releasable.length > 0) {
        this.#releasable = [];
        written = () => {
          for (const chunk of releasable) returnRoom(chunk);
        };
      }
      if (!writePayload(socket, payload, written)) {
        // The socket's buffer is full: the rest waits in the queue (bounded) until 'drain'.
        this.#awaitingDrain = true;
        return;
      }
    }
  }

  /** The socket emptied its buffer: writing resumes. */
  drained(): void {
    this.#awaitingDrain = false;
    this.flush();
  }

  /** The socket is gone; the next one starts with an empty buffer. */
  socketClosed(): void {
    this.#awaitingDrain = false;
  }
}
