/**
 * (f) MGET of 100 keys, one in flight: `mget(mget:0 … mget:99)` of preloaded 100-byte values,
 * awaited before the next. One command and one reply, so what the client adds is building the
 * 100-argument command and the 100-element reply.
 */

import { type ServerAddress, sendCommand } from '@redwire/test-harness/servers';
import { ContenderFailure, type PipeliningClient } from '../lib/clients/contract.js';
import { paddedValue } from '../lib/mixed-workload.js';
import { repeatFor } from '../lib/repeat-for.js';
import { bulk, floorStep } from './wire-floor.js';
import type { ClientRun, ClientWorkload } from './workload.js';

export const MGET_KEY_COUNT = 100;

// Keys of their own: (b)'s workers overwrite `key:*` with other values.
export const MGET_KEYS = Array.from({ length: MGET_KEY_COUNT }, (_, index) => `mget:${index}`);
const VALUES = MGET_KEYS.map((key) => paddedValue(key));

export const mget: ClientWorkload = {
  title: `(f) MGET of ${MGET_KEY_COUNT} keys, one in flight`,
  unit: 'ops/s',
  scale: 1,
  run: runMgets,
  floor: {
    workers: [
      [
        floorStep(
          [['MGET', ...MGET_KEYS]],
          `*${MGET_KEYS.length}\r\n${VALUES.map((v) => bulk(v)).join('')}`,
        ),
      ],
    ],
  },
};

/** Writes the keys {@link mget} reads, each with its known value. */
export async function preloadMget(address: ServerAddress): Promise<void> {
  await sendCommand(address, ['MSET', ...MGET_KEYS.flatMap((key, index) => [key, VALUES[index]!])]);
}

async function runMgets(
  name: string,
  client: PipeliningClient,
  budgetMs: number,
): Promise<ClientRun> {
  const { ops, seconds } = await repeatFor(budgetMs, async () => {
    checkMget(name, await client.mget(MGET_KEYS));
  });
  return { ops, seconds, commands: ops };
}

/** Every value, in key order. */
export function checkMget(name: string, values: readonly unknown[]): void {
  if (values.length !== VALUES.length) {
    throw new ContenderFailure(
      `${name}: MGET answered ${values.length} values, not ${VALUES.length}`,
    );
  }
  for (let index = 0; index < VALUES.length; index++) {
    if (values[index] !== VALUES[index]) {
      throw new ContenderFailure(
        `${name}: MGET answered ${String(values[index])} for ${MGET_KEYS[index]}`,
      );
    }
  }
}
