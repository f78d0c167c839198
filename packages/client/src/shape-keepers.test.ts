import { staysOptimizedThroughGc } from '@redwire/test-harness/v8-shapes';
import { describe, expect, it } from 'vitest';
import { BatchOutcomes } from './batch-outcomes.js';
import { Pipeline } from './pipeline.js';

const channel = { sendRaw: () => Promise.reject(new Error('not sent')) };

function leftOf(outcomes: BatchOutcomes): number {
  return outcomes.values.length;
}

function lengthOf(pipeline: Pipeline): number {
  return pipeline.length;
}

describe('the batch shape keepers keep code optimized through a full GC with no batch alive', () => {
  it('for batch outcomes', () => {
    expect(staysOptimizedThroughGc(() => new BatchOutcomes(3), leftOf)).toBe(true);
  });

  it('for pipelines', () => {
    expect(staysOptimizedThroughGc(() => new Pipeline(channel), lengthOf)).toBe(true);
  });
});
