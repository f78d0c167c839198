/** Time bounds and settings of the harness; every lever also takes its own `timeoutMs`. */
export interface HarnessSettings {
  /**
   * Interface every server binds to. Only loopback traffic is allowed in CI.
   * @default '127.0.0.1'
   */
  readonly host: string;
  /**
   * `cluster-node-timeout` of every cluster node: small, so a dead primary fails over in
   * roughly two to four seconds.
   * @default 2000
   */
  readonly clusterNodeTimeoutMs: number;
  /**
   * How long a starting server has to answer PING.
   * @default 10000
   */
  readonly startTimeoutMs: number;
  /**
   * How long a stopping server has after SIGTERM before it gets SIGKILL.
   * @default 3000
   */
  readonly stopTimeoutMs: number;
  /**
   * Bound on one command sent by the harness (a paused node never answers).
   * @default 1000
   */
  readonly commandTimeoutMs: number;
  /**
   * How long a lever waits for the cluster to become consistent again.
   * @default 30000
   */
  readonly clusterOkTimeoutMs: number;
  /**
   * Pause between two looks at the cluster while waiting.
   * @default 50
   */
  readonly pollIntervalMs: number;
  /**
   * Keys moved by one MIGRATE when migrating a slot.
   * @default 100
   */
  readonly migrateBatchSize: number;
}

/** The defaults documented on {@link HarnessSettings}. */
export const HARNESS_DEFAULTS: HarnessSettings = {
  host: '127.0.0.1',
  clusterNodeTimeoutMs: 2000,
  startTimeoutMs: 10_000,
  stopTimeoutMs: 3000,
  commandTimeoutMs: 1000,
  clusterOkTimeoutMs: 30_000,
  pollIntervalMs: 50,
  migrateBatchSize: 100,
};

/** Options every lever and wait accepts. */
export interface WaitOptions {
  /** Upper bound for the whole operation; it fails with `HarnessTimeoutError` past it. */
  readonly timeoutMs?: number;
}
