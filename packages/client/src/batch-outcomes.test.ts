import { ReplyError } from '@redwire/protocol';
import { describe, expect, it } from 'vitest';
import { BatchOutcomes } from './batch-outcomes.js';
import type { BuiltCommand } from './command.js';

const plain: BuiltCommand<unknown> = { args: ['GET', 'k'], spec: undefined };
const upper: BuiltCommand<unknown> = {
  args: ['GET', 'k'],
  spec: undefined,
  transform: (reply) => String(reply).toUpperCase(),
};
const throwing: BuiltCommand<unknown> = {
  args: ['GET', 'k'],
  spec: undefined,
  transform: () => {
    throw new TypeError('not a number');
  },
};

describe('BatchOutcomes', () => {
  it('keeps values in position order, through each command’s transform, with no errors', () => {
    const outcomes = new BatchOutcomes(2);
    outcomes.reply(upper, 1, 'b');
    outcomes.reply(plain, 0, 'a');
    expect(outcomes.values).toEqual(['a', 'B']);
    expect(outcomes.errors).toBeUndefined();
    expect(outcomes.settled()).toEqual([
      { status: 'fulfilled', value: 'a' },
      { status: 'fulfilled', value: 'B' },
    ]);
  });

  it('records a failed command by position and keeps the others’ values', () => {
    const outcomes = new BatchOutcomes(3);
    const refused = new ReplyError('WRONGTYPE Operation against a key holding the wrong kind');
    outcomes.reply(plain, 0, 'a');
    outcomes.fail(1, refused);
    outcomes.reply(plain, 2, 'c');
    expect(outcomes.settled()).toEqual([
      { status: 'fulfilled', value: 'a' },
      { status: 'rejected', reason: refused },
      { status: 'fulfilled', value: 'c' },
    ]);
  });

  it('fails a command whose transform throws', () => {
    const outcomes = new BatchOutcomes(1);
    outcomes.reply(throwing, 0, 'x');
    const [only] = outcomes.settled();
    expect(only?.status).toBe('rejected');
    expect(only?.status === 'rejected' && only.reason).toBeInstanceOf(TypeError);
  });

  it('settle says when the last command of the batch has been heard from', () => {
    const outcomes = new BatchOutcomes(2);
    expect(outcomes.settle(plain, 1, new Error('lost'))).toBe(false);
    expect(outcomes.settle(plain, 0, 'a')).toBe(true);
    expect(outcomes.values[0]).toBe('a');
    expect(outcomes.errors?.[1]?.message).toBe('lost');
  });
});
