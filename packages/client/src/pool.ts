/**
 * `ConnectionPool`: dedicated connections for blocking commands and `isolated`, lent out one
 * caller at a time. Its state is data: every connection sits in exactly one named collection,
 *
 *   opening ──CLIENT ID──▶ idle ◀──release──▶ leased        (release of a dirty one: destroyed)
 *                           │                               close(): idle and released ones ──▶ closing
 *                           └──idle for poolIdleTimeout──▶ closing
 *
 * and callers that found every connection leased wait in `waiters`, first come first served,
 * each for at most `poolTimeout`, at most `maxPoolWaiters` of them. The pool creates
 * connections through an injected factory.
 */
import { performance } from 'node:perf_hooks';
import {
  AbortError,
  ConnectionError,
  type ConnectionStatus,
  type ServerAttributes,
  whenAborted,
} from '@redwire/connection';
import type { CommandArgument, RespValue } from '@redwire/protocol';
import {
  type PoolExhaustedEvent,
  type PoolLifecycleEvent,
  type PoolUsage,
  poolChannel,
  poolExhaustedChannel,
} from './diagnostics.js';
import { PoolExhaustedError } from './errors.js';
import type { PoolSettings } from './options.js';

/** What the pool needs of a connection (a `Connection` has it; tests pass fakes). */
export interface PoolableConnection {
  readonly status: ConnectionStatus;
  send(args: readonly CommandArgument[], options?: { timeout?: number }): Promise<RespValue>;
  close(): Promise<void>;
  destroy(error?: Error): void;
  on(event: 'reconnecting' | 'end', listener: () => void): unknown;
}

/** One connection of the pool, with what the pool knows about it. */
export interface PooledConnection<C extends PoolableConnection = PoolableConnection> {
  readonly connection: C;
  /** Its `CLIENT ID`, for CLIENT UNBLOCK; `undefined` after a reconnect until learned again. */
  id: number | undefined;
  /** Left in a state the next user must not inherit: destroyed on release instead of reused. */
  dirty: boolean;
}

/** Counts of the pool's collections, for tests and metrics. */
export interface PoolStats {
  /** Connections being opened (connect, handshake, `CLIENT ID`). */
  readonly opening: number;
  /** Connections ready to lend. */
  readonly idle: number;
  /** Connections lent out. */
  readonly leased: number;
  /** Connections closing gracefully (only while the pool closes). */
  readonly closing: number;
  /** Callers waiting for a connection. */
  readonly waiters: number;
  /** `opening + idle + leased + closing`. */
  readonly total: number;
  /** The bound on `opening + idle + leased`. */
  readonly maxConnections: number;
}

/** Someone waiting for a connection: in `waiters`, or for one being opened for them. */
interface Request<C extends PoolableConnection> {
  resolve(pooled: PooledConnection<C>): void;
  reject(error: Error): void;
  /** True once resolved or rejected; a connection opened for a settled request is offered on. */
  settled: boolean;
}

/**
 * A bounded pool of dedicated connections.
 *
 * @example
 * ```ts
 * const pool = new ConnectionPool(CLIENT_DEFAULTS, () => new Connection(url));
 * const pooled = await pool.acquire();
 * try { await pooled.connection.send(['BLPOP', 'jobs', '1']); } finally { pool.release(pooled); }
 * ```
 */
export class ConnectionPool<C extends PoolableConnection = PoolableConnection> {
  readonly #settings: PoolSettings;
  readonly #createConnection: () => C;

  /** Each with the request it is opened for. */
  readonly #opening = new Map<PooledConnection<C>, Request<C>>();
  /** Most recently released last, and lent first: a few connections stay warm. */
  readonly #idle: PooledConnection<C>[] = [];
  readonly #leased = new Set<PooledConnection<C>>();
  readonly #closing = new Set<PooledConnection<C>>();
  /** A FIFO: a Set iterates in insertion order, and a waiter that gives up leaves in O(1). */
  readonly #waiters = new Set<Request<C>>();

  /**
   * When each idle connection joined `idle` (`performance.now()`, monotonic: a wall-clock
   * change must not close connections early or keep them forever). Weak: nothing to clean up.
   */
  readonly #idleSince = new WeakMap<PooledConnection<C>, number>();
  /**
   * The pool's one idle timer, due when the oldest idle connection has been idle for
   * `poolIdleTimeout`. Armed exactly while `idle` is non-empty and the pool is open.
   */
  #idleTimer: ReturnType<typeof setTimeout> | undefined;

  #state: 'open' | 'closing' | 'closed' = 'open';
  #closeWaiters: (() => void)[] = [];
  /** What `redwire:pool` subscribers get: the server, and a view that reads {@link stats}. */
  readonly #lifecycle: Omit<PoolLifecycleEvent, 'state'>;

  /**
   * @param settings - `maxConnections`, `poolTimeout`, `poolWhenExhausted`, `maxPoolWaiters`,
   * `poolIdleTimeout`
   * @param createConnection - makes one new, unopened connection (the client passes its options)
   * @param server - the server its connections go to, for `redwire:pool` events
   */
  constructor(
    settings: PoolSettings,
    createConnection: () => C,
    server: Partial<ServerAttributes> = {},
  ) {
    this.#settings = settings;
    this.#createConnection = createConnection;
    this.#lifecycle = { ...server, usage: poolUsageOf(this) };
    this.#publish('open');
  }

  /** How many connections sit in each collection, and how many callers wait. */
  get stats(): PoolStats {
    const opening = this.#opening.size;
    const idle = this.#idle.length;
    const leased = this.#leased.size;
    const closing = this.#closing.size;
    return {
      opening,
      idle,
      leased,
      closing,
      waiters: this.#waiters.size,
      total: opening + idle + leased + closing,
      maxConnections: this.#settings.maxConnections,
    };
  }

  /**
   * Leases a connection: an idle one, a new one while there is room, or (when all are leased)
   * the next one released, waiting at most `poolTimeout`. Give it back with {@link release}.
   * @throws {@link PoolExhaustedError} when all are leased and the policy is `'fail'`, or
   * `maxPoolWaiters` callers already wait, or none was released within `poolTimeout`
   * @throws AbortError when `signal` aborts first
   * @throws ConnectionError when the pool is closed, or a new connection could not be opened
   */
  acquire(signal?: AbortSignal): Promise<PooledConnection<C>> {
    if (this.#state !== 'open') return Promise.reject(poolClosedError());
    if (signal?.aborted) return Promise.reject(abortedError(signal));
    const idle = this.#idle.pop();
    if (idle !== undefined) this.#syncIdleTimer();
    if (idle !== undefined && idle.id !== undefined) {
      this.#leased.add(idle);
      return Promise.resolve(idle);
    }
    const { promise, request } = this.#request(signal);
    if (idle !== undefined) {
      // Reconnected since it was last used: learn its new id before lending it.
      this.#prepare(idle, request);
    } else if (this.#size < this.#settings.maxConnections) {
      this.#open(request);
    } else if (this.#settings.poolWhenExhausted === 'fail') {
      this.#exhausted('fail');
      request.reject(new PoolExhaustedError(this.#settings.maxConnections, 0));
    } else if (this.#waiters.size >= this.#settings.maxPoolWaiters) {
      this.#exhausted('queue');
      request.reject(
        new PoolExhaustedError(this.#settings.maxConnections, 0, this.#settings.maxPoolWaiters),
      );
    } else {
      this.#wait(request);
    }
    return promise;
  }

  /**
   * Gives a leased connection back: to the first waiter, else to `idle`. A dirty or closed
   * connection is destroyed instead, which makes room for a new one. Releasing twice, or after
   * `destroy()`, does nothing.
   */
  release(pooled: PooledConnection<C>): void {
    if (!this.#leased.delete(pooled)) return;
    const status = pooled.connection.status;
    if (pooled.dirty || status === 'closing' || status === 'closed') {
      pooled.connection.destroy();
      this.#openForWaiter();
      this.#checkClosed();
      return;
    }
    this.#offer(pooled);
  }

  /**
   * Closes gracefully: waiters reject with `ConnectionError` (`REDWIRE_CONNECTION_CLOSED`),
   * idle connections close, leased ones close when released (whatever their user runs
   * finishes first). Resolves once every connection has closed. The idle timer is cleared.
   */
  close(): Promise<void> {
    if (this.#state === 'closed') return Promise.resolve();
    const closed = new Promise<void>((resolve) => this.#closeWaiters.push(resolve));
    if (this.#state === 'open') {
      this.#state = 'closing';
      this.#rejectWaiters(poolClosedError());
      for (const pooled of this.#idle.splice(0)) this.#retire(pooled);
      this.#syncIdleTimer();
    }
    this.#checkClosed();
    return closed;
  }

  /** Closes now: every connection, leased ones included, is destroyed; waiters reject. */
  destroy(error?: Error): void {
    if (this.#state === 'closed') return;
    this.#state = 'closed';
    this.#rejectWaiters(poolClosedError(error));
    const opening = [...this.#opening];
    this.#opening.clear();
    for (const [, request] of opening) request.reject(poolClosedError(error));
    const all = [
      ...opening.map(([pooled]) => pooled),
      ...this.#idle,
      ...this.#leased,
      ...this.#closing,
    ];
    this.#idle.length = 0;
    this.#syncIdleTimer();
    this.#leased.clear();
    this.#closing.clear();
    for (const pooled of all) pooled.connection.destroy(error);
    for (const resolve of this.#closeWaiters.splice(0)) resolve();
    this.#publish('closed');
  }

  #publish(state: PoolLifecycleEvent['state']): void {
    if (poolChannel.hasSubscribers) poolChannel.publish({ state, ...this.#lifecycle });
  }

  // ── lending ──────────────────────────────────────────────────────────────────────────────

  get #size(): number {
    return this.#opening.size + this.#idle.length + this.#leased.size;
  }

  #request(signal: AbortSignal | undefined): {
    promise: Promise<PooledConnection<C>>;
    request: Request<C>;
  } {
    let resolve!: (pooled: PooledConnection<C>) => void;
    let reject!: (error: Error) => void;
    const promise = new Promise<PooledConnection<C>>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    let stopWatching = noop;
    const request: Request<C> = {
      settled: false,
      resolve: (pooled) => {
        request.settled = true;
        stopWatching();
        resolve(pooled);
      },
      reject: (error) => {
        if (request.settled) return;
        request.settled = true;
        stopWatching();
        this.#waiters.delete(request);
        reject(error);
      },
    };
    if (signal !== undefined) {
      stopWatching = whenAborted(signal, () => request.reject(abortedError(signal)));
    }
    return { promise, request };
  }

  /** Says on `redwire:pool-exhausted` that a caller got no connection, when anyone listens. */
  #exhausted(reason: PoolExhaustedEvent['reason']): void {
    if (!poolExhaustedChannel.hasSubscribers) return;
    const { maxConnections } = this.#settings;
    const event: PoolExhaustedEvent = { reason, maxConnections, waiters: this.#waiters.size };
    poolExhaustedChannel.publish(event);
  }

  /** Queues a request behind the others, for at most `poolTimeout`. */
  #wait(request: Request<C>): void {
    const { poolTimeout, maxConnections } = this.#settings;
    const timer = setTimeout(() => {
      this.#exhausted('timeout');
      request.reject(new PoolExhaustedError(maxConnections, poolTimeout));
    }, poolTimeout);
    const { resolve, reject } = request;
    request.resolve = (pooled) => {
      clearTimeout(timer);
      resolve(pooled);
    };
    request.reject = (error) => {
      clearTimeout(timer);
      reject(error);
    };
    this.#waiters.add(request);
  }

  /** A free connection goes to the first waiter, or to `idle`. */
  #offer(pooled: PooledConnection<C>): void {
    if (this.#state !== 'open') {
      this.#retire(pooled);
      return;
    }
    const waiter = this.#nextWaiter();
    if (waiter === undefined) {
      this.#idle.push(pooled);
      this.#idleSince.set(pooled, performance.now());
      this.#syncIdleTimer();
    } else if (pooled.id === undefined) {
      this.#prepare(pooled, waiter);
    } else {
      this.#leased.add(pooled);
      waiter.resolve(pooled);
    }
  }

  /** A slot came free: open a connection for the first waiter, if any. */
  #openForWaiter(): void {
    if (this.#state !== 'open' || this.#size >= this.#settings.maxConnections) return;
    const waiter = this.#nextWaiter();
    if (waiter !== undefined) this.#open(waiter);
  }

  #nextWaiter(): Request<C> | undefined {
    for (const waiter of this.#waiters) {
      this.#waiters.delete(waiter);
      return waiter;
    }
    return undefined;
  }

  // ── opening and retiring connections ─────────────────────────────────────────────────────

  #open(request: Request<C>): void {
    const connection = this.#createConnection();
    const pooled: PooledConnection<C> = { connection, id: undefined, dirty: false };
    // A reconnect gives the connection a new id on the server.
    connection.on('reconnecting', () => {
      pooled.id = undefined;
    });
    // Gone for good while idle (reconnecting gave up): forget it, and make room.
    connection.on('end', () => {
      const at = this.#idle.indexOf(pooled);
      if (at === -1) return;
      this.#idle.splice(at, 1);
      this.#syncIdleTimer();
      this.#openForWaiter();
    });
    this.#prepare(pooled, request);
  }

  /** Learns the connection's id (which opens it, if new), then lends it to `request`. */
  #prepare(pooled: PooledConnection<C>, request: Request<C>): void {
    this.#opening.set(pooled, request);
    pooled.connection.send(['CLIENT', 'ID']).then(
      (id) => {
        if (!this.#opening.delete(pooled)) return; // the pool was destroyed meanwhile
        pooled.id = Number(id);
        if (this.#state !== 'open') {
          request.reject(poolClosedError());
          this.#retire(pooled);
        } else if (request.settled) {
          this.#offer(pooled);
        } else {
          this.#leased.add(pooled);
          request.resolve(pooled);
        }
      },
      (error: Error) => {
        if (!this.#opening.delete(pooled)) return;
        pooled.connection.destroy();
        request.reject(error);
        this.#openForWaiter();
        this.#checkClosed();
      },
    );
  }

  /** Closes a connection the pool no longer lends, keeping it in `closing` until it has. */
  #retire(pooled: PooledConnection<C>): void {
    this.#closing.add(pooled);
    pooled.connection.close().finally(() => {
      this.#closing.delete(pooled);
      this.#checkClosed();
    });
  }

  // ── closing idle connections ─────────────────────────────────────────────────────────────

  /**
   * Arms the idle timer when a connection sits idle and none is armed; clears it when none
   * does (or the pool closes, or `poolIdleTimeout` is 0), so an idle-less pool holds no timer.
   *
   * One timer serves every idle connection because `idle` is in the order connections joined
   * it (they are pushed on release and lent from the end), so `idle[0]` is always the oldest
   * and the next to expire. While armed, the timer is due no later than `idle[0]`'s deadline:
   * that deadline only moves later (when `idle[0]` leaves), so the timer at worst fires early,
   * finds nothing expired and re-arms.
   */
  #syncIdleTimer(): void {
    const oldest = this.#idle[0];
    const { poolIdleTimeout } = this.#settings;
    if (oldest === undefined || this.#state !== 'open' || poolIdleTimeout === 0) {
      clearTimeout(this.#idleTimer);
      this.#idleTimer = undefined;
      return;
    }
    if (this.#idleTimer !== undefined) return;
    const due = this.#idleSinceOf(oldest) + poolIdleTimeout - performance.now();
    // setTimeout fires at once for delays beyond 2^31 - 1 ms; a timer capped there re-arms.
    const delay = Math.min(Math.max(due, 0), MAX_TIMER_DELAY);
    this.#idleTimer = setTimeout(() => this.#closeIdle(), delay);
    // Idle connections are no work in progress: they must not keep the process alive.
    this.#idleTimer.unref();
  }

  /** The idle timer fired: close, gracefully, every connection idle for `poolIdleTimeout`. */
  #closeIdle(): void {
    this.#idleTimer = undefined;
    const expiredBefore = performance.now() - this.#settings.poolIdleTimeout;
    let expired = 0;
    for (const pooled of this.#idle) {
      if (this.#idleSinceOf(pooled) > expiredBefore) break;
      expired++;
    }
    // Out of `idle` first, so no caller can lease one while it closes. No waiter can be owed
    // the freed slot: callers wait only while no connection is idle.
    for (const pooled of this.#idle.splice(0, expired)) this.#retire(pooled);
    this.#syncIdleTimer();
  }

  /** Set whenever a connection joins `idle`; were it missing, the connection counts as expired. */
  #idleSinceOf(pooled: PooledConnection<C>): number {
    return this.#idleSince.get(pooled) ?? Number.NEGATIVE_INFINITY;
  }

  #rejectWaiters(error: Error): void {
    for (const waiter of [...this.#waiters]) waiter.reject(error);
    this.#waiters.clear();
  }

  #checkClosed(): void {
    if (this.#state !== 'closing') return;
    if (this.#opening.size + this.#leased.size + this.#closing.size > 0) return;
    this.#state = 'closed';
    for (const resolve of this.#closeWaiters.splice(0)) resolve();
    this.#publish('closed');
  }
}

/** A view of `pool` that reads its counts and lends nothing. */
function poolUsageOf(pool: { readonly stats: PoolStats }): PoolUsage {
  return {
    get stats() {
      return pool.stats;
    },
  };
}

/** The longest delay `setTimeout` honours (a signed 32-bit count of ms). */
const MAX_TIMER_DELAY = 2 ** 31 - 1;

function poolClosedError(cause?: Error): ConnectionError {
  return new ConnectionError('The client is closed: its pool lends no more connections', {
    code: 'REDWIRE_CONNECTION_CLOSED',
    ...(cause === undefined ? {} : { cause }),
  });
}

function abortedError(signal: AbortSignal): AbortError {
  return new AbortError('Waiting for a pooled connection was aborted', { cause: signal.reason });
}

function noop(): void {}
