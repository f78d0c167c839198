import { performance as perfHooksPerformance } from 'node:perf_hooks';
import { encodeCommand } from '@redwire/protocol';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Deadlines } from './deadlines.js';
import { PendingCommand } from './pending-command.js';

// Vitest 3 fakes `performance` when asked: performance.now() starts at 0 and advances with
// the fake clock, so deadlines (on the performance.now() scale) line up with fake timers. It
// replaces the global only; the code under test reads node:perf_hooks' object, made to follow it.
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
  vi.spyOn(perfHooksPerformance, 'now').mockImplementation(() => performance.now());
});

afterEach(() => {
  vi.restoreAllMocks();
  vi.useRealTimers();
});

/** A command sent now (fake clock) with `timeout` ms; `name` tells commands apart. */
function sent(name: string, timeout: number): PendingCommand {
  const command = new PendingCommand(
    name,
    encodeCommand([name]),
    false,
    false,
    timeout,
    performance.now(),
  );
  // Expired commands are not settled by these tests unless they say so.
  command.promise?.catch(() => {});
  return command;
}

/** Deadlines that record each expired command's name and the clock when it was reported. */
function recording() {
  const expired: { name: string; at: number }[] = [];
  const deadlines = new Deadlines((command) => {
    expired.push({ name: command.name, at: performance.now() });
  });
  const names = () => expired.map((entry) => entry.name);
  return { deadlines, expired, names };
}

describe('Deadlines', () => {
  it('reports an unsettled command once its deadline has passed, and only once', () => {
    const { deadlines, expired } = recording();
    const command = sent('GET', 100);
    deadlines.track(command);
    expect(deadlines.size).toBe(1);

    vi.advanceTimersByTime(99);
    expect(expired).toEqual([]);

    vi.advanceTimersByTime(2);
    expect(expired).toHaveLength(1);
    expect(expired[0]?.name).toBe('GET');
    expect(expired[0]?.at).toBeGreaterThanOrEqual(command.deadline);

    vi.advanceTimersByTime(10_000);
    expect(expired).toHaveLength(1);
    expect(deadlines.size).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('never reports a command that settled before its deadline, released or not', () => {
    const { deadlines, expired } = recording();
    const released = sent('RELEASED', 100);
    const unreleased = sent('UNRELEASED', 100);
    deadlines.track(released);
    deadlines.track(unreleased);
    released.reply('OK');
    deadlines.release(released);
    unreleased.reply('OK');

    vi.advanceTimersByTime(1_000);
    expect(expired).toEqual([]);
    expect(deadlines.size).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('skips a settled command in the middle of a FIFO and reports those around it', () => {
    const { deadlines, names } = recording();
    const [a, b, c] = [sent('A', 50), sent('B', 50), sent('C', 50)];
    for (const command of [a, b, c]) deadlines.track(command);
    b.fail(new Error('aborted'));
    deadlines.release(b); // not the head: stays until it reaches the head

    vi.advanceTimersByTime(100);
    expect(names()).toEqual(['A', 'C']);
    expect(deadlines.size).toBe(0);
  });

  it('reports commands with different timeouts in deadline order, each at its deadline', () => {
    const { deadlines, expired, names } = recording();
    const slow = sent('SLOW', 300);
    const fast = sent('FAST', 100);
    const middle = sent('MIDDLE', 200);
    for (const command of [slow, fast, middle]) deadlines.track(command);

    vi.advanceTimersByTime(1_000);
    expect(names()).toEqual(['FAST', 'MIDDLE', 'SLOW']);
    for (const [index, command] of [fast, middle, slow].entries()) {
      const at = expired[index]?.at ?? Number.NaN;
      expect(at).toBeGreaterThanOrEqual(command.deadline);
      expect(at).toBeLessThanOrEqual(command.deadline + 2);
    }
  });

  it('re-arms for a command tracked later whose deadline comes first', () => {
    const { deadlines, expired, names } = recording();
    deadlines.track(sent('LONG', 1_000));
    vi.advanceTimersByTime(100);
    const short = sent('SHORT', 50);
    deadlines.track(short);

    vi.advanceTimersByTime(60);
    expect(names()).toEqual(['SHORT']);
    expect(expired[0]?.at).toBeLessThanOrEqual(short.deadline + 2);

    vi.advanceTimersByTime(1_000);
    expect(names()).toEqual(['SHORT', 'LONG']);
  });

  it('reports commands sharing a timeout in the order they were sent', () => {
    const { deadlines, names } = recording();
    deadlines.track(sent('FIRST', 100));
    vi.advanceTimersByTime(30);
    deadlines.track(sent('SECOND', 100));
    vi.advanceTimersByTime(30);
    deadlines.track(sent('THIRD', 100));

    vi.advanceTimersByTime(45); // t = 105: only FIRST is due
    expect(names()).toEqual(['FIRST']);
    vi.advanceTimersByTime(30); // t = 135: SECOND is due
    expect(names()).toEqual(['FIRST', 'SECOND']);
    vi.advanceTimersByTime(30); // t = 165: THIRD is due
    expect(names()).toEqual(['FIRST', 'SECOND', 'THIRD']);
  });

  it('keeps a command whose deadline has not come while an earlier one expires', () => {
    const { deadlines, names } = recording();
    const early = sent('EARLY', 100);
    const late = sent('LATE', 500);
    deadlines.track(early);
    deadlines.track(late);

    vi.advanceTimersByTime(200);
    expect(names()).toEqual(['EARLY']);
    expect(deadlines.size).toBe(1);
    expect(vi.getTimerCount()).toBe(1);

    late.reply('OK');
    deadlines.release(late);
    expect(deadlines.size).toBe(0);
    // Left armed (see the next describe block); it fires at LATE's deadline and stops.
    vi.advanceTimersByTime(400);
    expect(names()).toEqual(['EARLY']);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('release drops settled heads, so size stays bounded when 10,000 commands settle in order', () => {
    const { deadlines, expired } = recording();
    const commands = Array.from({ length: 10_000 }, (_, i) => sent(`C${i}`, 5_000));
    let maxSize = 0;
    for (const command of commands) {
      deadlines.track(command);
      command.reply('OK');
      deadlines.release(command);
      maxSize = Math.max(maxSize, deadlines.size);
    }
    expect(maxSize).toBe(0);
    expect(deadlines.size).toBe(0);
    // One timer, armed by the first command and never re-armed, whatever the count.
    expect(vi.getTimerCount()).toBe(1);
    vi.advanceTimersByTime(10_000);
    expect(expired).toEqual([]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('release drops 10,000 pipelined commands one by one as their replies arrive in order', () => {
    const { deadlines, expired } = recording();
    const commands = Array.from({ length: 10_000 }, (_, i) => sent(`C${i}`, 5_000));
    for (const command of commands) deadlines.track(command);
    expect(deadlines.size).toBe(10_000);
    for (const [index, command] of commands.entries()) {
      command.reply('OK');
      deadlines.release(command);
      expect(deadlines.size).toBe(10_000 - index - 1);
    }
    vi.advanceTimersByTime(10_000);
    expect(expired).toEqual([]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('release of a settled command behind an unsettled head keeps it until the head settles', () => {
    const { deadlines } = recording();
    const [a, b, c] = [sent('A', 100), sent('B', 100), sent('C', 100)];
    for (const command of [a, b, c]) deadlines.track(command);
    b.reply('OK');
    deadlines.release(b);
    expect(deadlines.size).toBe(3);
    a.reply('OK');
    deadlines.release(a);
    expect(deadlines.size).toBe(1); // A and B gone, C still unsettled
  });

  it('release of an untracked command changes nothing', () => {
    const { deadlines } = recording();
    const tracked = sent('TRACKED', 100);
    deadlines.track(tracked);
    const stranger = sent('STRANGER', 100);
    stranger.reply('OK');
    deadlines.release(stranger);
    const untimed = sent('UNTIMED', 0);
    untimed.reply('OK');
    deadlines.release(untimed);
    expect(deadlines.size).toBe(1);
    expect(vi.getTimerCount()).toBe(1);
  });

  it('clear forgets every command and stops the timer', () => {
    const { deadlines, expired } = recording();
    deadlines.track(sent('A', 100));
    deadlines.track(sent('B', 200));
    expect(vi.getTimerCount()).toBe(1);

    deadlines.clear();
    expect(deadlines.size).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
    vi.advanceTimersByTime(1_000);
    expect(expired).toEqual([]);
  });

  it('tracks and reports again after clear', () => {
    const { deadlines, names } = recording();
    deadlines.track(sent('OLD', 100));
    deadlines.clear();
    deadlines.track(sent('NEW', 300));
    vi.advanceTimersByTime(1_000);
    expect(names()).toEqual(['NEW']);
  });

  it('does not track commands with timeout 0 (no deadline)', () => {
    const { deadlines, expired } = recording();
    deadlines.track(sent('BLPOP', 0));
    expect(deadlines.size).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
    vi.advanceTimersByTime(60_000);
    expect(expired).toEqual([]);
  });

  it('uses one timer however many commands are tracked', () => {
    const { deadlines } = recording();
    for (let i = 0; i < 100; i++) deadlines.track(sent(`C${i}`, 100 + (i % 7) * 10));
    expect(vi.getTimerCount()).toBe(1);
  });

  it('reports a command tracked from inside onExpired at its own deadline', () => {
    const expired: { name: string; at: number }[] = [];
    let followUp: PendingCommand | undefined;
    const deadlines = new Deadlines((command) => {
      expired.push({ name: command.name, at: performance.now() });
      if (command.name === 'FIRST') {
        // e.g. a retry or a PING sent in reaction to the timeout
        followUp = sent('FOLLOW-UP', 50);
        deadlines.track(followUp);
      }
    });
    deadlines.track(sent('FIRST', 100));
    deadlines.track(sent('DISTANT', 10_000));

    vi.advanceTimersByTime(200); // t = 200: FIRST expired at ~101, FOLLOW-UP due at ~151
    expect(expired.map((entry) => entry.name)).toEqual(['FIRST', 'FOLLOW-UP']);
    expect(expired[1]?.at).toBeLessThanOrEqual((followUp?.deadline ?? 0) + 2);
  });

  it('reports nothing more and leaves no timer once onExpired clears the deadlines', () => {
    const expired: string[] = [];
    const deadlines = new Deadlines((command) => {
      expired.push(command.name);
      deadlines.clear(); // a handler that gives up on everything, as Connection#finish does
    });
    deadlines.track(sent('A', 100));
    deadlines.track(sent('B', 100)); // same deadline as A
    vi.advanceTimersByTime(50);
    deadlines.track(sent('C', 100)); // same FIFO, due at 150
    vi.advanceTimersByTime(60); // t = 110: A and B are due; A's handler clears
    // Connection clears only once nothing is unsettled, so it cannot see B reported today.
    const state = { expired, size: deadlines.size, timers: vi.getTimerCount() };
    expect(state).toEqual({ expired: ['A'], size: 0, timers: 0 });
  });
});

describe('Deadlines: the timer left armed once nothing is pending', () => {
  it('fires once at the deadline it was armed for, reports nothing and stops', () => {
    const { deadlines, expired } = recording();
    const command = sent('GET', 100);
    deadlines.track(command);
    command.reply('OK');
    deadlines.release(command);
    expect(vi.getTimerCount()).toBe(1);

    vi.advanceTimersByTime(101);
    expect(expired).toEqual([]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('serves the commands sent after it was left: no new timer per command, each reported at its own deadline', () => {
    const { deadlines, expired } = recording();
    const first = sent('FIRST', 100);
    deadlines.track(first);
    first.reply('OK');
    deadlines.release(first);

    vi.advanceTimersByTime(50);
    const second = sent('SECOND', 100); // due at 150, after the armed 100
    deadlines.track(second);
    expect(vi.getTimerCount()).toBe(1);

    vi.advanceTimersByTime(51); // the old timer fires at 100: SECOND is not due, re-armed
    expect(expired).toEqual([]);
    expect(vi.getTimerCount()).toBe(1);

    vi.advanceTimersByTime(50);
    expect(expired.map((entry) => entry.name)).toEqual(['SECOND']);
    expect(expired[0]?.at).toBeGreaterThanOrEqual(second.deadline);
  });

  it('is re-armed for a command whose deadline comes before the one it was left for', () => {
    const { deadlines, names } = recording();
    const slow = sent('SLOW', 5_000);
    deadlines.track(slow);
    slow.reply('OK');
    deadlines.release(slow);

    const quick = sent('QUICK', 50);
    deadlines.track(quick);
    vi.advanceTimersByTime(51);
    expect(names()).toEqual(['QUICK']);
  });

  it('is stopped by clear, as the connection closing calls it', () => {
    const { deadlines } = recording();
    const command = sent('GET', 100);
    deadlines.track(command);
    command.reply('OK');
    deadlines.release(command);
    deadlines.clear();
    expect(vi.getTimerCount()).toBe(0);
  });
});
