/** The fault bench's section of RESULTS.md: one table per scenario, one row per client. */

import { type Machine, measuredOn } from '../lib/machine.js';
import { markdownTable } from '../lib/markdown-table.js';
import type { FaultContender } from './clients.js';
import { STALL_MS, UNSETTLED_AFTER_MS } from './figures.js';
import { WORKERS } from './load.js';
import type { FaultScenario } from './scenarios.js';
import type { TrialResult } from './trial.js';

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

export function faultSection(
  machine: Machine,
  serverVersion: string,
  contenders: readonly FaultContender[],
  scenarios: readonly FaultScenario[],
  results: readonly TrialResult[],
): string {
  const lines = [
    '## Faults: a frozen primary, kill -9, CLUSTER FAILOVER',
    '',
    `${measuredOn(machine)} redis-server ${serverVersion}, a fresh six-node cluster (node timeout 2 s) per client and scenario; ${WORKERS} workers, two GETs to one SET, over 1,000 keys on every shard.`,
    '',
    `Clients, defaults: ${contenders.map((contender) => contender.source).join('; ')}.`,
    '',
    `Columns: commands issued; errors; errors of commands issued after the fault began; healthy = from the promotion to the first moment after which every command succeeded within ${seconds(STALL_MS)} ("never" when that had not come when the load stopped, ${seconds(UNSETTLED_AFTER_MS + 2000)} after the promotion); unsettled = commands waiting ${seconds(UNSETTLED_AFTER_MS)} after the promotion for more than ${seconds(STALL_MS)} already; longest = the longest any command took or waited.`,
  ];
  for (const scenario of scenarios) {
    const rows = results
      .filter((result) => result.scenario === scenario)
      .map(({ contender, figures, times }) => [
        contender.name,
        figures.commands.toLocaleString('en-US'),
        figures.errors.toLocaleString('en-US'),
        figures.errorsAfterFault.toLocaleString('en-US'),
        figures.healthyAfterMs === undefined ? 'never' : seconds(figures.healthyAfterMs),
        figures.unsettled.toLocaleString('en-US'),
        seconds(figures.longestMs),
        seconds(times.promotedAt - times.faultAt),
      ]);
    lines.push(
      '',
      `### ${scenario.name}: ${scenario.description}`,
      '',
      markdownTable(
        [
          { title: 'client', align: 'left' },
          { title: 'commands', align: 'right' },
          { title: 'errors', align: 'right' },
          { title: 'after the fault', align: 'right' },
          { title: 'healthy', align: 'right' },
          { title: 'unsettled', align: 'right' },
          { title: 'longest', align: 'right' },
          { title: 'promoted after', align: 'right' },
        ],
        rows,
      ),
    );
    const kinds = results
      .filter((result) => result.scenario === scenario && result.figures.errors > 0)
      .map(
        ({ contender, figures }) =>
          `${contender.name}: ${figures.errorKinds.map(([kind, count]) => `${count} × ${kind}`).join(', ')}`,
      );
    if (kinds.length > 0) lines.push('', `Errors: ${kinds.join('; ')}.`);
  }
  return lines.join('\n');
}
