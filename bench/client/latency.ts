/**
 * (a) One GET in flight: await each reply before sending the next command. Nothing can be
 * batched, so this measures a client's fixed cost per command (encode, write, one read
 * callback, decode, promise) plus the loopback round trip, which is the same for every client.
 */

import { ContenderFailure, type PipeliningClient } from '../lib/clients/contract.js';
import { percentileInPlace } from '../lib/measure.js';
import { paddedValue } from '../lib/mixed-workload.js';
import { bulk, floorStep } from './wire-floor.js';
import type { ClientRun, ClientWorkload } from './workload.js';

// Preloaded by the mixed workload's preload(), with a known value to compare against.
const KEY = 'key:0';
const VALUE = paddedValue(KEY);

export const latency: ClientWorkload = {
  title: '(a) GET, one in flight',
  unit: 'ops/s',
  scale: 1,
  run: runLatency,
  floor: { workers: [[floorStep([['GET', KEY]], bulk(VALUE))]] },
};

async function runLatency(
  name: string,
  client: PipeliningClient,
  budgetMs: number,
): Promise<ClientRun> {
  const samples: number[] = [];
  const start = performance.now();
  const deadline = start + budgetMs;
  let now = start;
  while (now < deadline) {
    const sent = now;
    const reply = await client.get(KEY);
    now = performance.now();
    if (reply !== VALUE)
      throw new ContenderFailure(`${name}: GET ${KEY} answered ${String(reply)}`);
    samples.push((now - sent) * 1000);
  }
  const sorted = Float64Array.from(samples);
  return {
    ops: samples.length,
    seconds: (now - start) / 1000,
    commands: samples.length,
    latencyUs: { median: percentileInPlace(sorted, 0.5), p99: percentileInPlace(sorted, 0.99) },
  };
}
