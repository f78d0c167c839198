import { describe, expect, it, vi } from 'vitest';
import type { ClusterCore } from './cluster-core.js';
import { ClusterDownError } from './errors.js';
import { learnMoved, runAtSlot } from './slot-attempts.js';
import type { SlotMap } from './topology/slot-map.js';

/** The parts of a cluster core that `learnMoved` touches, as spies. */
function fakeCore() {
  const core = {
    stats: { moved: 0, ask: 0, retries: 0 },
    nodes: { drop: vi.fn(async () => {}) },
    topology: { map: { patch: vi.fn() }, requestRefresh: vi.fn() },
  };
  return { core, asCore: core as unknown as ClusterCore };
}

describe('learnMoved', () => {
  it('patches the slot to the new owner at once and asks for a refresh', async () => {
    const { core, asCore } = fakeCore();
    await learnMoved(asCore, 866, { host: '10.0.0.2', port: 7002 }, '10.0.0.1:7001');
    expect(core.topology.map.patch).toHaveBeenCalledWith(866, { host: '10.0.0.2', port: 7002 });
    expect(core.nodes.drop).not.toHaveBeenCalled();
    expect(core.topology.requestRefresh).toHaveBeenCalledOnce();
    expect(core.stats.moved).toBe(1);
  });

  it('drops the connection instead when the MOVED names the node that sent it: our address is stale', async () => {
    const { core, asCore } = fakeCore();
    await learnMoved(asCore, 866, { host: '10.0.0.1', port: 7001 }, '10.0.0.1:7001');
    expect(core.nodes.drop).toHaveBeenCalledWith('10.0.0.1:7001');
    expect(core.topology.map.patch).not.toHaveBeenCalled();
    expect(core.topology.requestRefresh).toHaveBeenCalledOnce();
    expect(core.stats.moved).toBe(1);
  });
});

describe('runAtSlot', () => {
  it('fails with ClusterDownError, sending nothing, when the map has no primary at all', async () => {
    const map = { primaryFor: () => undefined, primaries: () => [] } as unknown as SlotMap;
    const send = vi.fn();
    const core = {
      options: { readFrom: 'primary', commandTimeout: 1_000 },
      topology: { map, ready: async () => map },
      nodes: { channel: send, client: send },
    } as unknown as ClusterCore;
    const failure = runAtSlot(core, ['GET', 'k'], 866, true, { returnBuffers: false });
    await expect(failure).rejects.toBeInstanceOf(ClusterDownError);
    await expect(failure).rejects.toMatchObject({
      code: 'REDWIRE_CLUSTER_DOWN',
      message: expect.stringContaining('slot 866'),
    });
    expect(send).not.toHaveBeenCalled();
  });
});
