/**
 * Keeps secrets out of error messages, events and `util.inspect`: connection URLs lose their
 * password, options lose their password and TLS private keys.
 */
import type { ResolvedConnectionOptions } from './options.js';

/** What replaces a secret. */
const MASK = '***';

/** TLS settings that unlock a private key; `ca` and `cert` are public and stay. */
const TLS_SECRETS = ['key', 'passphrase', 'pfx'] as const;

/**
 * The URL with its password (and any `password` query parameter) replaced by `***`, the rest
 * untouched. It works on malformed URLs too, since those are the ones quoted in errors: when
 * the URL does not parse and its authority holds no `@`, the last `@` of the whole string is
 * taken to end the credentials, so a password with an unencoded `/`, `?` or `#` is still
 * hidden (at worst a little more than the password is masked).
 *
 * @param url - any string; one without `scheme://` is returned unchanged, bar the query
 * @returns the URL, safe to log
 *
 * @example
 * ```ts
 * redactUrl('redis://app:s3cret@cache:6379/1'); // 'redis://app:***@cache:6379/1'
 * ```
 */
export function redactUrl(url: string): string {
  const start = url.indexOf('://');
  if (start === -1) return redactQuery(url);
  const authorityStart = start + 3;
  const authorityEnd = firstOf(url, ['/', '?', '#'], authorityStart);
  let at = url.lastIndexOf('@', authorityEnd - 1);
  if (at < authorityStart && !URL.canParse(url)) at = url.lastIndexOf('@');
  if (at < authorityStart) return redactQuery(url);
  const colon = url.indexOf(':', authorityStart);
  if (colon === -1 || colon > at || colon + 1 === at) return redactUserinfoless(url, at);
  return url.slice(0, colon + 1) + MASK + redactQuery(url.slice(at));
}

/** No password between `://` and `@`: only the part after the credentials can hold one. */
function redactUserinfoless(url: string, at: number): string {
  return url.slice(0, at) + redactQuery(url.slice(at));
}

/** Masks the value of every `password` query parameter. */
function redactQuery(text: string): string {
  return text.replace(/([?&]password=)[^&#]*/gi, `$1${MASK}`);
}

function firstOf(text: string, characters: readonly string[], from: number): number {
  let end = text.length;
  for (const character of characters) {
    const index = text.indexOf(character, from);
    if (index !== -1 && index < end) end = index;
  }
  return end;
}

/**
 * The server's address for messages and events: the socket path when there is one, else
 * `host:port`, with an IPv6 host in brackets (`[::1]:6379`). It never includes credentials.
 *
 * @param options - `host` and `port`, and `path` for a unix socket (which then wins)
 * @returns e.g. `cache:6379`, `[::1]:6379` or `/tmp/redis.sock`
 */
export function describeAddress(options: {
  host: string;
  port: number;
  path?: string | undefined;
}): string {
  if (options.path !== undefined) return options.path;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  return `${host}:${options.port}`;
}

/**
 * A shallow copy of resolved options that is safe to print or emit: `password` and the TLS
 * `key`, `passphrase` and `pfx` become `'***'` when set (unset ones stay `undefined`).
 *
 * @param options - resolved connection options
 * @returns a new plain object; the input is not changed
 */
export function redactOptions(options: ResolvedConnectionOptions): Record<string, unknown> {
  const copy: Record<string, unknown> = { ...options };
  if (options.password !== undefined) copy.password = MASK;
  if (options.tls !== undefined) {
    const tls: Record<string, unknown> = { ...options.tls };
    for (const secret of TLS_SECRETS) {
      if (tls[secret] !== undefined) tls[secret] = MASK;
    }
    copy.tls = tls;
  }
  return copy;
}
