import { describe, expect, it } from 'vitest';
import {
  type ConsistencyExpectation,
  checkClusterConsistency,
  type NodeSnapshot,
} from './cluster-consistency.js';
import { parseClusterNodes } from './cluster-nodes.js';

// Three primaries (a, b, c) with one replica each (d, e, f), as CLUSTER NODES lines.
const LINES: Record<string, string> = {
  a: 'a 127.0.0.1:1@2 master - 0 0 1 connected 0-5460',
  b: 'b 127.0.0.1:2@2 master - 0 0 2 connected 5461-10922',
  c: 'c 127.0.0.1:3@2 master - 0 0 3 connected 10923-16383',
  d: 'd 127.0.0.1:4@2 slave a 0 0 1 connected',
  e: 'e 127.0.0.1:5@2 slave b 0 0 2 connected',
  f: 'f 127.0.0.1:6@2 slave c 0 0 3 connected',
};

const HEALTHY: ConsistencyExpectation = { nodeCount: 6, down: new Set(), replicasPerPrimary: 1 };

/** The snapshot node `self` would give, with `edit` applied to the lines it reports. */
function view(
  self: string,
  edit: (lines: Record<string, string>) => void = () => {},
): NodeSnapshot {
  const lines = { ...LINES };
  edit(lines);
  const text = Object.entries(lines)
    .map(([id, line]) => (id === self ? line.replace(/ (master|slave)/, ' myself,$1') : line))
    .join('\n');
  return {
    address: `node-${self}`,
    expectedId: self,
    clusterInfo: { cluster_state: 'ok' },
    nodes: parseClusterNodes(text),
    replication: { master_link_status: 'up' },
  };
}

const all = (edit?: (lines: Record<string, string>) => void): NodeSnapshot[] =>
  Object.keys(LINES).map((id) => view(id, edit));

describe('checkClusterConsistency', () => {
  it('accepts six nodes agreeing on full coverage and one replica per primary', () => {
    expect(checkClusterConsistency(all(), HEALTHY)).toBeNull();
  });

  it('rejects a node that does not report cluster_state:ok', () => {
    const snapshots = all();
    snapshots[1] = { ...snapshots[1]!, clusterInfo: { cluster_state: 'fail' } };
    expect(checkClusterConsistency(snapshots, HEALTHY)).toBe('node-b reports cluster_state:fail');
  });

  it('rejects two nodes that disagree on a slot owner', () => {
    const snapshots = all();
    snapshots[5] = view('f', (lines) => {
      lines.a = 'a 127.0.0.1:1@2 master - 0 0 1 connected 0-5459';
      lines.b = 'b 127.0.0.1:2@2 master - 0 0 2 connected 5460-10922';
    });
    expect(checkClusterConsistency(snapshots, HEALTHY)).toMatch(
      /node-a and node-f disagree on the owner of slot 5460/,
    );
  });

  it('rejects an uncovered slot', () => {
    const snapshots = all((lines) => {
      lines.c = 'c 127.0.0.1:3@2 master - 0 0 3 connected 10923-16382';
    });
    expect(checkClusterConsistency(snapshots, HEALTHY)).toBe(
      "slot 16383 has no owner in node-a's view",
    );
  });

  it('rejects a failure flag on a node that is up, and an open slot', () => {
    const flagged = all((lines) => {
      lines.e = 'e 127.0.0.1:5@2 slave,fail? b 0 0 2 connected';
    });
    expect(checkClusterConsistency(flagged, HEALTHY)).toMatch(/flags 127.0.0.1:5 \(e\) as fail\?/);
    const open = all((lines) => {
      lines.a = `${lines.a} [5->-b]`;
    });
    expect(checkClusterConsistency(open, HEALTHY)).toBe(
      'node-a still has slot 5 open (migrating or importing)',
    );
  });

  it('rejects nodes that disagree on a role', () => {
    const snapshots = all();
    snapshots[2] = view('c', (lines) => {
      lines.d = 'd 127.0.0.1:4@2 slave b 0 0 1 connected';
    });
    expect(checkClusterConsistency(snapshots, HEALTHY)).toBe(
      'node-a sees d as replica of a, node-c as replica of b',
    );
  });

  it('rejects a replica whose replication link is down, and a node with an unexpected id', () => {
    const snapshots = all();
    snapshots[3] = { ...snapshots[3]!, replication: { master_link_status: 'down' } };
    expect(checkClusterConsistency(snapshots, HEALTHY)).toBe(
      'node-d is a replica whose link to its primary is down',
    );
    const renamed = all();
    renamed[0] = { ...renamed[0]!, expectedId: 'z' };
    expect(checkClusterConsistency(renamed, HEALTHY)).toMatch(/node-a has node id a, expected z/);
  });

  it('rejects a primary with the wrong number of replicas while nothing is down', () => {
    const snapshots = all((lines) => {
      lines.e = 'e 127.0.0.1:5@2 slave a 0 0 2 connected';
    });
    expect(checkClusterConsistency(snapshots, HEALTHY)).toBe(
      'primary 127.0.0.1:1 has 2 replicas, expected 1',
    );
  });

  describe('with a node down on purpose', () => {
    const down: ConsistencyExpectation = { ...HEALTHY, down: new Set(['a']) };
    const others = (edit: (lines: Record<string, string>) => void): NodeSnapshot[] =>
      ['b', 'c', 'd', 'e', 'f'].map((id) => view(id, edit));

    it('waits while the down primary still owns slots', () => {
      const snapshots = others((lines) => {
        lines.a = 'a 127.0.0.1:1@2 master,fail - 0 0 1 disconnected 0-5460';
      });
      expect(checkClusterConsistency(snapshots, down)).toBe('slot 0 is still owned by down node a');
    });

    it('waits until every node marks it fail, not just fail?', () => {
      const snapshots = others((lines) => {
        lines.a = 'a 127.0.0.1:1@2 master,fail? - 0 0 1 disconnected';
        lines.d = 'd 127.0.0.1:4@2 master - 0 0 4 connected 0-5460';
      });
      expect(checkClusterConsistency(snapshots, down)).toBe(
        'node-b has not marked down node a as fail yet',
      );
    });

    it('accepts the state after its replica took over', () => {
      const snapshots = others((lines) => {
        lines.a = 'a 127.0.0.1:1@2 master,fail - 0 0 1 disconnected';
        lines.d = 'd 127.0.0.1:4@2 master - 0 0 4 connected 0-5460';
      });
      expect(checkClusterConsistency(snapshots, down)).toBeNull();
    });
  });
});
