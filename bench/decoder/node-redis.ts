/** node-redis's decoder: the RESP2/RESP3 `Decoder` inside @redis/client. */

// Not a public entry point: the package re-exports no decoder, so this reaches into dist/.
// @redis/client 6.x has no `exports` map, so the deep path resolves in node and in tsc
// alike; it is pinned exactly in package.json because a minor release may move the file.
import { Decoder } from '@redis/client/dist/lib/RESP/decoder.js';
import { packageVersion } from '../lib/package-version.js';
import { type DecoderContender, UnexpectedOutput } from './contender.js';

const version = packageVersion('@redis/client');

// An empty mapping is what node-redis's command queue answers while a command sent without
// `withTypeMapping` awaits its reply: bulk and simple strings become JS strings, integers
// JS numbers.
const DEFAULT_TYPE_MAPPING = {};

export const nodeRedis: DecoderContender = {
  name: 'node-redis',
  source: `@redis/client ${version} (node-redis 6)`,
  create(onReply) {
    const decoder = new Decoder({
      onReply,
      onErrorReply(error) {
        throw new UnexpectedOutput(`node-redis returned a server error: ${error.message}`);
      },
      onPush() {
        throw new UnexpectedOutput('node-redis returned a push frame');
      },
      // Asked once per top-level reply; node-redis answers from the head of its queue, so a
      // constant function is a faithful (and slightly flattering) stand-in.
      getTypeMapping: () => DEFAULT_TYPE_MAPPING,
    });
    return { write: (chunk) => decoder.write(chunk) };
  },
};
