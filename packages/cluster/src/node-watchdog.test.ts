import { describe, expect, it } from 'vitest';
import { type ClearedReason, type NodeProgress, NodeWatchdog } from './node-watchdog.js';

/** Nodes whose progress a test sets by hand, a clock it moves, and what the watchdog said. */
function fixture(after: number | false = 1_000) {
  let now = 0;
  const progress = new Map<string, NodeProgress>();
  const said: string[] = [];
  let refreshes = 0;
  let topologyAnswer = Number.NEGATIVE_INFINITY;
  const watchdog = new NodeWatchdog(
    after,
    {
      keys: () => progress.keys(),
      progress: (key) => progress.get(key),
      lastTopologyAnswer: () => topologyAnswer,
      refresh: () => {
        refreshes++;
      },
      suspected: (key, unansweredMs, waiting) =>
        said.push(`suspected ${key} ${unansweredMs} ${waiting}`),
      cleared: (key, reason: ClearedReason, suspectedMs) =>
        said.push(`cleared ${key} ${reason} ${suspectedMs}`),
    },
    () => now,
    250,
  );
  const set = (key: string, replies: number, awaiting: number) =>
    progress.set(key, { replies, awaiting, waiting: awaiting });
  /** Moves the clock by `ms` in ticks of 250 ms, sampling at each. */
  const run = (ms: number, each?: () => void) => {
    for (let t = 0; t < ms; t += 250) {
      now += 250;
      each?.();
      watchdog.tick();
    }
  };
  /** One more reply read by `key`'s connection, as many still awaited. */
  const answer = (key: string) => {
    const known = progress.get(key) as NodeProgress;
    progress.set(key, { ...known, replies: known.replies + 1 });
  };
  /** One tick, `ms` after the last. */
  const jump = (ms: number) => {
    now += ms;
    watchdog.tick();
  };
  return {
    watchdog,
    set,
    answer,
    run,
    jump,
    said,
    refreshes: () => refreshes,
    answerTopology: () => {
      topologyAnswer = now;
    },
    progress,
  };
}

describe('NodeWatchdog', () => {
  it('suspects a node whose replies stop while commands await them and another node answers', () => {
    const f = fixture();
    f.set('a:1', 10, 5);
    f.set('b:2', 10, 5);
    f.watchdog.tick();
    f.run(1_000, () => f.answer('b:2'));
    expect(f.said).toEqual(['suspected a:1 1000 5']);
    expect(f.watchdog.suspects).toEqual(new Set(['a:1']));
    expect(f.watchdog.holds('a:1')).toBe(true);
    expect(f.watchdog.holds('b:2')).toBe(false);
    expect(f.watchdog.avoids('a:1')).toBe(true);
  });

  it('does not suspect a node that is merely idle (nothing awaits a reply)', () => {
    const f = fixture();
    f.set('a:1', 10, 0);
    f.set('b:2', 10, 5);
    f.watchdog.tick();
    f.run(5_000, () => f.answer('b:2'));
    expect(f.said).toEqual([]);
  });

  it('does not suspect a node that keeps answering, however long its queue', () => {
    const f = fixture();
    f.set('a:1', 0, 10_000);
    f.set('b:2', 0, 0);
    f.watchdog.tick();
    f.run(5_000, () => f.answer('a:1'));
    expect(f.said).toEqual([]);
  });

  it('when no other node answered, asks the topology first and suspects once a node has answered that', () => {
    const f = fixture();
    f.set('a:1', 10, 5);
    f.watchdog.tick();
    f.run(1_250);
    expect(f.said).toEqual([]);
    expect(f.refreshes()).toBeGreaterThan(0);
    expect(f.watchdog.avoids('a:1')).toBe(true);
    f.answerTopology();
    f.run(250);
    expect(f.said).toEqual(['suspected a:1 1500 5']);
  });

  it('clears a suspected node as soon as it answers, at the next sample or when a command asks', () => {
    const f = fixture();
    f.set('a:1', 10, 5);
    f.set('b:2', 10, 5);
    f.watchdog.tick();
    f.run(1_000, () => f.answer('b:2'));
    f.run(500, () => f.answer('b:2'));
    f.set('a:1', 11, 4);
    // A command asking reads the counter itself: no wait for the next tick.
    expect(f.watchdog.holds('a:1')).toBe(false);
    expect(f.said).toEqual(['suspected a:1 1000 5', 'cleared a:1 answered 500']);
    f.run(250, () => f.answer('b:2'));
    expect(f.said).toHaveLength(2);
  });

  it('asks for a topology refresh at every sample while a node is suspected, none otherwise', () => {
    const f = fixture();
    f.set('a:1', 10, 5);
    f.set('b:2', 10, 5);
    f.watchdog.tick();
    f.run(750, () => f.answer('b:2'));
    expect(f.refreshes()).toBe(0);
    f.run(250, () => f.answer('b:2'));
    const atSuspicion = f.refreshes();
    f.run(1_000, () => f.answer('b:2'));
    expect(f.refreshes() - atSuspicion).toBe(4);
  });

  it('forgets a node failed over, saying why; a node no longer watched is cleared as removed', () => {
    const f = fixture();
    f.set('a:1', 10, 5);
    f.set('c:3', 10, 5);
    f.set('b:2', 10, 5);
    f.watchdog.tick();
    f.run(1_000, () => f.answer('b:2'));
    f.watchdog.forget('a:1', 'failed-over');
    f.progress.delete('c:3');
    f.run(250, () => f.answer('b:2'));
    expect(f.said).toEqual([
      'suspected a:1 1000 5',
      'suspected c:3 1000 5',
      'cleared a:1 failed-over 0',
      'cleared c:3 removed 250',
    ]);
    expect(f.watchdog.suspects.size).toBe(0);
  });

  it('after a late tick (this process stalled, not the nodes) starts counting again', () => {
    const f = fixture();
    f.set('a:1', 10, 5);
    f.set('b:2', 10, 5);
    f.watchdog.tick();
    // One tick 2 s late: the replies may be sitting unread in the sockets.
    f.jump(2_000);
    expect(f.said).toEqual([]);
    f.run(750, () => f.answer('b:2'));
    expect(f.said).toEqual([]);
    f.run(250, () => f.answer('b:2'));
    expect(f.said).toEqual(['suspected a:1 1000 5']);
  });

  it('with suspectAfter: false never samples nor suspects', () => {
    const f = fixture(false);
    f.set('a:1', 10, 5);
    f.set('b:2', 10, 5);
    f.watchdog.start();
    f.watchdog.tick();
    f.run(10_000, () => f.answer('b:2'));
    expect(f.said).toEqual([]);
    expect(f.watchdog.holds('a:1')).toBe(false);
    f.watchdog.close();
  });

  it('close() stops the timer and forgets every node without publishing', () => {
    const f = fixture();
    f.set('a:1', 10, 5);
    f.set('b:2', 10, 5);
    f.watchdog.start();
    f.watchdog.tick();
    f.run(1_000, () => f.answer('b:2'));
    f.watchdog.close();
    f.run(1_000);
    expect(f.said).toEqual(['suspected a:1 1000 5']);
    expect(f.watchdog.suspects.size).toBe(0);
    expect(f.watchdog.holds('a:1')).toBe(false);
  });
});
