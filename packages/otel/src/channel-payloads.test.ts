import { CACHE_CHANNELS } from '@redwire/cache';
import { CLUSTER_CHANNELS } from '@redwire/cluster';
import { describe, expect, it } from 'vitest';
import { CACHE_CHANNEL_NAME, CLUSTER_CHANNEL_NAMES } from './channel-payloads.js';

describe('channel names declared without importing their packages', () => {
  it("are the cluster's and the cache's own", () => {
    expect(CLUSTER_CHANNEL_NAMES).toEqual(CLUSTER_CHANNELS);
    expect(CACHE_CHANNEL_NAME).toBe(CACHE_CHANNELS.cache);
  });
});
