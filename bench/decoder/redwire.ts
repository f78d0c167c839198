/** redwire's decoder, from @redwire/protocol (resolved to its TypeScript source). */

import { Decoder } from '@redwire/protocol';
import { type DecoderContender, UnexpectedOutput } from './contender.js';

export const redwire: DecoderContender = {
  name: 'redwire',
  source: '@redwire/protocol (workspace source)',
  create(onReply) {
    // Without `returnBuffers`, replies are UTF-8 strings. Server errors arrive through
    // onReply as ReplyError values; the one-off check before timing compares every reply,
    // so one would be caught there without taxing the timed path with an instanceof.
    const decoder = new Decoder({
      onReply,
      onPush() {
        throw new UnexpectedOutput('redwire returned a push frame');
      },
    });
    return { write: (chunk) => decoder.write(chunk) };
  },
};
