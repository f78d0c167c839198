import { Decoder, type DecoderOptions } from '../decoder.js';
import type { PushFrame, RespMap, RespValue } from '../reply.js';

/** One event as a decoder delivered it, in order. */
export type Delivery =
  | { kind: 'reply'; value: RespValue }
  | { kind: 'push'; value: PushFrame }
  | { kind: 'attribute'; value: RespMap };

/** A decoder that records what it delivers; `buffers` answers its returnBuffers question. */
export function collectingDecoder(options: DecoderOptions & { buffers?: () => boolean } = {}) {
  const deliveries: Delivery[] = [];
  const { buffers, ...decoderOptions } = options;
  const decoder = new Decoder(
    {
      onReply: (value) => deliveries.push({ kind: 'reply', value }),
      onPush: (value) => deliveries.push({ kind: 'push', value }),
      onAttribute: (value) => deliveries.push({ kind: 'attribute', value }),
      ...(buffers ? { returnBuffers: buffers } : {}),
    },
    decoderOptions,
  );
  return { decoder, deliveries };
}

/** Decodes `bytes` fed in pieces cut at the given offsets. */
export function decodeInPieces(
  bytes: Buffer,
  cuts: readonly number[],
  options: DecoderOptions = {},
): Delivery[] {
  const { decoder, deliveries } = collectingDecoder(options);
  let from = 0;
  for (const cut of [...cuts, bytes.length]) {
    decoder.write(bytes.subarray(from, cut));
    from = cut;
  }
  return deliveries;
}
