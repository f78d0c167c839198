import { randomBytes } from 'node:crypto';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { ClusterNodeInfo } from './cluster-nodes.js';

/**
 * The file name of a local cluster's log in the state directory; the owner's PID in it lets the
 * reaper remove logs of runs that died.
 */
export function promotionLogName(ownerPid: number, firstPort: number): string {
  return `cluster-${ownerPid}-${firstPort}.promotions.json`;
}

/** The owner PID in a name made by {@link promotionLogName}, or `undefined` for other files. */
export function promotionLogOwner(name: string): number | undefined {
  const pid = /^cluster-(\d+)-\d+\.promotions\.json$/.exec(name)?.[1];
  return pid === undefined ? undefined : Number(pid);
}

interface Entry {
  readonly epoch: number;
  readonly primary: boolean;
  /** When the node was last seen becoming primary (ms since epoch), 0 if never. */
  readonly promotedAt: number;
}

/**
 * When each node of a cluster was last seen becoming primary, kept in a small JSON file so that
 * every process of a run (global setup, each test file's worker) shares it.
 *
 * A node counts as promoted when it is first seen as a primary, or as a primary with a new
 * config epoch (an election, or a slot migration's epoch bump). Observations come after the
 * fact, so recorded times are late, never early: waits based on them err on the long side.
 */
export class PromotionLog {
  /** The JSON file. */
  readonly file: string;

  constructor(file: string) {
    this.file = file;
  }

  /** Records the roles and epochs in one consistent CLUSTER NODES view. */
  observe(nodes: readonly ClusterNodeInfo[], now: number = Date.now()): void {
    const entries = this.#read();
    let changed = false;
    for (const node of nodes) {
      const primary = node.role === 'primary';
      const previous = entries[node.id];
      if (previous?.epoch === node.configEpoch && previous.primary === primary) continue;
      const promoted =
        primary &&
        (previous === undefined || !previous.primary || previous.epoch !== node.configEpoch);
      entries[node.id] = {
        epoch: node.configEpoch,
        primary,
        promotedAt: promoted ? now : (previous?.promotedAt ?? 0),
      };
      changed = true;
    }
    if (changed) this.#write(entries);
  }

  /** When `nodeId` was last seen becoming primary, or `undefined` if it never was. */
  promotedAt(nodeId: string): number | undefined {
    const at = this.#read()[nodeId]?.promotedAt;
    return at === undefined || at === 0 ? undefined : at;
  }

  #read(): Record<string, Entry> {
    try {
      return JSON.parse(readFileSync(this.file, 'utf8')) as Record<string, Entry>;
    } catch {
      return {};
    }
  }

  #write(entries: Record<string, Entry>): void {
    const temporary = `${this.file}.${randomBytes(4).toString('hex')}.tmp`;
    writeFileSync(temporary, JSON.stringify(entries));
    renameSync(temporary, this.file);
  }
}
