import { describe, expect, it } from 'vitest';
import { testCluster } from './test-helpers/cluster-client.js';

describe('duplicate() of a cluster client', () => {
  it('makes an independent client with the same seeds and options, overrides winning', async () => {
    const redis = testCluster({ name: 'original' });
    await using copy = redis.duplicate();
    await using renamed = redis.duplicate({ name: 'renamed' });
    await redis.set('duplicate:cluster', 'v');

    // Each has its own node connections, named as its options say.
    for (const [client, name] of [
      [copy, 'original'],
      [renamed, 'renamed'],
    ] as const) {
      expect(await client.get('duplicate:cluster')).toBe('v');
      for (const node of await client.nodes('primary')) {
        expect(await node.sendCommand(['CLIENT', 'GETNAME'])).toBe(name);
      }
    }

    // Closing the original leaves the copies working.
    await redis.close();
    expect(await copy.get('duplicate:cluster')).toBe('v');
    await copy.del('duplicate:cluster');
  });

  it('keeps the reply form of the view it was made from', async () => {
    await using redis = testCluster();
    await using copy = redis.withBuffers().duplicate();
    await redis.set('duplicate:cluster:buffers', 'bytes');
    expect(await copy.get('duplicate:cluster:buffers')).toEqual(Buffer.from('bytes'));
    await redis.del('duplicate:cluster:buffers');
  });
});
