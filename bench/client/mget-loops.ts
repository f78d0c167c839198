/**
 * `pnpm --filter @redwire/bench exec tsx --conditions=@redwire/source --expose-gc client/mget-loops.ts`
 *
 * Row (f) of the client benchmark (MGET of 100 keys, one in flight) taken apart, against its
 * values floor, in one process: each form below runs 3,000 MGETs in turn with the values floor,
 * six turns each after a `gc()`, and prints each form's throughput over the floor's (median of the
 * turns). Every form awaits each MGET in one loop of its own, as the floor's loop awaits each
 * step, except "bench loop", which is shaped as the client benchmark's loop is: `repeatFor`
 * awaiting an async callback that awaits the contender's `mget`. What separates two forms is
 * then a layer of redwire or of the harness, not a loop's shape. Not part of `pnpm bench`: it
 * writes nothing, and its figures are read beside those of bench/RESULTS.md.
 */

import { createClient } from '@redwire/client';
import { Connection } from '@redwire/connection';
import { withBenchServer } from '../lib/bench-server.js';
import { checkMget, MGET_KEYS, mget, preloadMget } from './mget.js';
import { WireFloor } from './wire-floor.js';

const MGETS_PER_TURN = 3_000;
const TURNS = 6;
/** About as long as a form's turn of 3,000 MGETs here. */
const FLOOR_TURN_MS = 200;

const collect = (globalThis as { gc?: () => void }).gc;
if (collect === undefined) throw new Error('mget-loops: run node with --expose-gc');
const floorPlan = mget.floor;
if (floorPlan === undefined) throw new Error('mget-loops: row (f) has no floor');

await withBenchServer(async (server) => {
  const address = server.address;
  await preloadMget(address);
  const client = createClient(address);
  const connection = new Connection(address);
  const floor = await WireFloor.open(address, true);
  try {
    await client.connect();
    await connection.connect();
    await floor.verify(floorPlan);
    // The client benchmark's contender and loop body (redwire.ts, mget.ts), awaited as repeatFor does.
    const contender = { mget: (keys: readonly string[]) => client.mget(...keys) };
    const benchStep = async (): Promise<void> => {
      checkMget('bench loop', await contender.mget(MGET_KEYS));
    };
    const forms: Record<string, () => Promise<void>> = {
      'bench loop': async () => {
        for (let i = 0; i < MGETS_PER_TURN; i++) await benchStep();
      },
      'client.mget': async () => {
        for (let i = 0; i < MGETS_PER_TURN; i++) {
          checkMget('client.mget', await client.mget(...MGET_KEYS));
        }
      },
      'connection.send': async () => {
        for (let i = 0; i < MGETS_PER_TURN; i++) {
          checkMget('connection.send', (await connection.send(['MGET', ...MGET_KEYS])) as string[]);
        }
      },
    };
    const ratios = new Map<string, number[]>();
    for (let turn = 0; turn < TURNS; turn++) {
      collect();
      const floorRun = await floor.work(floorPlan).run(FLOOR_TURN_MS);
      const floorSeconds = floorRun.seconds / floorRun.ops;
      for (const [name, run] of Object.entries(forms)) {
        collect();
        const start = performance.now();
        await run();
        const seconds = (performance.now() - start) / 1000 / MGETS_PER_TURN;
        ratios.set(name, [...(ratios.get(name) ?? []), floorSeconds / seconds]);
      }
    }
    for (const [name, values] of ratios) {
      const sorted = [...values].sort((a, b) => a - b);
      const median = sorted[sorted.length >> 1] as number;
      const range = `${sorted[0]?.toFixed(2)}–${sorted[sorted.length - 1]?.toFixed(2)}`;
      console.log(`${name.padEnd(16)} ${median.toFixed(2)}× the values floor (${range})`);
    }
  } finally {
    floor.close();
    await Promise.allSettled([client.close(), connection.close()]);
  }
});
