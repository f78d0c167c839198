/** Checks a batch of replies (a pipeline's, an MGET's values) against what was written. */

import { ContenderFailure } from './contract.js';

/** How the failure messages name the batch and its items: 'pipeline', 'reply', 'replies'. */
export interface BatchNames {
  readonly batch: string;
  readonly item: string;
  readonly items: string;
}

/** Every reply in order, compared with `===`; the first difference fails the contender. */
export function expectReplies(
  name: string,
  names: BatchNames,
  replies: readonly unknown[],
  expected: readonly unknown[],
): void {
  if (replies.length !== expected.length) {
    throw new ContenderFailure(`${name}: ${names.batch} answered ${replies.length} ${names.items}`);
  }
  for (let index = 0; index < expected.length; index++) {
    if (replies[index] !== expected[index]) {
      throw new ContenderFailure(
        `${name}: ${names.batch} ${names.item} ${index} was ${String(replies[index])}, ` +
          `expected ${String(expected[index])}`,
      );
    }
  }
}
