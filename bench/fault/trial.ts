/**
 * One client through one fault on a fresh six-node cluster: connect, run the load, inject the
 * fault, keep the load running until well after the promotion, then stop, destroy the client
 * and stop every node (the cluster's own cleanup also runs on errors and signals).
 */

import { setTimeout as sleep } from 'node:timers/promises';
import { ClusterFaults, TestCluster } from '@redwire/test-harness/servers';
import { withBenchCluster } from '../lib/bench-server.js';
import type { FaultContender } from './clients.js';
import { computeFigures, type FaultFigures, UNSETTLED_AFTER_MS } from './figures.js';
import { startLoad } from './load.js';
import type { FaultScenario, FaultTimes } from './scenarios.js';

/** Load before the fault, so every client has its connections and topology. */
const WARM_MS = 2000;
/** Load after the promotion: past the moment unsettled commands are counted. */
const OBSERVE_MS = UNSETTLED_AFTER_MS + 2000;

export interface TrialResult {
  readonly contender: FaultContender;
  readonly scenario: FaultScenario;
  readonly times: FaultTimes;
  readonly figures: FaultFigures;
  /** Errors the client emitted as events during the trial. */
  readonly eventErrors: number;
}

export function runTrial(contender: FaultContender, scenario: FaultScenario): Promise<TrialResult> {
  return withBenchCluster(async (local) => {
    const cluster = new TestCluster(local.setup);
    const faults = new ClusterFaults(cluster);
    const client = await contender.connect(cluster.seeds());
    try {
      const primary = await cluster.nodeForKey('fault:0');
      const load = startLoad(client);
      try {
        await sleep(WARM_MS);
        const times = await scenario.inject(cluster, faults, primary);
        await sleep(Math.max(0, times.promotedAt + OBSERVE_MS - Date.now()));
        const stoppedAt = Date.now();
        load.stop();
        const figures = computeFigures(load.commands, times, stoppedAt);
        await times.aftermath;
        return { contender, scenario, times, figures, eventErrors: client.eventErrors() };
      } finally {
        load.stop();
      }
    } finally {
      // Forced: a client hung on a frozen node would otherwise keep the trial waiting.
      client.destroy();
    }
  });
}
