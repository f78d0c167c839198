import { setTimeout as sleep } from 'node:timers/promises';
import {
  type ClusterFaults,
  type ClusterNodeInfo,
  clientKillStorm,
  keySlot,
  type TestCluster,
  waitForReplicasInSync,
} from '@redwire/test-harness';
import {
  type FaultKind,
  type FaultLog,
  type FaultRecord,
  LOSS_WINDOW_AFTER_MS,
} from './fault-log.js';
import type { SeededRandom } from './seeded-random.js';

/** How often each fault is drawn. */
const FAULT_WEIGHTS: Readonly<Record<FaultKind, number>> = {
  kill: 2,
  pause: 2,
  failover: 2,
  migrate: 2,
  'client-kill': 2,
};

/** Quiet time between two faults, so the workers also run on a whole cluster. */
const GAP_MS = { min: 1000, max: 3000 } as const;

/** How long a node stays frozen: below the 2 s node timeout (no failover) up to well past it. */
const PAUSE_MS = { min: 1000, max: 4500 } as const;

/** What the driver needs to know of the workload: the keys it writes, to migrate their slots. */
export interface DriverTargets {
  /** Some key the workers write now. */
  readonly sampleKey: () => string;
}

/**
 * Injects faults into the soak's cluster at random from a seeded PRNG until a deadline: kill -9
 * of a primary (restarted, it rejoins as a replica), SIGSTOP/SIGCONT of a node for a few
 * seconds, CLUSTER FAILOVER, a slot migration with its keys, a CLIENT KILL storm. One fault at a
 * time, each waited out until the cluster is consistent and every replica in sync, so each
 * starts from a whole cluster. Candidates are sorted by port before a draw, so the same seed
 * picks the same kinds and the same nodes again (timings vary with the machine).
 */
export class FaultDriver {
  readonly #cluster: TestCluster;
  readonly #faults: ClusterFaults;
  readonly #random: SeededRandom;
  readonly #log: FaultLog;
  readonly #targets: DriverTargets;

  constructor(
    cluster: TestCluster,
    faults: ClusterFaults,
    random: SeededRandom,
    log: FaultLog,
    targets: DriverTargets,
  ) {
    this.#cluster = cluster;
    this.#faults = faults;
    this.#random = random;
    this.#log = log;
    this.#targets = targets;
  }

  /**
   * Injects faults until `deadline` (epoch ms); the last one started is waited out. `onFault`
   * hears of each once it is over and its loss window closed.
   */
  async run(deadline: number, onFault: (fault: FaultRecord) => void = () => {}): Promise<void> {
    while (Date.now() < deadline) {
      await sleep(this.#random.int(GAP_MS.min, GAP_MS.max));
      if (Date.now() >= deadline) return;
      const fault = await this.#inject(this.#random.weighted(FAULT_WEIGHTS));
      onFault(fault);
    }
  }

  async #inject(kind: FaultKind): Promise<FaultRecord> {
    switch (kind) {
      case 'kill':
        return this.#kill();
      case 'pause':
        return this.#pause();
      case 'failover':
        return this.#failover();
      case 'migrate':
        return this.#migrate();
      case 'client-kill':
        return this.#clientKill();
    }
  }

  async #kill(): Promise<FaultRecord> {
    const primary = this.#random.pick(await this.#nodes('primary'));
    const fault = this.#log.start('kill', this.#describe(primary), slotsOf(primary));
    await this.#faults.kill(primary);
    // Its replica takes over after the node timeout; then it comes back as that one's replica.
    await this.#faults.waitForClusterOk();
    const from = Date.now();
    await this.#faults.restart(primary);
    fault.restart = { from, until: Date.now() };
    return this.#end(fault);
  }

  async #pause(): Promise<FaultRecord> {
    const node = this.#random.pick(await this.#nodes('any'));
    const ms = this.#random.int(PAUSE_MS.min, PAUSE_MS.max);
    const fault = this.#log.start('pause', `${this.#describe(node)} for ${ms} ms`, slotsOf(node));
    await this.#faults.pause(node);
    await sleep(ms);
    await this.#faults.resume(node, { waitForCluster: false });
    fault.lossUntil = Date.now();
    await this.#faults.waitForClusterOk();
    return this.#end(fault);
  }

  async #failover(): Promise<FaultRecord> {
    const replica = this.#random.pick(await this.#nodes('replica'));
    const fault = this.#log.start('failover', this.#describe(replica));
    await this.#faults.failover(replica);
    return this.#end(fault);
  }

  async #migrate(): Promise<FaultRecord> {
    const slot = keySlot(this.#targets.sampleKey());
    const primaries = await this.#nodes('primary');
    const others = primaries.filter((node) => !slotsOf(node).has(slot));
    const target = this.#random.pick(others);
    const fault = this.#log.start('migrate', `slot ${slot} to ${this.#describe(target)}`);
    const migration = await this.#faults.migrateSlot(slot, target.id);
    fault.target += ` (${migration.keysMoved} keys)`;
    return this.#end(fault);
  }

  async #clientKill(): Promise<FaultRecord> {
    const rounds = this.#random.int(2, 5);
    const fault = this.#log.start('client-kill', `${rounds} rounds`);
    const storm = await clientKillStorm(this.#cluster, { rounds, intervalMs: 250 });
    fault.target += ` (${storm.killed} connections)`;
    return this.#end(fault);
  }

  async #end(fault: FaultRecord): Promise<FaultRecord> {
    await waitForReplicasInSync(this.#cluster);
    // The loss window must be closed before the fault is reported (the ledger counts it then).
    const windowClosesIn =
      Math.max(fault.lossUntil, fault.restart?.until ?? 0) + LOSS_WINDOW_AFTER_MS - Date.now();
    if (windowClosesIn > 0) await sleep(windowClosesIn);
    fault.endedAt = Date.now();
    return fault;
  }

  /** The nodes in a role now, by port (so a seed draws the same ones). */
  async #nodes(role: 'primary' | 'replica' | 'any'): Promise<ClusterNodeInfo[]> {
    const nodes = await this.#cluster.clusterNodes();
    return nodes
      .filter((node) => role === 'any' || node.role === role)
      .sort((a, b) => a.port - b.port);
  }

  #describe(node: ClusterNodeInfo): string {
    return `${node.role} ${node.host}:${node.port}`;
  }
}

/** Every slot a node serves (none for a replica). */
function slotsOf(node: ClusterNodeInfo): Set<number> {
  const slots = new Set<number>();
  for (const range of node.slots) for (let s = range.start; s <= range.end; s++) slots.add(s);
  return slots;
}
