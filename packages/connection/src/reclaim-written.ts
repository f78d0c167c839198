/**
 * What becomes of the commands written to a socket that was lost. Their replies will never
 * come, so whether they ran is unknown: a command that allows it (`retryOnReconnect`) goes back
 * to the head of the queue, once, to be written on the next socket; every other one must fail,
 * and say that it was written.
 */
import type { Fifo } from './fifo.js';
import type { PendingCommand } from './pending-command.js';

/** The outcome of {@link reclaimWritten}. */
export interface ReclaimedCommands {
  /** Back at the head of the queue, in the order they were written. */
  readonly requeued: PendingCommand[];
  /** Still unsettled, to be failed by the caller. */
  readonly failed: PendingCommand[];
}

/**
 * Empties `written`: settled commands are dropped, retryable ones put back ahead of what
 * `queue` holds when `requeue` allows it (the offline queue is on and the connection is not
 * closing), and the rest returned to be failed.
 */
export function reclaimWritten(
  queue: Fifo<PendingCommand>,
  written: Fifo<PendingCommand>,
  requeue: boolean,
): ReclaimedCommands {
  const requeued: PendingCommand[] = [];
  const failed: PendingCommand[] = [];
  for (const command of written.drain()) {
    if (command.settled) continue;
    if (command.retryOnReconnect && requeue) {
      // Once: a read that keeps killing its connection (a reply too large for a proxy, say)
      // must not be written again and again until its deadline.
      command.retryOnReconnect = false;
      command.state = 'queued';
      command.written = false;
      requeued.push(command);
    } else {
      failed.push(command);
    }
  }
  if (requeued.length > 0) {
    const behind = queue.drain();
    for (const command of requeued) queue.push(command);
    for (const command of behind) queue.push(command);
  }
  return { requeued, failed };
}
