import { encodeCommand } from '@redwire/protocol';
import { describe, expect, it } from 'vitest';
import { Fifo } from './fifo.js';
import { PendingCommand } from './pending-command.js';
import { reclaimWritten } from './reclaim-written.js';

function command(name: string, retryOnReconnect: boolean, written: boolean): PendingCommand {
  const pending = new PendingCommand(name, encodeCommand([name]), false, retryOnReconnect, 0, 0);
  pending.promise?.catch(() => {});
  if (written) {
    pending.state = 'written';
    pending.written = true;
  }
  return pending;
}

function fifo(...commands: PendingCommand[]): Fifo<PendingCommand> {
  const queue = new Fifo<PendingCommand>();
  for (const pending of commands) queue.push(pending);
  return queue;
}

describe('reclaimWritten', () => {
  it('puts retryable commands back ahead of the queue, in written order, as unwritten', () => {
    const [a, b, c] = [
      command('A', true, true),
      command('B', false, true),
      command('C', true, true),
    ];
    const queued = command('Q', false, false);
    const queue = fifo(queued);
    const written = fifo(a, b, c);
    const { requeued, failed } = reclaimWritten(queue, written, true);
    expect(requeued).toEqual([a, c]);
    expect(failed).toEqual([b]);
    expect([...queue]).toEqual([a, c, queued]);
    expect(written.length).toBe(0);
    for (const pending of requeued) {
      expect(pending.state).toBe('queued');
      expect(pending.written).toBe(false);
      // Once only: the next loss fails it.
      expect(pending.retryOnReconnect).toBe(false);
    }
  });

  it('returns every unsettled command to be failed when requeueing is not allowed', () => {
    const [a, b] = [command('A', true, true), command('B', false, true)];
    const queue = fifo();
    const { requeued, failed } = reclaimWritten(queue, fifo(a, b), false);
    expect(requeued).toEqual([]);
    expect(failed).toEqual([a, b]);
    expect(queue.length).toBe(0);
    expect(a.retryOnReconnect).toBe(true);
  });

  it('drops commands already settled (given up on), whose replies nobody waits for', () => {
    const [a, b] = [command('A', true, true), command('B', false, true)];
    a.fail(new Error('timed out'));
    b.fail(new Error('aborted'));
    const queue = fifo();
    const written = fifo(a, b);
    expect(reclaimWritten(queue, written, true)).toEqual({ requeued: [], failed: [] });
    expect(queue.length).toBe(0);
    expect(written.length).toBe(0);
  });
});
