/**
 * (e) 1 MiB values, 10 in flight: ten workers, each looping (d)'s SET then GET on a key of its
 * own, await each. With the socket never idle, what is left is the client's copying: the values
 * into the socket, and the reply chunks into strings, while other replies arrive.
 */

import type { PipeliningClient } from '../lib/clients/contract.js';
import { BYTES_PER_OP, LARGE_KEY, roundTrip, roundTripSteps } from './large-value.js';
import type { ClientRun, ClientWorkload } from './workload.js';

export const LARGE_WORKERS = 10;

const KEYS = Array.from({ length: LARGE_WORKERS }, (_, index) => `${LARGE_KEY}:${index}`);

export const largeValuesInFlight: ClientWorkload = {
  title: `(e) 1 MiB SET + GET, ${LARGE_WORKERS} in flight`,
  unit: 'MB/s',
  scale: BYTES_PER_OP / 1e6,
  run: runInFlight,
  floor: { workers: KEYS.map((key) => roundTripSteps(key)) },
};

async function runInFlight(
  name: string,
  client: PipeliningClient,
  budgetMs: number,
): Promise<ClientRun> {
  const start = performance.now();
  const deadline = start + budgetMs;
  let ops = 0;
  await Promise.all(
    KEYS.map(async (key) => {
      do {
        await roundTrip(name, client, key);
        ops++;
      } while (performance.now() < deadline);
    }),
  );
  return { ops, seconds: (performance.now() - start) / 1000, commands: ops * 2 };
}
