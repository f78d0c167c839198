import { describe, expect, it } from 'vitest';
import { captureBaseline, planRestore } from './cluster-baseline.js';
import { parseClusterNodes } from './cluster-nodes.js';

const BASELINE_NODES = parseClusterNodes(
  [
    'a 127.0.0.1:1@2 myself,master - 0 0 1 connected 0-5460',
    'b 127.0.0.1:2@2 master - 0 0 2 connected 5461-10922',
    'c 127.0.0.1:3@2 master - 0 0 3 connected 10923-16383',
    'd 127.0.0.1:4@2 slave a 0 0 1 connected',
    'e 127.0.0.1:5@2 slave b 0 0 2 connected',
    'f 127.0.0.1:6@2 slave c 0 0 3 connected',
  ].join('\n'),
);
const baseline = captureBaseline(BASELINE_NODES);

describe('captureBaseline', () => {
  it('records each primary with its slots and replicas', () => {
    expect(baseline.shards).toEqual([
      { primaryId: 'a', slots: [{ start: 0, end: 5460 }], replicaIds: ['d'] },
      { primaryId: 'b', slots: [{ start: 5461, end: 10922 }], replicaIds: ['e'] },
      { primaryId: 'c', slots: [{ start: 10923, end: 16383 }], replicaIds: ['f'] },
    ]);
  });
});

describe('planRestore', () => {
  it('plans nothing for the baseline itself', () => {
    expect(planRestore(baseline, BASELINE_NODES)).toEqual([]);
  });

  it('fails back to a primary that became a replica', () => {
    const current = parseClusterNodes(
      [
        'a 127.0.0.1:1@2 slave d 0 0 1 connected',
        'b 127.0.0.1:2@2 master - 0 0 2 connected 5461-10922',
        'c 127.0.0.1:3@2 master - 0 0 3 connected 10923-16383',
        'd 127.0.0.1:4@2 master - 0 0 7 connected 0-5460',
        'e 127.0.0.1:5@2 slave b 0 0 2 connected',
        'f 127.0.0.1:6@2 slave c 0 0 3 connected',
      ].join('\n'),
    );
    // Once a is primary again, d follows it: no replicate step is planned after the failover.
    expect(planRestore(baseline, current)[0]).toEqual({ kind: 'failover', replicaId: 'a' });
  });

  it('moves migrated slots back, then re-points replicas', () => {
    const current = parseClusterNodes(
      [
        'a 127.0.0.1:1@2 master - 0 0 1 connected 0-1233 1235-5460',
        'b 127.0.0.1:2@2 master - 0 0 8 connected 1234 5461-10922',
        'c 127.0.0.1:3@2 master - 0 0 3 connected 10923-16383',
        'd 127.0.0.1:4@2 slave a 0 0 1 connected',
        'e 127.0.0.1:5@2 slave c 0 0 2 connected',
        'f 127.0.0.1:6@2 slave b 0 0 3 connected',
      ].join('\n'),
    );
    expect(planRestore(baseline, current)).toEqual([
      { kind: 'migrate', slot: 1234, targetId: 'a' },
      { kind: 'replicate', replicaId: 'e', primaryId: 'b' },
      { kind: 'replicate', replicaId: 'f', primaryId: 'c' },
    ]);
  });
});
