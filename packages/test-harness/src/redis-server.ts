import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { chmod, copyFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ServerAddress } from './address.js';
import { HarnessStateError, HarnessTimeoutError, ServerStartError } from './errors.js';
import { HARNESS_DEFAULTS, type WaitOptions } from './options.js';
import { allocatePort } from './ports.js';
import {
  isAlive,
  type ProcessIdentity,
  type ProcessState,
  processIdentity,
  processState,
} from './process-state.js';
import { type CommandArgs, sendCommand } from './resp-client.js';
import type { RespValue } from './resp-codec.js';
import { formatTarget, type TcpTarget } from './resp-target.js';
import {
  extraServerArgs,
  portArgs,
  resolveExtras,
  type ServerExtras,
  type ServerExtrasOptions,
  serverTlsFiles,
  unixSocketPath,
} from './server-extras.js';
import { ServerRegistry } from './server-registry.js';
import { signalRedisServer, stopRedisProcess, waitForExit } from './server-signals.js';
import { generateTlsMaterial, type TlsMaterial } from './tls-certs.js';
import { done, notYet, waitUntil } from './wait-until.js';

/** Everything needed to (re)start one server; plain data, so it can travel to test workers. */
export interface RedisServerConfig {
  readonly host: string;
  /** The port clients connect to: the TLS port of a TLS server. */
  readonly port: number;
  /** Temporary directory holding redis.log, redis.pid and, for cluster nodes, nodes.conf. */
  readonly dir: string;
  /** Cluster settings, or `null` for a standalone server. */
  readonly cluster: { readonly nodeTimeoutMs: number } | null;
  /** The state directory the server is recorded in. */
  readonly registryDir: string;
  /** Authentication, unix socket, TLS and extra arguments (all off for a plain server). */
  readonly extras: ServerExtras;
}

/** Options of {@link RedisServer.start}. */
export interface StartRedisServerOptions extends WaitOptions, ServerExtrasOptions {
  /** Start a cluster-enabled node. @default null (standalone) */
  readonly cluster?: { readonly nodeTimeoutMs: number } | null;
  /** @default HARNESS_DEFAULTS.host */
  readonly host?: string;
  /** @default a registry in the default state directory */
  readonly registry?: ServerRegistry;
  /** The run that must stop this server. @default this process */
  readonly owner?: ProcessIdentity;
  /** Word in the temporary directory's name (`redwire-<label>-XXXXXX`). @default 'server' */
  readonly label?: string;
}

const PORT_ATTEMPTS = 5;

/** The command line of a harness server: nothing on disk but its own directory. */
export function redisServerArgs(config: RedisServerConfig): string[] {
  const args = [
    ...portArgs(config.port, config.extras),
    ...['--bind', config.host, '--dir', config.dir],
    ...['--save', '', '--appendonly', 'no', '--daemonize', 'no'],
    ...['--pidfile', join(config.dir, 'redis.pid'), '--logfile', join(config.dir, 'redis.log')],
    // Later suites use DEBUG SLEEP; Redis 7 refuses DEBUG unless this is set.
    ...['--enable-debug-command', 'yes'],
    // A replica attaches at once instead of after the default 5 s wait for more replicas, and
    // a server stopped while a replica is paused exits without waiting for it.
    ...['--repl-diskless-sync-delay', '0', '--shutdown-timeout', '0'],
  ];
  if (config.cluster !== null) {
    args.push(
      ...['--cluster-enabled', 'yes', '--cluster-config-file', 'nodes.conf'],
      ...['--cluster-node-timeout', String(config.cluster.nodeTimeoutMs)],
      // A replica cut off for long (its primary paused by a test) still fails over, and
      // replicas never wander to another primary: fault tests stay deterministic.
      ...['--cluster-replica-validity-factor', '0', '--cluster-allow-replica-migration', 'no'],
      // While one shard fails over, the others keep serving (the default, `yes`, stops every
      // shard until all slots are covered again): the setting of clusters that value
      // availability, and the one under which a client's failover handling can be measured.
      ...['--cluster-require-full-coverage', 'no'],
    );
  }
  return [...args, ...extraServerArgs(config.dir, config.extras)];
}

/**
 * One `redis-server` process, handled by PID. The PID lives in the state directory rather than
 * in this object, so a handle rebuilt in a test worker from {@link RedisServer.config} controls
 * the same server, including after another process restarted it.
 */
export class RedisServer {
  /** Plain data to rebuild this handle elsewhere with {@link RedisServer.attach}. */
  readonly config: RedisServerConfig;
  readonly #registry: ServerRegistry;

  private constructor(config: RedisServerConfig, registry: ServerRegistry) {
    this.config = config;
    this.#registry = registry;
  }

  /**
   * Starts a server on a free loopback port in a new temporary directory and waits until it
   * answers PING (over TLS and after AUTH when so configured). A port lost to another program
   * between the check and the bind is retried.
   *
   * @example
   * const server = await RedisServer.start({ tls: true, requirePass: 'secret' });
   * tls.connect({ ...server.address, ca: server.tls!.caCert.pem });
   *
   * @throws TypeError for invalid extras (see `resolveExtras`).
   * @throws ServerStartError when redis-server exits or cannot be spawned.
   * @throws HarnessTimeoutError when it does not answer within `timeoutMs`.
   */
  static async start(options: StartRedisServerOptions = {}): Promise<RedisServer> {
    const registry = options.registry ?? new ServerRegistry();
    const owner = options.owner ?? processIdentity(process.pid);
    const host = options.host ?? HARNESS_DEFAULTS.host;
    const cluster = options.cluster ?? null;
    // Checked before any certificate is generated, so a bad option fails fast.
    const resolved = resolveExtras(options, cluster !== null);
    const tls = options.tls === true ? await generateTlsMaterial() : null;
    const extras: ServerExtras = { ...resolved, tls };
    for (let attempt = 1; ; attempt++) {
      const port = await allocatePort({
        host,
        withBusPort: cluster !== null,
        reserve: (candidate) => registry.reserve({ port: candidate, dir: null, pid: null, owner }),
        release: (candidate) => registry.remove(candidate),
      });
      const dir = await mkdtemp(join(tmpdir(), `redwire-${options.label ?? 'server'}-`));
      registry.update(port, { dir });
      const server = new RedisServer(
        { host, port, dir, cluster, registryDir: registry.dir, extras },
        registry,
      );
      try {
        if (tls !== null) await copyTlsFiles(tls, dir);
        await server.#spawn(options.timeoutMs ?? HARNESS_DEFAULTS.startTimeoutMs);
        return server;
      } catch (error) {
        await server.stop();
        const retry =
          error instanceof ServerStartError && error.addressInUse && attempt < PORT_ATTEMPTS;
        if (!retry) throw error;
      }
    }
  }

  /** A handle on a server started elsewhere (the global setup), from its config. */
  static attach(config: RedisServerConfig): RedisServer {
    return new RedisServer(config, new ServerRegistry(config.registryDir));
  }

  get host(): string {
    return this.config.host;
  }

  get port(): number {
    return this.config.port;
  }

  /** `{ host, port }`, for a client's options (the TLS port for a TLS server). */
  get address(): ServerAddress {
    return { host: this.config.host, port: this.config.port };
  }

  /** The unix socket path of a server started with `unixSocket: true`, otherwise `null`. */
  get socketPath(): string | null {
    return this.config.extras.unixSocket ? unixSocketPath(this.config.dir) : null;
  }

  /** The certificates of a server started with `tls: true` (CA, client, other CA), or `null`. */
  get tls(): TlsMaterial | null {
    return this.config.extras.tls;
  }

  /**
   * How the harness's own client reaches this server: TLS trusting its CA, and AUTH as the
   * default user when it has `requirePass`. For `RespClient.connect` and `sendCommand`.
   */
  get target(): TcpTarget {
    const { tls, requirePass } = this.config.extras;
    return {
      ...this.address,
      ...(tls === null ? {} : { tls: { ca: tls.caCert.pem } }),
      ...(requirePass === null ? {} : { auth: { password: requirePass } }),
    };
  }

  /** The current PID, or `null` if none was ever recorded. */
  pid(): number | null {
    return this.#registry.get(this.config.port)?.pid ?? null;
  }

  /** What the kernel says about the process: running, stopped (paused), zombie or gone. */
  state(): ProcessState {
    const pid = this.pid();
    return pid === null ? 'gone' : processState(pid);
  }

  /**
   * Sends one command (bounded by the harness's command timeout) on a new connection to
   * {@link RedisServer.target} and returns the reply.
   */
  command(...args: CommandArgs): Promise<RespValue> {
    return sendCommand(this.target, args);
  }

  /**
   * Freezes the process with SIGSTOP: its port still accepts connections, but nothing is
   * answered, as with a hung server. Resolves once the kernel reports it stopped.
   */
  async pause(options: WaitOptions = {}): Promise<void> {
    const pid = this.#livePid('pause');
    signalRedisServer(pid, this.port, 'SIGSTOP');
    await waitUntil(
      async () =>
        processState(pid) === 'stopped'
          ? done(undefined)
          : notYet(`process ${pid} is ${processState(pid)}`),
      { what: `${this.#label()} to stop`, timeoutMs: options.timeoutMs ?? 2000, intervalMs: 5 },
    );
  }

  /** Lets a paused process run again with SIGCONT and waits until it answers PING. */
  async resume(options: WaitOptions = {}): Promise<void> {
    signalRedisServer(this.#livePid('resume'), this.port, 'SIGCONT');
    await this.#waitForPing(options.timeoutMs ?? HARNESS_DEFAULTS.startTimeoutMs);
  }

  /** Kills the process with SIGKILL (no shutdown work at all) and waits until it is gone. */
  async kill(options: WaitOptions = {}): Promise<void> {
    const pid = this.#livePid('kill');
    signalRedisServer(pid, this.port, 'SIGKILL');
    if (!(await waitForExit(pid, options.timeoutMs ?? HARNESS_DEFAULTS.stopTimeoutMs))) {
      throw new HarnessTimeoutError(`${this.#label()} (pid ${pid}) did not exit after SIGKILL`);
    }
  }

  /**
   * Starts the server again on the same port and directory (so a cluster node keeps its node id
   * from nodes.conf) and waits until it answers PING. A process still running is killed first,
   * as in a crash.
   *
   * @throws ServerStartError when the new process exits, e.g. because the port was taken.
   */
  async restart(options: WaitOptions = {}): Promise<void> {
    const pid = this.pid();
    if (pid !== null && isAlive(pid)) await this.kill();
    await this.#spawn(options.timeoutMs ?? HARNESS_DEFAULTS.startTimeoutMs);
  }

  /**
   * Stops the process (SIGTERM, SIGKILL after the stop timeout), removes its directory and
   * releases its port. Safe to call on a server that already exited.
   */
  async stop(options: WaitOptions = {}): Promise<void> {
    const pid = this.pid();
    if (pid !== null)
      await stopRedisProcess(pid, this.port, options.timeoutMs ?? HARNESS_DEFAULTS.stopTimeoutMs);
    await rm(this.config.dir, { recursive: true, force: true });
    this.#registry.remove(this.port);
  }

  async #spawn(timeoutMs: number): Promise<void> {
    const child = spawn('redis-server', redisServerArgs(this.config), { stdio: 'ignore' });
    // The server outlives the process that spawned it when a test worker restarts it; the
    // run's owner stops it by the PID recorded here.
    child.unref();
    if (child.pid === undefined) {
      const [error] = (await once(child, 'error')) as [Error];
      throw new ServerStartError(this.port, `could not be spawned: ${error.message}`, '', {
        cause: error,
      });
    }
    const pid = child.pid;
    this.#registry.update(this.port, { pid });
    const outcome = await waitUntil(
      async () => {
        if (!isAlive(pid)) return done('exited' as const);
        await sendCommand(this.target, ['PING'], 500);
        return done('ready' as const);
      },
      { what: `${this.#label()} to answer PING`, timeoutMs, intervalMs: 20 },
    );
    if (outcome === 'exited')
      throw new ServerStartError(this.port, 'exited while starting', await this.#logTail());
  }

  async #waitForPing(timeoutMs: number): Promise<void> {
    await waitUntil(
      async () => {
        await sendCommand(this.target, ['PING'], 500);
        return done(undefined);
      },
      { what: `${this.#label()} to answer PING`, timeoutMs, intervalMs: 20 },
    );
  }

  #livePid(lever: string): number {
    const pid = this.pid();
    if (pid === null || !isAlive(pid)) {
      throw new HarnessStateError(
        `Cannot ${lever} ${this.#label()}: its process is not running (restart it first)`,
      );
    }
    return pid;
  }

  async #logTail(): Promise<string> {
    try {
      const log = await readFile(join(this.config.dir, 'redis.log'), 'utf8');
      return log.trimEnd().split('\n').slice(-15).join('\n');
    } catch {
      return '';
    }
  }

  #label(): string {
    return `redis-server ${formatTarget(this.target)}`;
  }
}

/**
 * Copies the server's certificate, key and CA into its own directory, so its files live and go
 * with it: a restart never depends on the shared material still being on disk.
 */
async function copyTlsFiles(material: TlsMaterial, dir: string): Promise<void> {
  const files = serverTlsFiles(dir);
  await Promise.all([
    copyFile(material.serverCert.path, files.cert),
    copyFile(material.serverKey.path, files.key),
    copyFile(material.caCert.path, files.ca),
  ]);
  await chmod(files.key, 0o600);
}
