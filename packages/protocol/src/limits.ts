/**
 * Caps on what a server may declare, so hostile or corrupt bytes cannot make the decoder hold
 * unbounded memory. A declared length alone allocates little: a bulk string gets at most 2 MiB
 * ahead of the bytes that have arrived (its whole length when shorter, then twice what has
 * arrived), and aggregates grow element by element, so these caps bound what is buffered while
 * a reply is incomplete.
 */
export interface DecoderLimits {
  /**
   * Largest bulk string, bulk error, verbatim string or streamed string, in bytes.
   * @defaultValue 536_870_912 (512 MiB, Redis's own `proto-max-bulk-len` default)
   */
  maxBulkLength: number;
  /**
   * Largest number of elements an aggregate may declare (a map counts its pairs).
   * @defaultValue 4_294_967_295 (2^32 - 1, the most elements a Redis collection can hold)
   */
  maxAggregateLength: number;
  /**
   * Deepest nesting of aggregates. Real replies stay under ten levels.
   * @defaultValue 128
   */
  maxDepth: number;
  /**
   * Longest line without its CRLF: simple strings, simple errors, numbers and length headers.
   * @defaultValue 1_048_576 (1 MiB)
   */
  maxLineLength: number;
}

/**
 * Redis's default `proto-max-bulk-len`: the longest bulk string it reads, or stores, 512 MiB.
 * The default of both the decoder's `maxBulkLength` and the encoder's argument limit.
 */
export const PROTO_MAX_BULK_LEN = 512 * 1024 * 1024;

/** The default {@link DecoderLimits}. */
export const DEFAULT_DECODER_LIMITS: Readonly<DecoderLimits> = Object.freeze({
  maxBulkLength: PROTO_MAX_BULK_LEN,
  maxAggregateLength: 2 ** 32 - 1,
  maxDepth: 128,
  maxLineLength: 1024 * 1024,
});

/** Merges user limits over the defaults, rejecting values that are not positive integers. */
export function resolveLimits(limits: Partial<DecoderLimits> | undefined): DecoderLimits {
  const resolved = { ...DEFAULT_DECODER_LIMITS, ...limits };
  for (const [key, value] of Object.entries(resolved)) {
    if (!Number.isSafeInteger(value) || value < 1) {
      throw new RangeError(`Decoder limit ${key} must be a positive integer, got ${String(value)}`);
    }
  }
  return resolved;
}
