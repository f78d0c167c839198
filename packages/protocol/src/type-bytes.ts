/**
 * The RESP type bytes: the first byte of every frame says what follows. RESP2 has the first
 * five; RESP3 adds the rest. Streamed strings and aggregates reuse `$ * % ~` with a `?` length.
 */
export const TypeByte = {
  SIMPLE_STRING: 0x2b, // '+'
  SIMPLE_ERROR: 0x2d, // '-'
  INTEGER: 0x3a, // ':'
  BULK_STRING: 0x24, // '$'
  ARRAY: 0x2a, // '*'
  NULL: 0x5f, // '_'  (RESP3)
  BOOLEAN: 0x23, // '#'  (RESP3)
  DOUBLE: 0x2c, // ','  (RESP3)
  BIG_NUMBER: 0x28, // '('  (RESP3)
  BULK_ERROR: 0x21, // '!'  (RESP3)
  VERBATIM_STRING: 0x3d, // '='  (RESP3)
  MAP: 0x25, // '%'  (RESP3)
  SET: 0x7e, // '~'  (RESP3)
  ATTRIBUTE: 0x7c, // '|'  (RESP3)
  PUSH: 0x3e, // '>'  (RESP3)
  STREAMED_STRING_PART: 0x3b, // ';'  (RESP3, a chunk of a `$?` string; `;0` ends it)
  STREAMED_AGGREGATE_END: 0x2e, // '.'  (RESP3, ends a `*?`, `%?`, `~?` or `|?` aggregate)
} as const;

/** One of the {@link TypeByte} values. */
export type TypeByte = (typeof TypeByte)[keyof typeof TypeByte];

export const CR = 0x0d;
export const LF = 0x0a;
