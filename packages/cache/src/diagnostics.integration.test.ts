import diagnostics from 'node:diagnostics_channel';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CACHE_CHANNELS, type CacheDiagnostic } from './diagnostics.js';
import { cachesOn, freshNamespace, TARGETS } from './test-helpers/targets.js';

const heard: CacheDiagnostic[] = [];
const listen = (message: unknown) => heard.push(message as CacheDiagnostic);
beforeAll(() => diagnostics.subscribe(CACHE_CHANNELS.cache, listen));
afterAll(() => diagnostics.unsubscribe(CACHE_CHANNELS.cache, listen));

describe.each(TARGETS)('redwire:cache on $name', (target) => {
  const open = cachesOn(target);

  it('publishes a miss, a load and a hit of a getOrSet pair, with the namespace, as the stats count them', async () => {
    const namespace = freshNamespace('diagnostics');
    const { cache } = open({ namespace });
    await cache.getOrSet('k', async () => 'v');
    await cache.getOrSet('k', async () => 'v');
    await cache
      .getOrSet('boom', async () => {
        throw new Error('origin down');
      })
      .catch(() => undefined);
    const mine = heard.filter((m) => m.namespace === namespace).map((m) => m.event);
    expect(mine).toEqual(['miss', 'load', 'hit', 'miss', 'load', 'load-error']);
    expect(cache.stats).toMatchObject({ misses: 2, loads: 2, hits: 1, loadErrors: 1 });
  });
});
