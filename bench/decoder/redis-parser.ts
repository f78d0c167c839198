/** ioredis 5's decoder: redis-parser 3 (RESP2 only). */

import RedisParser from 'redis-parser';
import { packageVersion } from '../lib/package-version.js';
import { type DecoderContender, UnexpectedOutput } from './contender.js';

const version = packageVersion('redis-parser');

export const redisParser: DecoderContender = {
  name: 'redis-parser',
  source: `redis-parser ${version} (ioredis 5)`,
  create(onReply) {
    const parser = new RedisParser({
      returnReply: onReply,
      returnError(error) {
        throw new UnexpectedOutput(`redis-parser returned a server error: ${error.message}`);
      },
      returnFatalError(error) {
        throw new UnexpectedOutput(`redis-parser failed to parse: ${error.message}`);
      },
      // ioredis's defaults: bulk strings as UTF-8 strings, integers as JS numbers.
      returnBuffers: false,
      stringNumbers: false,
    });
    return { write: (chunk) => parser.execute(chunk) };
  },
};
