import { join } from 'node:path';
import type { TlsMaterial } from './tls-certs.js';

/** An ACL user created at every start of the server. */
export interface AclUser {
  readonly name: string;
  readonly password: string;
  /**
   * ACL rules, space-separated, as after `ACL SETUSER <name> on >password`.
   * @default '~* &* +@all'
   */
  readonly rules?: string;
}

/** What a test may ask of a standalone server beyond the harness's base command line. */
export interface ServerExtrasOptions {
  /** `requirepass`: the default user needs AUTH with this password. @default none */
  readonly requirePass?: string;
  /** ACL users besides `default`, which stays usable (unless `requirePass` is set). @default [] */
  readonly aclUsers?: readonly AclUser[];
  /** Also listen on `<dir>/redis.sock` (mode 700); see `RedisServer.socketPath`. @default false */
  readonly unixSocket?: boolean;
  /**
   * Listen with TLS only, on the server's port, using the process's cached `TlsMaterial`;
   * client certificates are optional but verified when sent. @default false
   */
  readonly tls?: boolean;
  /** More `redis-server` arguments, appended last so they override ours. @default [] */
  readonly extraArgs?: readonly string[];
}

/** {@link ServerExtrasOptions} resolved: plain data kept in the server's config for restarts. */
export interface ServerExtras {
  readonly requirePass: string | null;
  readonly aclUsers: readonly AclUser[];
  readonly unixSocket: boolean;
  /** The material the server's certificate comes from; `null` for a plain-TCP server. */
  readonly tls: TlsMaterial | null;
  readonly extraArgs: readonly string[];
}

const DEFAULT_ACL_RULES = '~* &* +@all';

/**
 * Checks the options and fills in defaults. `tls` is left `null`: the caller generates the
 * material only once the options are known to be valid.
 *
 * @throws TypeError for an empty password, a user named `default` or with spaces, or TLS or a
 *   password on a cluster node (the cluster's own tooling talks plain TCP without AUTH).
 */
export function resolveExtras(options: ServerExtrasOptions, cluster: boolean): ServerExtras {
  if (options.requirePass === '') throw new TypeError('requirePass must not be empty');
  for (const user of options.aclUsers ?? []) {
    if (!/^[^\s]+$/.test(user.name) || user.name === 'default') {
      throw new TypeError(
        `ACL user name ${JSON.stringify(user.name)} is not allowed (use requirePass for the default user)`,
      );
    }
  }
  if (cluster && (options.tls === true || options.requirePass !== undefined)) {
    throw new TypeError('tls and requirePass are for standalone servers only');
  }
  return {
    requirePass: options.requirePass ?? null,
    aclUsers: options.aclUsers ?? [],
    unixSocket: options.unixSocket ?? false,
    tls: null,
    extraArgs: options.extraArgs ?? [],
  };
}

/** The server's own copies of its TLS files, inside its directory (removed with it on stop). */
export function serverTlsFiles(dir: string): { cert: string; key: string; ca: string } {
  return {
    cert: join(dir, 'tls-server.crt'),
    key: join(dir, 'tls-server.key'),
    ca: join(dir, 'tls-ca.crt'),
  };
}

/** Where a server started with `unixSocket: true` listens. */
export function unixSocketPath(dir: string): string {
  return join(dir, 'redis.sock');
}

/**
 * The port arguments: TLS-only servers listen with TLS on the harness port and nowhere in
 * plain TCP, so a plain client fails instead of quietly bypassing TLS.
 */
export function portArgs(port: number, extras: ServerExtras): string[] {
  return extras.tls === null
    ? ['--port', String(port)]
    : ['--port', '0', '--tls-port', String(port)];
}

/**
 * The arguments for `extras`, after the base command line. ACL users are `user` directives
 * (redis-server takes any config line as `--name args...`), so a restart recreates them with
 * no command sent, and they leave the default user and `requirepass` alone.
 */
export function extraServerArgs(dir: string, extras: ServerExtras): string[] {
  const args: string[] = [];
  if (extras.requirePass !== null) args.push('--requirepass', extras.requirePass);
  for (const user of extras.aclUsers) {
    const rules = (user.rules ?? DEFAULT_ACL_RULES).split(/\s+/).filter((rule) => rule !== '');
    args.push('--user', user.name, 'on', `>${user.password}`, ...rules);
  }
  if (extras.unixSocket) {
    args.push('--unixsocket', unixSocketPath(dir), '--unixsocketperm', '700');
  }
  if (extras.tls !== null) {
    const files = serverTlsFiles(dir);
    args.push('--tls-cert-file', files.cert, '--tls-key-file', files.key);
    args.push('--tls-ca-cert-file', files.ca, '--tls-auth-clients', 'optional');
  }
  args.push(...extras.extraArgs);
  return args;
}
