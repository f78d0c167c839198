/**
 * One caller's wait on shared work, which its own AbortSignal can end without touching the work.
 */
import { CacheAbortError } from './errors.js';

/**
 * `shared`, or a rejection with {@link CacheAbortError} as soon as `signal` fires. The listener is
 * removed once either happens, so a long-lived signal shared by many calls collects no listeners.
 */
export function abandonable<T>(
  shared: Promise<T>,
  signal: AbortSignal | undefined,
  key: string,
): Promise<T> {
  if (signal === undefined) return shared;
  if (signal.aborted) return Promise.reject(new CacheAbortError(key, signal.reason));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new CacheAbortError(key, signal.reason));
    signal.addEventListener('abort', onAbort, { once: true });
    shared.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
