/**
 * Pub/sub throughput: messages per second from one publisher to one subscriber, redwire
 * against ioredis and node-redis, against a redis-server started for the run. Verifies every
 * contender before timing it.
 */

import { isDeepStrictEqual } from 'node:util';
import { type Benchmark, type BenchOptions, chosen } from '../lib/benchmark.js';
import { ContenderFailure } from '../lib/clients/contract.js';
import { describeMachine } from '../lib/machine.js';
import { type MeteredRun, type MeteredWork, measureMetered } from '../lib/metered-contender.js';
import { showSection } from '../lib/results-file.js';
import { soleServer } from '../lib/server-load.js';
import { withServerRun } from '../lib/server-run.js';
import { loadContenders } from './contenders.js';
import type { PubSubPair } from './contract.js';
import { pubsubSection } from './report.js';
import { runPubSub } from './workload.js';

export const benchmark: Benchmark = {
  description: 'messages/s from one publisher to one subscriber: redwire vs ioredis and node-redis',
  run,
};

async function run(options: BenchOptions): Promise<void> {
  const contenders = chosen(await loadContenders(), options);
  const setup = {
    verify: ({ name }: { name: string }, pair: PubSubPair) => verifyPair(name, pair),
  };
  await withServerRun(contenders, setup, async ({ server, serverVersion, clients: pairs }) => {
    console.log('measuring …');
    const measured = await measureMetered(
      contenders,
      (contender, index) => workOf(contender.name, pairs[index]!),
      soleServer(server),
      options,
    );
    const results = contenders.map((contender, index) => ({ contender, ...measured[index]! }));
    const section = pubsubSection(results, { machine: describeMachine(), serverVersion, options });
    showSection('pubsub', section, options.write);
  });
}

/** Three distinct messages must arrive whole, in order, on the right channel. */
async function verifyPair(name: string, pair: PubSubPair): Promise<void> {
  const channel = `bench:verify:${name}`;
  const sent = ['first', 'second — ünïcode', 'x'.repeat(1000)];
  const got: [string, string][] = [];
  let done: () => void = () => {};
  const all = new Promise<void>((resolve) => {
    done = resolve;
  });
  await pair.subscribe(channel, (message, from) => {
    got.push([from, message]);
    if (got.length === sent.length) done();
  });
  for (const message of sent) await pair.publish(channel, message);
  const timer = setTimeout(done, 2_000);
  await all;
  clearTimeout(timer);
  await pair.unsubscribe(channel);
  const expected = sent.map((message) => [channel, message]);
  if (!isDeepStrictEqual(got, expected)) {
    throw new ContenderFailure(
      `${name}: received ${JSON.stringify(got)} for ${JSON.stringify(expected)}`,
    );
  }
}

/** One pair's publishing run; every PUBLISH is a command the server counts. */
function workOf(name: string, pair: PubSubPair): MeteredWork<MeteredRun> {
  return {
    name,
    async run(budgetMs) {
      const { messages, seconds } = await runPubSub(name, pair, budgetMs);
      return { ops: messages, seconds, commands: messages };
    },
    failure: () => pair.failure(),
  };
}
