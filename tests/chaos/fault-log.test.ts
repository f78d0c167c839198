import { describe, expect, it } from 'vitest';
import {
  ERROR_GRACE_MS,
  FaultLog,
  LOSS_WINDOW_AFTER_MS,
  LOSS_WINDOW_BEFORE_MS,
} from './fault-log.js';

describe('FaultLog', () => {
  it('excuses an error from a fault’s start to its end plus the grace, and names the latest fault', () => {
    const log = new FaultLog();
    const kill = log.start('kill', 'a', new Set([1]));
    kill.endedAt = kill.startedAt + 500;
    const storm = log.start('client-kill', 'b');
    storm.endedAt = storm.startedAt + 1000;
    const { startedAt } = kill;
    expect(log.excuses(startedAt - 5000, startedAt - 1)).toBe(false);
    expect(log.excuses(startedAt - 100, startedAt + 10)).toBe(true);
    expect(
      log.excuses(storm.endedAt + ERROR_GRACE_MS - 1, storm.endedAt + ERROR_GRACE_MS + 50),
    ).toBe(true);
    expect(
      log.excuses(storm.endedAt + ERROR_GRACE_MS + 1, storm.endedAt + ERROR_GRACE_MS + 50),
    ).toBe(false);
    expect(log.faultOf(storm.startedAt, storm.startedAt + 10)?.kind).toBe('client-kill');
    expect(log.counts()).toMatchObject({ kill: 1, 'client-kill': 1, pause: 0 });
    expect(log.lastEnd()).toBe(Math.max(kill.endedAt, storm.endedAt));
  });

  it('explains a lost write only on the fault’s slots and in its windows', () => {
    const log = new FaultLog();
    const pause = log.start('pause', 'a', new Set([7]));
    pause.lossUntil = pause.startedAt + 3000;
    const { startedAt, lossUntil } = pause;
    expect(log.lossCause(7, startedAt - LOSS_WINDOW_BEFORE_MS)).toBe('replication');
    expect(log.lossCause(7, lossUntil + LOSS_WINDOW_AFTER_MS)).toBe('replication');
    expect(log.lossCause(7, startedAt - LOSS_WINDOW_BEFORE_MS - 1)).toBeUndefined();
    expect(log.lossCause(7, lossUntil + LOSS_WINDOW_AFTER_MS + 1)).toBeUndefined();
    expect(log.lossCause(8, startedAt)).toBeUndefined();

    const kill = log.start('kill', 'b', new Set([9]));
    kill.restart = { from: kill.startedAt + 10_000, until: kill.startedAt + 10_500 };
    expect(log.lossCause(9, kill.startedAt + 10_200)).toBe('stale-primary');
    expect(log.lossCause(9, kill.startedAt + 6000)).toBeUndefined();
  });
});
