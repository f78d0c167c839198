import { describe, expect, it } from 'vitest';
import { ReadEpochs } from './read-epochs.js';

describe('ReadEpochs', () => {
  it('lets a reply be stored when nothing happened to its keys meanwhile', () => {
    const epochs = new ReadEpochs();
    const ticket = epochs.begin(['a']);
    expect(epochs.end(ticket, ['a'])).toBe(true);
    expect(epochs.tracked).toBe(0);
  });

  it('refuses a reply whose key was invalidated while it was in flight', () => {
    const epochs = new ReadEpochs();
    const ticket = epochs.begin(['a']);
    epochs.invalidate('a');
    expect(epochs.end(ticket, ['a'])).toBe(false);
  });

  it('refuses a multi-key reply when any of its keys was invalidated', () => {
    const epochs = new ReadEpochs();
    const ticket = epochs.begin(['a', 'b']);
    epochs.invalidate('b');
    expect(epochs.end(ticket, ['a', 'b'])).toBe(false);
    expect(epochs.tracked).toBe(0);
  });

  it('ignores invalidations of other keys', () => {
    const epochs = new ReadEpochs();
    const ticket = epochs.begin(['a']);
    epochs.invalidate('b');
    expect(epochs.end(ticket, ['a'])).toBe(true);
  });

  it('refuses every reply in flight across a flush, and none begun after it', () => {
    const epochs = new ReadEpochs();
    const before = epochs.begin(['a']);
    epochs.flush();
    const after = epochs.begin(['a']);
    expect(epochs.end(before, ['a'])).toBe(false);
    expect(epochs.end(after, ['a'])).toBe(true);
  });

  it('tells apart two reads of one key, one sent before the invalidation and one after', () => {
    const epochs = new ReadEpochs();
    const early = epochs.begin(['a']);
    epochs.invalidate('a');
    const late = epochs.begin(['a']);
    expect(epochs.end(late, ['a'])).toBe(true);
    expect(epochs.end(early, ['a'])).toBe(false);
    expect(epochs.tracked).toBe(0);
  });

  it('forgets a key once its last read ended, so an old invalidation does not linger', () => {
    const epochs = new ReadEpochs();
    epochs.end(epochs.begin(['a']), ['a']);
    epochs.invalidate('a');
    expect(epochs.tracked).toBe(0);
    expect(epochs.end(epochs.begin(['a']), ['a'])).toBe(true);
  });

  it('counts a key named twice in one read as one key with two readers', () => {
    const epochs = new ReadEpochs();
    const ticket = epochs.begin(['a', 'a']);
    expect(epochs.tracked).toBe(1);
    expect(epochs.end(ticket, ['a', 'a'])).toBe(true);
    expect(epochs.tracked).toBe(0);
  });
});
