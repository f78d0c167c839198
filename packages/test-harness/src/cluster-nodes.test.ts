import { describe, expect, it } from 'vitest';
import { formatSlotRanges, ownsSlot, parseClusterNodes } from './cluster-nodes.js';

const REPLY = [
  'c04c9fb1253e67c730a0fb76108c47626f65dc27 127.0.0.1:12006@22006 slave a1eb8b220369a0f5a94209e59ba6cfae47af2213 0 1795459966072 3 connected',
  'a1eb8b220369a0f5a94209e59ba6cfae47af2213 127.0.0.1:12003@22003 master - 0 1795459966475 3 connected 10923-16383',
  'aa33219cd765f43dd61ff5d81174daef169654e1 127.0.0.1:12001@22001,node-1.local myself,master - 0 1795459965000 1 connected 0-5460 7000 [5461->-990e183027c5e3301756f5c6686300c5b979d7d2] [12000-<-a1eb8b220369a0f5a94209e59ba6cfae47af2213]',
  '990e183027c5e3301756f5c6686300c5b979d7d2 127.0.0.1:12002@22002 master,fail? - 1795459966000 1795459965000 2 disconnected 5461-6999 7001-10922',
  '5a1d4f0e2e3b2f0d2c0b7e9f0a1b2c3d4e5f6a7b :0@0 master,noaddr - 0 0 0 disconnected',
  '',
].join('\n');

describe('parseClusterNodes', () => {
  const nodes = parseClusterNodes(REPLY);

  it('reads one node per non-empty line with id, address, bus port and role', () => {
    expect(nodes).toHaveLength(5);
    expect(nodes[0]).toMatchObject({
      id: 'c04c9fb1253e67c730a0fb76108c47626f65dc27',
      host: '127.0.0.1',
      port: 12006,
      busPort: 22006,
      role: 'replica',
      primaryId: 'a1eb8b220369a0f5a94209e59ba6cfae47af2213',
      myself: false,
      configEpoch: 3,
      linkState: 'connected',
      slots: [],
    });
  });

  it('reads slot ranges, single slots, hostnames and the myself flag', () => {
    expect(nodes[2]).toMatchObject({
      hostname: 'node-1.local',
      myself: true,
      role: 'primary',
      primaryId: null,
      slots: [
        { start: 0, end: 5460 },
        { start: 7000, end: 7000 },
      ],
    });
  });

  it('reads migrating and importing slots of the answering node', () => {
    expect(nodes[2]?.migrating).toEqual([
      { slot: 5461, nodeId: '990e183027c5e3301756f5c6686300c5b979d7d2' },
    ]);
    expect(nodes[2]?.importing).toEqual([
      { slot: 12000, nodeId: 'a1eb8b220369a0f5a94209e59ba6cfae47af2213' },
    ]);
  });

  it('keeps failure flags and the link state', () => {
    expect(nodes[3]).toMatchObject({ flags: ['master', 'fail?'], linkState: 'disconnected' });
  });

  it('accepts a node without an address yet', () => {
    expect(nodes[4]).toMatchObject({ host: '', port: 0, flags: ['master', 'noaddr'] });
  });

  it('rejects a line without the fixed fields', () => {
    expect(() => parseClusterNodes('abc 127.0.0.1:1@2')).toThrow(TypeError);
  });
});

describe('ownsSlot and formatSlotRanges', () => {
  const [, , myself] = parseClusterNodes(REPLY);

  it('tells whether a node owns a slot, range ends included', () => {
    expect(ownsSlot(myself!, 0)).toBe(true);
    expect(ownsSlot(myself!, 5460)).toBe(true);
    expect(ownsSlot(myself!, 5461)).toBe(false);
    expect(ownsSlot(myself!, 7000)).toBe(true);
  });

  it('writes ranges as CLUSTER NODES does', () => {
    expect(formatSlotRanges(myself!.slots)).toBe('0-5460 7000');
  });
});
