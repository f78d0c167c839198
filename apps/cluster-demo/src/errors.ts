/** The service's own failures, each mapped to one HTTP answer by the error handler. */

/** The origin database did not answer (down, closed, unreachable): a 503. */
export class OriginUnavailableError extends Error {
  override name = 'OriginUnavailableError';
  constructor(cause: unknown) {
    super(
      `the product database is unavailable: ${cause instanceof Error ? cause.message : String(cause)}`,
      {
        cause,
      },
    );
  }
}
