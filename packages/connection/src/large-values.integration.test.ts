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
  // Their bytes are converted into rooms the encoder reuses once written, and replies that span
  // reads are copied into rooms the decoder gives back once decoded (protocol's rooms.ts):
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

  // Every plain socket of the process reads into one shared buffer (socket.ts): replies of
  // several connections arriving between each other's reads must not take each other's bytes.
  it('arrive intact on several connections at once, each read into the one shared buffer', async () => {
    const connections = Array.from({ length: 4 }, () => new Connection({ host, port }));
    try {
      await Promise.all(connections.map((connection) => connection.connect()));
      const key = (c: number, i: number) => `large-values:${process.pid}:shared:${c}:${i}`;
      await Promise.all(
        connections.flatMap((connection, c) =>
          [0, 1, 2].map((i) => connection.send(['SET', key(c, i), value(c * 3 + i, 9)])),
        ),
      );
      for (let round = 0; round < 3; round++) {
        const replies = await Promise.all(
          connections.map((connection, c) =>
            Promise.all([0, 1, 2].map((i) => connection.send(['GET', key(c, i)]))),
          ),
        );
        for (const [c, values] of replies.entries()) {
          for (const [i, reply] of values.entries()) {
            expect(reply === value(c * 3 + i, 9), `connection ${c}, key ${i}`).toBe(true);
          }
        }
      }
      await connections[0]?.send([
        'DEL',
        ...connections.flatMap((_, c) => [0, 1, 2].map((i) => key(c, i))),
      ]);
    } finally {
      await Promise.all(connections.map((connection) => connection.close()));
    }
  });
});
