import { getTestServers } from '@redwire/test-harness';
import { describe, expect, it } from 'vitest';
import { Connection } from './connection.js';

const { standalone } = getTestServers();
const { host, port } = standalone.address;

/** A 300,000-character ASCII value, different for each `index` all along its length. */
function value(index: number, round: number): string {
  return `${index}:${round}:`.padEnd(12, '.').repeat(25_000);
}

describe('large string values, many in flight', () => {
  // Their bytes are converted into rooms the encoder reuses once written (protocol's
  // write-rooms.ts), and replies are joined in a room every decoder shares (join-room.ts):
  // a room handed out again too early would show here as one value's bytes in another's.
  it('round-trip intact through rooms reused from one command to the next', async () => {
    await using connection = new Connection({ host, port });
    await connection.connect();
    const keys = Array.from({ length: 8 }, (_, index) => `large-values:${process.pid}:${index}`);
    for (let round = 0; round < 4; round++) {
      const sets = keys.map((key, index) => connection.send(['SET', key, value(index, round)]));
      const gets = keys.map((key) => connection.send(['GET', key]));
      expect(await Promise.all(sets)).toEqual(keys.map(() => 'OK'));
      const got = await Promise.all(gets);
      got.forEach((reply, index) => {
        expect(reply === value(index, round), `key ${index}, round ${round}`).toBe(true);
      });
    }
    await connection.send(['DEL', ...keys]);
  });
});
