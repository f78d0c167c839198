/**
 * The workload: 100 concurrent workers sharing one client connection, each looping "pick a
 * random key, GET it (80%) or SET it (20%), await the reply" until the time budget runs out.
 * It is the shape of a web server answering many requests at once through one client, where
 * the cost per command and the batching of writes decide the throughput.
 */

import { type ServerAddress, sendCommand } from '@redwire/test-harness/servers';
import { ContenderFailure, type KeyValueClient } from './clients/contract.js';
import { type Random, seededRandom, streamSeed } from './prng.js';

export const WORKERS = 100;
export const KEY_COUNT = 10_000;
export const VALUE_BYTES = 100;
export const GET_SHARE = 0.8;
/** The mix as the results describe it: "80% GET / 20% SET". */
export const GET_SET_MIX = `${Math.round(GET_SHARE * 100)}% GET / ${Math.round((1 - GET_SHARE) * 100)}% SET`;
/** Every contender and every round replays the same per-worker sequences from this seed. */
export const SEED = 0x5eed;

const PRELOAD_BATCH = 1_000;

// Built once, so the timed loop measures the clients rather than string building.
const KEYS = Array.from({ length: KEY_COUNT }, (_, index) => `key:${index}`);
const VALUES = Array.from({ length: 64 }, (_, index) => paddedValue(`value-${index}`));

/** A 100-byte ASCII value beginning with `label`. */
export function paddedValue(label: string): string {
  return label.padEnd(VALUE_BYTES, '.').slice(0, VALUE_BYTES);
}

/** Writes `key:0`…`key:9999` with 100-byte values, in MSET batches, and checks the count. */
export async function preload(address: ServerAddress): Promise<void> {
  for (let start = 0; start < KEY_COUNT; start += PRELOAD_BATCH) {
    const pairs = KEYS.slice(start, start + PRELOAD_BATCH).flatMap((key) => [
      key,
      paddedValue(key),
    ]);
    await sendCommand(address, ['MSET', ...pairs]);
  }
  const size = await sendCommand(address, ['DBSIZE']);
  if (size !== KEY_COUNT) throw new Error(`preload left ${String(size)} keys, not ${KEY_COUNT}`);
}

/**
 * Traces each command from outside the client (the diagnostics benchmark's floor arm):
 * `start` before the call, `end` once it has returned its promise, `settled` after the await,
 * so tracing adds no promise of its own.
 */
export interface CommandTracer {
  start(command: string, key: string): CommandTrace;
}

/** One command's trace, as {@link CommandTracer.start} began it. */
export interface CommandTrace {
  end(): void;
  settled(reply: unknown): void;
}

export interface WorkloadRun {
  readonly ops: number;
  readonly seconds: number;
}

interface Tally {
  ops: number;
  errors: number;
  firstError: unknown;
}

/**
 * Runs the workers on `client` until `budgetMs` has passed and every worker's last command
 * has been answered. Any error (a rejection or a reply of the wrong shape) stops the workers
 * and fails the run: a contender that errs is not measured.
 */
export async function runWorkload(
  name: string,
  client: KeyValueClient,
  budgetMs: number,
  tracer?: CommandTracer,
): Promise<WorkloadRun> {
  const tally: Tally = { ops: 0, errors: 0, firstError: undefined };
  const start = performance.now();
  const deadline = start + budgetMs;
  const workers = Array.from({ length: WORKERS }, (_, index) =>
    worker(client, seededRandom(streamSeed(SEED, index)), deadline, tally, tracer),
  );
  await Promise.all(workers);
  const seconds = (performance.now() - start) / 1000;

  const failure = client.failure();
  if (tally.errors > 0 || failure !== undefined) {
    const first = tally.firstError ?? failure;
    const detail = first instanceof Error ? first.message : String(first);
    throw new ContenderFailure(`${name}: ${tally.errors} failed commands; first: ${detail}`, {
      cause: first,
    });
  }
  return { ops: tally.ops, seconds };
}

async function worker(
  client: KeyValueClient,
  random: Random,
  deadline: number,
  tally: Tally,
  tracer: CommandTracer | undefined,
): Promise<void> {
  // Reading the clock costs far less than a round trip; checking it per command keeps every
  // worker busy until the end of the budget.
  while (tally.errors === 0 && performance.now() < deadline) {
    const key = KEYS[Math.floor(random() * KEY_COUNT)]!;
    try {
      if (random() < GET_SHARE) {
        const trace = tracer?.start('GET', key);
        const pending = client.get(key);
        trace?.end();
        const value = await pending;
        trace?.settled(value);
        // Every key exists and every value written is 100 ASCII characters long.
        if (typeof value !== 'string' || value.length !== VALUE_BYTES) {
          throw new ContenderFailure(`GET ${key} answered ${describe(value)}`);
        }
      } else {
        const trace = tracer?.start('SET', key);
        const pending = client.set(key, VALUES[Math.floor(random() * VALUES.length)]!);
        trace?.end();
        const reply = await pending;
        trace?.settled(reply);
        if (reply !== 'OK') throw new ContenderFailure(`SET ${key} answered ${describe(reply)}`);
      }
      tally.ops++;
    } catch (error) {
      tally.errors++;
      tally.firstError ??= error;
    }
  }
}

function describe(value: unknown): string {
  if (typeof value === 'string') return `a string of ${value.length} chars`;
  if (Buffer.isBuffer(value)) return `a Buffer of ${value.length} bytes`;
  return `${typeof value} ${String(value)}`;
}
