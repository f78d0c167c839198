/**
 * Connection URLs to options: `redis://`, `rediss://` (TLS), `unix://` and `redis+unix://`.
 * Only what the URL states is returned; defaults are applied later by `resolveConnectionOptions`,
 * so explicit options can still override a URL field by field.
 */
import type { ConnectionOptions } from './options.js';
import { redactUrl } from './redact.js';

/** The query parameters a URL may carry, and the option each sets. */
const QUERY_PARAMETERS = ['db', 'protocol', 'name'] as const;

/**
 * Parses a Redis connection URL into connection options.
 *
 * - `redis://[[user]:password@]host[:port][/db][?query]`; `rediss://` is the same with TLS;
 *   an IPv6 host goes in brackets (`redis://[::1]:6380`).
 * - `unix://[[user]:password@]/path/to/socket[?query]`, or `redis+unix://...`.
 * - the user name and password are percent-decoded (`p%40ss` is `p@ss`); encode `@ : / ? #`
 *   and `%` in them.
 * - query parameters: `db` (the same as the path's `/2`), `protocol` (`2` or `3`) and `name`
 *   (the client name); `db` may appear in the path and the query only if both agree.
 *
 * Fields the URL leaves out are absent from the result, not filled with defaults. Errors
 * quote the URL with its password replaced by `***`.
 *
 * @param url - the connection URL
 * @returns the options the URL states
 * @throws TypeError for an unknown scheme, a malformed URL, a path that is not a database
 *   number, a non-numeric `db`, conflicting databases, or an unknown or repeated parameter
 * @throws RangeError for port 0 or above 65535, or a `protocol` other than 2 or 3
 *
 * @example
 * ```ts
 * parseRedisUrl('rediss://app:s3cret@cache.example.com:6380/2?name=worker');
 * // { tls: true, username: 'app', password: 's3cret', host: 'cache.example.com',
 * //   port: 6380, db: 2, name: 'worker' }
 * ```
 */
export function parseRedisUrl(url: string): ConnectionOptions {
  if (typeof url !== 'string') {
    throw new TypeError(`a Redis URL must be a string, got ${typeof url}`);
  }
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(url)?.[1]?.toLowerCase();
  if (scheme === 'redis' || scheme === 'rediss') return parseTcpUrl(url, scheme === 'rediss');
  if (scheme === 'unix' || scheme === 'redis+unix') {
    return parseUnixUrl(url, url.slice(scheme.length + 3));
  }
  throw invalid(TypeError, url, 'expected a redis://, rediss://, unix:// or redis+unix:// URL');
}

function parseTcpUrl(url: string, tls: boolean): ConnectionOptions {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw unparsable(url);
  }
  const options: ConnectionOptions = {};
  if (tls) options.tls = true;
  setCredentials(options, url, parsed.username, parsed.password);
  // WHATWG keeps the brackets of an IPv6 host; sockets want the bare address.
  const host = parsed.hostname.replace(/^\[(.*)\]$/, '$1');
  if (host !== '') options.host = host;
  if (parsed.port !== '') options.port = checkPort(url, Number(parsed.port));
  const db = parseDbPath(url, parsed.pathname);
  applyQuery(options, url, parsed.search.slice(1), db);
  return options;
}

/** `rest` is what follows `unix://`: `[userinfo@]/path[?query][#fragment]`. */
function parseUnixUrl(url: string, rest: string): ConnectionOptions {
  // Userinfo cannot contain an unencoded `/`, so the first `/` starts the socket path.
  const slash = rest.indexOf('/');
  const authority = slash === -1 ? rest : rest.slice(0, slash);
  const at = authority.lastIndexOf('@');
  if (slash === -1 || authority.length !== at + 1) {
    throw invalid(
      TypeError,
      url,
      'a unix socket URL takes no host, only an absolute path: unix:///path/to/redis.sock',
    );
  }
  const options: ConnectionOptions = {};
  if (at !== -1) {
    const userinfo = authority.slice(0, at);
    const colon = userinfo.indexOf(':');
    const username = colon === -1 ? userinfo : userinfo.slice(0, colon);
    setCredentials(options, url, username, colon === -1 ? '' : userinfo.slice(colon + 1));
  }
  const [pathAndQuery = ''] = rest.slice(slash).split('#', 1);
  const question = pathAndQuery.indexOf('?');
  const path = question === -1 ? pathAndQuery : pathAndQuery.slice(0, question);
  options.path = decode(url, path, 'socket path');
  applyQuery(options, url, question === -1 ? '' : pathAndQuery.slice(question + 1), undefined);
  return options;
}

function setCredentials(
  options: ConnectionOptions,
  url: string,
  username: string,
  password: string,
): void {
  if (username !== '') options.username = decode(url, username, 'user name');
  if (password !== '') options.password = decode(url, password, 'password');
}

/** `/2` selects database 2; an empty path or `/` leaves the default. */
function parseDbPath(url: string, pathname: string): number | undefined {
  if (pathname === '' || pathname === '/') return undefined;
  const match = /^\/(\d+)\/?$/.exec(pathname);
  if (match === null) {
    throw invalid(TypeError, url, 'the path must be a database number, as in redis://host/2');
  }
  return Number(match[1]);
}

function applyQuery(
  options: ConnectionOptions,
  url: string,
  query: string,
  pathDb: number | undefined,
): void {
  const params = new URLSearchParams(query);
  for (const key of new Set(params.keys())) {
    if (!(QUERY_PARAMETERS as readonly string[]).includes(key)) {
      throw invalid(
        TypeError,
        url,
        `unknown query parameter "${key}" (supported: ${QUERY_PARAMETERS.join(', ')})`,
      );
    }
    if (params.getAll(key).length > 1) {
      throw invalid(TypeError, url, `query parameter "${key}" is given more than once`);
    }
  }
  const db = params.get('db');
  if (db !== null && !/^\d+$/.test(db)) {
    throw invalid(TypeError, url, 'the db parameter must be a whole number');
  }
  const queryDb = db === null ? undefined : Number(db);
  if (pathDb !== undefined && queryDb !== undefined && pathDb !== queryDb) {
    throw invalid(TypeError, url, `the path selects db ${pathDb} but the query db ${queryDb}`);
  }
  const selected = queryDb ?? pathDb;
  if (selected !== undefined) options.db = selected;

  const protocol = params.get('protocol');
  if (protocol !== null) {
    if (protocol !== '2' && protocol !== '3') {
      throw invalid(RangeError, url, 'the protocol parameter must be 2 or 3');
    }
    options.protocol = protocol === '2' ? 2 : 3;
  }
  const name = params.get('name');
  if (name !== null) options.name = name;
}

function checkPort(url: string, port: number): number {
  if (port < 1 || port > 65_535) {
    throw invalid(RangeError, url, `the port must be from 1 to 65535, got ${port}`);
  }
  return port;
}

/** Says why WHATWG URL refused the string, for the common cases it does not report itself. */
function unparsable(url: string): Error {
  const authority = url.slice(url.indexOf('://') + 3).split(/[/?#]/, 1)[0] ?? '';
  const hostAndPort = authority.slice(authority.lastIndexOf('@') + 1);
  const port = /^(?:\[[^\]]*\]|[^:]*):(.*)$/.exec(hostAndPort)?.[1];
  const hint = 'or is a reserved character in the user name or password not percent-encoded?';
  if (port !== undefined && /^\d+$/.test(port)) checkPort(url, Number(port));
  if (port !== undefined && port !== '' && !/^\d+$/.test(port)) {
    return invalid(TypeError, url, `the port must be a number (${hint})`);
  }
  return invalid(TypeError, url, `not a valid URL (is the host missing, ${hint})`);
}

function decode(url: string, text: string, what: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw invalid(TypeError, url, `the ${what} is not valid percent-encoding`);
  }
}

function invalid(
  Kind: TypeErrorConstructor | RangeErrorConstructor,
  url: string,
  problem: string,
): Error {
  return new Kind(`invalid Redis URL ${redactUrl(url)}: ${problem}`);
}
