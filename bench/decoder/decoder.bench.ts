/**
 * Decoder throughput: redwire against the decoders inside ioredis and node-redis, on the
 * same bytes in the same process. Verifies every decoder's output before timing it.
 */

import { type Benchmark, type BenchOptions, chosen } from '../lib/benchmark.js';
import { describeMachine } from '../lib/machine.js';
import { type Contender, measureInterleaved } from '../lib/measure.js';
import { showSection } from '../lib/results-file.js';
import { type DecoderCase, decoderCases } from './cases.js';
import { type DecoderContender, UnexpectedOutput } from './contender.js';
import { nodeRedis } from './node-redis.js';
import { redisParser } from './redis-parser.js';
import { redwire } from './redwire.js';
import { type CaseResult, decoderSection, decoderTable } from './report.js';
import { verifyDecoder } from './verify.js';

export const benchmark: Benchmark = {
  description: 'RESP decoding throughput: redwire vs redis-parser (ioredis) and node-redis',
  run,
};

async function run(options: BenchOptions): Promise<void> {
  const contenders = chosen<DecoderContender>([redisParser, nodeRedis, redwire], options);
  const cases = decoderCases();
  for (const decoderCase of cases) {
    for (const contender of contenders) verifyDecoder(contender, decoderCase);
  }

  const results: CaseResult[] = [];
  for (const decoderCase of cases) {
    console.log(`measuring ${decoderCase.title} …`);
    const measurements = measureInterleaved(
      contenders.map((contender) => timedDecode(contender, decoderCase)),
      options,
    );
    results.push({ decoderCase, measurements });
  }

  const section = decoderSection(
    decoderTable(results, contenders),
    describeMachine(),
    contenders,
    options,
  );
  showSection('decoder', section, options.write);
}

/**
 * One operation = feeding every chunk of the case to a long-lived decoder, as a connection
 * does. Counting replies per operation catches a decoder that goes wrong mid-run.
 *
 * Each top-level string reply is read once (its first char code). A decoder that appends
 * chunk strings with `+=` hands out a V8 rope, whose real cost (allocating and copying the
 * flat string) is paid by the first reader; measured without the read, redis-parser's
 * chunked 1 MiB case looks ~8× faster than its single-chunk one. The read costs nothing
 * for a flat string, and the checksum keeps the optimiser from dropping it.
 */
function timedDecode(contender: DecoderContender, decoderCase: DecoderCase): Contender {
  const expected = decoderCase.expected.length;
  let received = 0;
  let checksum = 0;
  const decoder = contender.create((reply) => {
    received++;
    if (typeof reply === 'string') checksum += reply.charCodeAt(0);
  });
  return {
    name: contender.name,
    op() {
      received = 0;
      checksum = 0;
      for (const chunk of decoderCase.chunks) decoder.write(chunk);
      if (received !== expected || Number.isNaN(checksum)) {
        throw new UnexpectedOutput(
          `${contender.name} on ${decoderCase.id}: ${received} replies, expected ${expected}`,
        );
      }
    },
  };
}
