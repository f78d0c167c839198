/**
 * The one-off correctness check before timing: each client must read back what it wrote,
 * read a preloaded key, and answer null for a missing one. A client that returned Buffers or
 * mixed up replies would otherwise be timed doing something else.
 */

import { isDeepStrictEqual } from 'node:util';
import { paddedValue } from '../mixed-workload.js';
import { ContenderFailure, type KeyValueClient } from './contract.js';

export async function verifyClient(name: string, client: KeyValueClient): Promise<void> {
  const key = `bench:verify:${name}`;
  const value = paddedValue(`written by ${name} at ${Date.now()}`);
  await expectReply(name, `SET ${key}`, client.set(key, value), 'OK');
  await expectReply(name, `GET ${key}`, client.get(key), value);
  await expectReply(name, 'GET key:0', client.get('key:0'), paddedValue('key:0'));
  await expectReply(name, 'GET of a missing key', client.get(`${key}:missing`), null);
}

async function expectReply(
  name: string,
  what: string,
  reply: Promise<unknown>,
  expected: unknown,
): Promise<void> {
  const actual = await reply;
  if (!isDeepStrictEqual(actual, expected)) {
    throw new ContenderFailure(
      `${name}: ${what} answered ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}`,
    );
  }
}
