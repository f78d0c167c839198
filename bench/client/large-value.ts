/**
 * (d) 1 MiB values: SET a 1 MiB ASCII string, GET it back, await each. Per-command costs
 * vanish; what is left is copying: encoding the value into the socket, and building a JS
 * string from the 16 or so chunks the socket delivers it in.
 */

import { ContenderFailure, type PipeliningClient } from '../lib/clients/contract.js';
import { repeatFor } from '../lib/repeat-for.js';
import { bulk, type FloorStep, floorStep } from './wire-floor.js';
import type { ClientRun, ClientWorkload } from './workload.js';

export const LARGE_KEY = 'bench:large';
const VALUE_BYTES = 1024 * 1024;

// Not one repeated character: a reply with its chunks out of order would still compare equal.
export const LARGE_VALUE = 'abcdefghijklmnopqrstuvwxyz0123456789'
  .repeat(Math.ceil(VALUE_BYTES / 36))
  .slice(0, VALUE_BYTES);

/** Bytes of value one operation moves: written once, read once. */
export const BYTES_PER_OP = 2 * VALUE_BYTES;

export const largeValue: ClientWorkload = {
  title: '(d) 1 MiB SET + GET',
  unit: 'MB/s',
  scale: BYTES_PER_OP / 1e6,
  run: runLargeValues,
  floor: { workers: [roundTripSteps(LARGE_KEY)] },
};

/** {@link roundTrip} as wire-floor steps: the SET, then the GET. */
export function roundTripSteps(key: string): FloorStep[] {
  return [
    floorStep([['SET', key, LARGE_VALUE]], '+OK\r\n'),
    floorStep([['GET', key]], bulk(LARGE_VALUE)),
  ];
}

async function runLargeValues(
  name: string,
  client: PipeliningClient,
  budgetMs: number,
): Promise<ClientRun> {
  const { ops, seconds } = await repeatFor(budgetMs, () => roundTrip(name, client));
  return { ops, seconds, commands: ops * 2 };
}

/**
 * One SET and GET, the reply compared whole: the comparison reads every character, so a
 * client that hands back a lazily joined string pays for joining it here, as its user would.
 */
export async function roundTrip(
  name: string,
  client: PipeliningClient,
  key = LARGE_KEY,
): Promise<void> {
  const reply = await client.set(key, LARGE_VALUE);
  if (reply !== 'OK') throw new ContenderFailure(`${name}: SET of 1 MiB answered ${String(reply)}`);
  const value = await client.get(key);
  if (value !== LARGE_VALUE) {
    const what = typeof value === 'string' ? `${value.length} different chars` : typeof value;
    throw new ContenderFailure(`${name}: GET of 1 MiB answered ${what}`);
  }
}
