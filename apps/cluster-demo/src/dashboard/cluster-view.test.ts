import { describe, expect, it } from 'vitest';
import { parseClusterNodes } from '../kill-primary.js';
import { nodeViews } from './cluster-view.js';

// CLUSTER NODES of a six-node cluster whose primary on 7001 was killed and whose replica on
// 7004 took over; as the node on 7002 prints it.
const NODES = [
  'a1 127.0.0.1:7001@17001 master,fail - 1 1 1 disconnected',
  'b2 127.0.0.1:7002@17002 myself,master - 0 0 2 connected 5461-10922',
  'c3 127.0.0.1:7003@17003 master - 0 1 3 connected 10923-16383',
  'd4 127.0.0.1:7004@17004 master - 0 1 7 connected 0-5460',
  'e5 127.0.0.1:7005@17005 slave b2 0 1 2 connected',
  'f6 127.0.0.1:7006@17006 slave c3 0 1 3 connected',
  '',
].join('\n');

describe('nodeViews', () => {
  it('gives each node its role, slots, primary and whether it is failing, by address', () => {
    expect(nodeViews(parseClusterNodes(NODES))).toEqual([
      { address: '127.0.0.1:7001', role: 'primary', slots: '', replicaOf: null, failing: true },
      {
        address: '127.0.0.1:7002',
        role: 'primary',
        slots: '5461-10922',
        replicaOf: null,
        failing: false,
      },
      {
        address: '127.0.0.1:7003',
        role: 'primary',
        slots: '10923-16383',
        replicaOf: null,
        failing: false,
      },
      {
        address: '127.0.0.1:7004',
        role: 'primary',
        slots: '0-5460',
        replicaOf: null,
        failing: false,
      },
      {
        address: '127.0.0.1:7005',
        role: 'replica',
        slots: '',
        replicaOf: '127.0.0.1:7002',
        failing: false,
      },
      {
        address: '127.0.0.1:7006',
        role: 'replica',
        slots: '',
        replicaOf: '127.0.0.1:7003',
        failing: false,
      },
    ]);
  });

  it('sorts ports as numbers', () => {
    const text = [
      'x 127.0.0.1:10000@20000 myself,master - 0 0 1 connected 0-16383',
      'y 127.0.0.1:9000@19000 slave x 0 0 1 connected',
    ].join('\n');
    expect(nodeViews(parseClusterNodes(text)).map((node) => node.address)).toEqual([
      '127.0.0.1:9000',
      '127.0.0.1:10000',
    ]);
  });
});
