/**
 * Graceful shutdown on SIGINT and SIGTERM: the first signal closes the service (stop accepting,
 * drain, close Redis and the database); a second one while that runs exits at once.
 */

/** Something that closes gracefully. */
export interface Closable {
  close(): Promise<void>;
}

/**
 * Closes `service` on the first SIGINT or SIGTERM, then calls `exit` with 0 (or 1 when closing
 * failed); a second signal calls `exit(130)` without waiting.
 * @returns a function that removes the listeners
 */
export function closeOnSignals(service: Closable, exit: (code: number) => void): () => void {
  let closing = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (closing) {
      exit(130);
      return;
    }
    closing = true;
    console.log(`${signal}: closing (draining requests in flight)...`);
    service.close().then(
      () => exit(0),
      (error: unknown) => {
        console.error('closing failed:', error);
        exit(1);
      },
    );
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return () => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  };
}
