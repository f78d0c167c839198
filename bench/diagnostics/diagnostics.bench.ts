/**
 * What redwire's diagnostics channels cost: the client benchmark's mixed workload (100 workers,
 * 80% GET / 20% SET, one connection) with nobody subscribed, against the same workload while a
 * subscriber that does nothing listens on every channel, interleaved in rounds. Issue 23 asks for
 * the second at no less than 0.97 of the first.
 *
 * With a subscriber, each command builds its payload (name, redacted arguments, server) and
 * publishes four events; without one, the check is one property read per command.
 */
import diagnostics from 'node:diagnostics_channel';
import { CLIENT_CHANNELS } from '@redwire/client';
import { CONNECTION_CHANNELS } from '@redwire/connection';
import { PUBSUB_CHANNELS } from '@redwire/pubsub';
import { redwire } from '../client/redwire.js';
import { withBenchServer } from '../lib/bench-server.js';
import type { Benchmark, BenchOptions } from '../lib/benchmark.js';
import { measureInterleavedAsync, type TimedContender } from '../lib/measure.js';
import { preload, runWorkload } from '../lib/mixed-workload.js';

const TRACING = [CLIENT_CHANNELS.command, CLIENT_CHANNELS.batch, CONNECTION_CHANNELS.connect];
const POINTS = [
  CONNECTION_CHANNELS.reconnect,
  CONNECTION_CHANNELS.offlineQueueFull,
  CONNECTION_CHANNELS.commandRetried,
  CLIENT_CHANNELS.poolExhausted,
  PUBSUB_CHANNELS.resubscribed,
];

const idle = () => {};
const handlers = { start: idle, end: idle, asyncStart: idle, asyncEnd: idle, error: idle };

function subscribeAll(): void {
  for (const name of TRACING) diagnostics.tracingChannel(name).subscribe(handlers);
  for (const name of POINTS) diagnostics.subscribe(name, idle);
}

function unsubscribeAll(): void {
  for (const name of TRACING) diagnostics.tracingChannel(name).unsubscribe(handlers);
  for (const name of POINTS) diagnostics.unsubscribe(name, idle);
}

export const benchmark: Benchmark = {
  description: 'the mixed workload with and without an idle subscriber on every channel',
  run: (options) => withBenchServer((server) => compare(server.address, options)),
};

async function compare(address: { host: string; port: number }, options: BenchOptions) {
  await preload(address);
  const client = await redwire.connect(address);
  const timed = (name: string, subscribed: boolean): TimedContender => ({
    name,
    runFor: async (budgetMs) => {
      if (subscribed) subscribeAll();
      try {
        const { ops, seconds } = await runWorkload(name, client, budgetMs);
        return ops / seconds;
      } finally {
        if (subscribed) unsubscribeAll();
      }
    },
  });
  try {
    const [quiet, listened] = await measureInterleavedAsync(
      [timed('nobody subscribed', false), timed('idle subscriber', true)],
      options,
    );
    for (const m of [quiet, listened]) {
      if (m === undefined) continue;
      console.log(`${m.name.padEnd(18)} ${Math.round(m.opsPerSecond).toLocaleString('en')} ops/s`);
    }
    if (quiet !== undefined && listened !== undefined) {
      const ratio = listened.opsPerSecond / quiet.opsPerSecond;
      console.log(`idle subscriber ÷ nobody subscribed: ${ratio.toFixed(3)} (issue 23: ≥ 0.97)`);
    }
  } finally {
    await client.close();
  }
}
