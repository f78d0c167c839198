/**
 * The cluster's types pinned by the type checker (`pnpm --filter @redwire/cluster typecheck`
 * checks this file; nothing in it runs).
 */
import type { Buffer } from 'node:buffer';
import type { HashEntry, SortedSetEntry } from '@redwire/client';
import { describe, expectTypeOf, it } from 'vitest';
import type { RedisCluster } from './cluster.js';

declare const cluster: RedisCluster;

describe('scan iterators', () => {
  it("yield the view's form: strings, or Buffers on a withBuffers() view", () => {
    expectTypeOf(cluster.scanIterator()).toEqualTypeOf<AsyncGenerator<string, void, undefined>>();
    expectTypeOf(cluster.hscanIterator('h')).toEqualTypeOf<
      AsyncGenerator<HashEntry<string>, void, undefined>
    >();
    const raw = cluster.withBuffers();
    expectTypeOf(raw.scanIterator()).toEqualTypeOf<AsyncGenerator<Buffer, void, undefined>>();
    expectTypeOf(raw.sscanIterator('s')).toEqualTypeOf<AsyncGenerator<Buffer, void, undefined>>();
    expectTypeOf(raw.zscanIterator('z')).toEqualTypeOf<
      AsyncGenerator<SortedSetEntry<Buffer>, void, undefined>
    >();
  });
});
