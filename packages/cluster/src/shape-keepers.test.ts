import { staysOptimizedThroughGc } from '@redwire/test-harness/v8-shapes';
import { describe, expect, it } from 'vitest';
import { ClusterPipeline } from './cluster-pipeline.js';
import { SlotBatch } from './execute.js';

function lengthOf(batch: SlotBatch): number {
  return batch.length;
}

function commandsIn(pipeline: ClusterPipeline): number {
  return pipeline.length;
}

/** A pipeline that is never run: only its fields matter here. */
function idlePipeline(): ClusterPipeline {
  return new ClusterPipeline(
    undefined as never,
    { returnBuffers: false },
    { sendRaw: () => Promise.reject(new Error('not sent')) },
  );
}

describe('the cluster shape keepers', () => {
  it('keeps code optimized for slot batches through a full GC with none alive', () => {
    expect(staysOptimizedThroughGc(() => new SlotBatch(4), lengthOf)).toBe(true);
  });

  it('keeps code optimized for cluster pipelines through a full GC with none alive', () => {
    expect(staysOptimizedThroughGc(idlePipeline, commandsIn)).toBe(true);
  });
});
