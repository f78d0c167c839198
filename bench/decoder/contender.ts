/** The one shape every decoder under test is wrapped into, so cases and timing stay generic. */

export interface StreamDecoder {
  /** Feeds one chunk; complete top-level replies go to the `onReply` given at creation. */
  write(chunk: Buffer): void;
}

export interface DecoderContender {
  /** Short name for table columns. */
  readonly name: string;
  /** Package and version, for the results header. */
  readonly source: string;
  /**
   * Builds a decoder set up to produce JS strings. Server errors, push frames and protocol
   * errors are unexpected in every case, so adapters throw on them rather than count them.
   */
  create(onReply: (reply: unknown) => void): StreamDecoder;
}

export class UnexpectedOutput extends Error {
  override readonly name = 'UnexpectedOutput';
}
