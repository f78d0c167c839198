import { describe, expect, it } from 'vitest';
import { parseClusterNodes } from './cluster-nodes.js';
import { formatClusterState } from './format-cluster-state.js';

describe('formatClusterState', () => {
  it('lists each primary followed by its replicas, in aligned columns', () => {
    const nodes = parseClusterNodes(
      [
        'r1 127.0.0.1:4@2 slave p1 0 0 1 connected',
        'p1 127.0.0.1:1@2 myself,master - 0 0 1 connected 0-8191',
        'p2 127.0.0.1:2@2 master - 0 0 2 connected 8192-16383',
        'r2 127.0.0.1:5@2 slave p2 0 0 2 connected',
      ].join('\n'),
    );
    const rows = nodes.map((info) => ({
      info,
      pid: info.id === 'r2' ? null : 100,
      dir: `/tmp/${info.id}`,
    }));
    expect(formatClusterState(rows)).toBe(
      [
        'ROLE     ADDRESS      NODE ID  SLOTS / PRIMARY  PID  DIR',
        'primary  127.0.0.1:1  p1       0-8191           100  /tmp/p1',
        'replica  127.0.0.1:4  r1       of 127.0.0.1:1   100  /tmp/r1',
        'primary  127.0.0.1:2  p2       8192-16383       100  /tmp/p2',
        'replica  127.0.0.1:5  r2       of 127.0.0.1:2   -    /tmp/r2',
      ].join('\n'),
    );
  });
});
