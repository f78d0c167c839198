/** Runs the cache benchmark alone (see cache.bench.ts), with the runner's default schedule. */
import { benchmark } from './cache.bench.js';

await benchmark.run({ write: false, warmupMs: 500, roundMs: 1_000, rounds: 5 });
