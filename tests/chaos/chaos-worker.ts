import { setTimeout as sleep } from 'node:timers/promises';
import type { RedisCluster } from '@redwire/cluster';
import type { OpTracker } from './op-tracker.js';
import type { SeededRandom } from './seeded-random.js';
import type { WriteLedger } from './write-ledger.js';

/** Value keys per worker: spread over slots, so MGET, MSET and pipelines span nodes. */
const VALUE_KEYS = 4;

/** How often each operation is drawn: two thirds reads and writes, the rest batches and pub/sub. */
const OPERATION_WEIGHTS = {
  get: 25,
  set: 20,
  incr: 10,
  pipeline: 10,
  mget: 10,
  mset: 10,
  multi: 10,
  spublish: 5,
} as const;

type Operation = keyof typeof OPERATION_WEIGHTS;

/** Where a worker writes now; a key is replaced by a fresh one after a failed write. */
interface WorkerKeys {
  values: string[];
  counter: string;
  pair: [string, string];
}

/** What every worker shares. */
export interface WorkerContext {
  readonly redis: RedisCluster;
  readonly ledger: WriteLedger;
  /** The shard channels the soak's subscriber listens to. */
  readonly channels: readonly string[];
}

/**
 * One of the soak's workers: a loop of reads, writes, INCRs, pipelines across nodes, cross-slot
 * MGET/MSET, a MULTI on one slot and SPUBLISH, as an application would issue them, one at a
 * time. Every write goes through the ledger; a failed write (ambiguous: it may still run) moves
 * the worker to a fresh key, so no late write can land behind a newer acknowledged one.
 */
export class ChaosWorker {
  readonly #index: number;
  readonly #context: WorkerContext;
  readonly #random: SeededRandom;
  readonly #keys: WorkerKeys;
  #generation = 0;

  constructor(index: number, context: WorkerContext, random: SeededRandom) {
    this.#index = index;
    this.#context = context;
    this.#random = random;
    this.#keys = {
      values: Array.from({ length: VALUE_KEYS }, (_, slot) => this.#valueKey(slot)),
      counter: this.#counterKey(),
      pair: this.#pairKeys(),
    };
  }

  /**
   * Runs operations one after another until `stop()` says so; each is recorded by the tracker
   * `tracker()` names when it starts (the soak switches trackers between its phases).
   */
  async run(tracker: () => OpTracker, stop: () => boolean): Promise<void> {
    while (!stop()) {
      const operation = this.#random.weighted(OPERATION_WEIGHTS);
      // The failure is in the tracker already; the loop goes on as an application's would.
      await tracker()
        .track(`worker ${this.#index} ${operation}`, () => this.#run(operation))
        .catch(() => {});
      // A pause keeps 200 workers from saturating a 2-core machine shared with the servers.
      await sleep(this.#random.int(5, 25));
    }
  }

  async #run(operation: Operation): Promise<void> {
    const { redis, channels } = this.#context;
    switch (operation) {
      case 'get':
        await redis.get(this.#random.pick(this.#keys.values));
        return;
      case 'set':
        return this.#set(this.#random.int(0, VALUE_KEYS - 1));
      case 'incr':
        return this.#incr();
      case 'pipeline':
        return this.#pipeline();
      case 'mget':
        await redis.mget(...this.#keys.values);
        return;
      case 'mset':
        return this.#mset();
      case 'multi':
        return this.#multi();
      case 'spublish':
        await redis.spublish(this.#random.pick(channels), `worker ${this.#index}`);
        return;
    }
  }

  async #set(slot: number): Promise<void> {
    const key = this.#keys.values[slot] as string;
    const version = this.#context.ledger.attempt(key);
    await this.#write([slot], () => this.#context.redis.set(key, String(version)));
    this.#context.ledger.ack(key, version);
  }

  async #incr(): Promise<void> {
    const key = this.#keys.counter;
    const count = this.#context.ledger.attempt(key);
    let reply: number;
    try {
      reply = await this.#context.redis.incr(key);
    } catch (error) {
      this.#keys.counter = this.#counterKey();
      throw error;
    }
    this.#context.ledger.ack(key, count, Date.now(), reply);
  }

  /** SET, GET, INCR, GET: keys on different nodes, each command answered on its own. */
  async #pipeline(): Promise<void> {
    const { ledger, redis } = this.#context;
    const slot = this.#random.int(0, VALUE_KEYS - 1);
    const key = this.#keys.values[slot] as string;
    const counter = this.#keys.counter;
    const version = ledger.attempt(key);
    const count = ledger.attempt(counter);
    const [set, , incr] = await redis
      .pipeline()
      .set(key, String(version))
      .get(this.#random.pick(this.#keys.values))
      .incr(counter)
      .get(this.#random.pick(this.#keys.values))
      .execSettled();
    if (set?.status === 'fulfilled') ledger.ack(key, version);
    else this.#keys.values[slot] = this.#valueKey(slot);
    if (incr?.status === 'fulfilled') ledger.ack(counter, count, Date.now(), Number(incr.value));
    else this.#keys.counter = this.#counterKey();
    const failed = [set, incr].find((outcome) => outcome?.status === 'rejected');
    if (failed?.status === 'rejected') throw failed.reason;
  }

  /** MSET over two to four keys of different slots: split by the client, merged back. */
  async #mset(): Promise<void> {
    const { ledger, redis } = this.#context;
    const count = this.#random.int(2, VALUE_KEYS);
    const slots = Array.from({ length: count }, (_, i) => i);
    const entries = slots.map((slot) => {
      const key = this.#keys.values[slot] as string;
      return [key, ledger.attempt(key)] as const;
    });
    await this.#write(slots, () =>
      redis.mset(Object.fromEntries(entries.map(([key, version]) => [key, String(version)]))),
    );
    for (const [key, version] of entries) ledger.ack(key, version);
  }

  /** MULTI SET x v, SET y v, EXEC on the pair's one slot: both or neither. */
  async #multi(): Promise<void> {
    const { ledger, redis } = this.#context;
    const [x, y] = this.#keys.pair;
    const version = ledger.attempt(x);
    ledger.attempt(y);
    try {
      await redis.multi().set(x, String(version)).set(y, String(version)).exec();
    } catch (error) {
      this.#keys.pair = this.#pairKeys();
      throw error;
    }
    ledger.ack(x, version);
    ledger.ack(y, version);
  }

  /** Runs a write; on failure its value keys are replaced before the error goes on. */
  async #write<T>(slots: readonly number[], write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (error) {
      for (const slot of slots) this.#keys.values[slot] = this.#valueKey(slot);
      throw error;
    }
  }

  #valueKey(slot: number): string {
    const key = `chaos:w${this.#index}:v${slot}:g${this.#generation++}`;
    this.#context.ledger.register(key, 'value');
    return key;
  }

  #counterKey(): string {
    const key = `chaos:w${this.#index}:n:g${this.#generation++}`;
    this.#context.ledger.register(key, 'counter');
    return key;
  }

  #pairKeys(): [string, string] {
    const tag = `{chaos:w${this.#index}:t:g${this.#generation++}}`;
    const pair: [string, string] = [`${tag}:x`, `${tag}:y`];
    this.#context.ledger.register(pair[0], 'value');
    this.#context.ledger.register(pair[1], 'value');
    this.#context.ledger.pair(...pair);
    return pair;
  }
}
