import { describe, expect, it } from 'vitest';
import { FaultLog } from './fault-log.js';
import { WriteLedger } from './write-ledger.js';

const SLOT = 7;
const ledger = (): WriteLedger => new WriteLedger(() => SLOT);

function writeValues(l: WriteLedger, key: string, ackedAt: readonly number[]): void {
  l.register(key, 'value');
  for (const at of ackedAt) l.ack(key, l.attempt(key), at);
}

describe('WriteLedger', () => {
  it('accepts the last acknowledged version, or a later one whose write failed', () => {
    const l = ledger();
    writeValues(l, 'a', [1, 2]);
    writeValues(l, 'b', [1]);
    l.attempt('b'); // failed: it may or may not have run
    const report = l.verify(
      new Map([
        ['a', '2'],
        ['b', '2'],
      ]),
      new FaultLog(),
    );
    expect(report).toEqual({
      keys: 2,
      acknowledged: 3,
      lost: { replication: 0, 'stale-primary': 0 },
      violations: [],
    });
  });

  it('reports an acknowledged version missing with no fault to excuse it, and a value never sent', () => {
    const l = ledger();
    writeValues(l, 'a', [1, 2]);
    writeValues(l, 'b', [1]);
    const report = l.verify(
      new Map([
        ['a', '1'],
        ['b', '5'],
      ]),
      new FaultLog(),
    );
    expect(report.violations).toHaveLength(2);
    expect(report.violations[0]).toMatch(/^a: version 2 acknowledged .* is lost/);
    expect(report.violations[1]).toMatch(/^b: holds 5, never written/);
  });

  it('counts writes lost with a killed primary apart when acknowledged just before the kill', () => {
    const faults = new FaultLog();
    const kill = faults.start('kill', 'node', new Set([SLOT]));
    const l = ledger();
    writeValues(l, 'a', [kill.startedAt - 10_000, kill.startedAt - 200]);
    l.register('n', 'counter');
    for (const at of [kill.startedAt - 10_000, kill.startedAt - 100, kill.startedAt - 50]) {
      l.ack('n', l.attempt('n'), at);
    }
    l.noteFault(kill);
    const report = l.verify(
      new Map([
        ['a', '1'],
        ['n', '1'],
      ]),
      faults,
    );
    expect(report.violations).toEqual([]);
    expect(report.lost).toEqual({ replication: 3, 'stale-primary': 0 });
  });

  it('does not excuse a lost increment acknowledged long before the kill', () => {
    const faults = new FaultLog();
    const kill = faults.start('kill', 'node', new Set([SLOT]));
    const l = ledger();
    l.register('n', 'counter');
    l.ack('n', l.attempt('n'), kill.startedAt - 60_000);
    l.ack('n', l.attempt('n'), kill.startedAt - 100);
    l.noteFault(kill);
    const report = l.verify(new Map([['n', '0']]), faults);
    expect(report.violations).toEqual([
      expect.stringMatching(/^n: 2 INCRs acknowledged, counter at 0; only 1 were near/),
    ]);
  });

  it('counts increments a restarted former primary took apart, and only those in its window', () => {
    const faults = new FaultLog();
    const kill = faults.start('kill', 'node', new Set([SLOT]));
    kill.restart = { from: kill.startedAt + 4000, until: kill.startedAt + 4500 };
    const l = ledger();
    l.register('n', 'counter');
    for (const at of [kill.startedAt - 30_000, kill.startedAt + 4200, kill.startedAt + 4300]) {
      l.ack('n', l.attempt('n'), at);
    }
    l.noteFault(kill);
    expect(l.verify(new Map([['n', '1']]), faults)).toMatchObject({
      lost: { replication: 0, 'stale-primary': 2 },
      violations: [],
    });
    expect(l.verify(new Map([['n', '0']]), faults).violations).toHaveLength(1);
  });

  it('reports the two keys of one MULTI ending apart as a torn transaction', () => {
    const l = ledger();
    writeValues(l, 'x', [1]);
    writeValues(l, 'y', []);
    l.attempt('y'); // sent in the same MULTI, its reply lost: still, it cannot be missing alone
    l.pair('x', 'y');
    const report = l.verify(
      new Map([
        ['x', '1'],
        ['y', null],
      ]),
      new FaultLog(),
    );
    expect(report.violations).toEqual([expect.stringMatching(/torn MULTI/)]);
  });

  it('keeps a bounded number of acknowledgements per key, yet counts every one', () => {
    const l = ledger();
    writeValues(
      l,
      'a',
      Array.from({ length: 1000 }, (_, i) => i),
    );
    const report = l.verify(new Map([['a', '1000']]), new FaultLog());
    expect(report.acknowledged).toBe(1000);
    expect(report.violations).toEqual([]);
  });

  it('refuses a second writer for one key', () => {
    const l = ledger();
    l.register('a', 'value');
    expect(() => l.register('a', 'counter')).toThrow(/has a writer already/);
  });
});
