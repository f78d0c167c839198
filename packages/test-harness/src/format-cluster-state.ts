import { formatAddress } from './address.js';
import { type ClusterNodeInfo, formatSlotRanges } from './cluster-nodes.js';

/** A node's line in the state table: what CLUSTER NODES says plus where its process lives. */
export interface NodeRow {
  readonly info: ClusterNodeInfo;
  readonly pid: number | null;
  readonly dir: string | null;
}

/**
 * The cluster as a small table, primaries in slot order, each followed by its replicas, for the
 * demo command's output.
 */
export function formatClusterState(rows: readonly NodeRow[]): string {
  const byId = new Map(rows.map((row) => [row.info.id, row]));
  const ordered: NodeRow[] = [];
  const primaries = rows
    .filter((candidate) => candidate.info.role === 'primary')
    .sort((a, b) => (a.info.slots[0]?.start ?? Infinity) - (b.info.slots[0]?.start ?? Infinity));
  for (const row of primaries) {
    ordered.push(row, ...rows.filter((candidate) => candidate.info.primaryId === row.info.id));
  }
  ordered.push(...rows.filter((row) => !ordered.includes(row)));
  const table = [['ROLE', 'ADDRESS', 'NODE ID', 'SLOTS / PRIMARY', 'PID', 'DIR']];
  for (const { info, pid, dir } of ordered) {
    const primary = info.primaryId === null ? undefined : byId.get(info.primaryId);
    const detail =
      info.role === 'primary'
        ? formatSlotRanges(info.slots)
        : `of ${primary === undefined ? info.primaryId : formatAddress(primary.info)}`;
    table.push([
      info.role,
      formatAddress(info),
      info.id,
      detail,
      pid === null ? '-' : String(pid),
      dir ?? '-',
    ]);
  }
  const widths =
    table[0]?.map((_, column) => Math.max(...table.map((line) => line[column]?.length ?? 0))) ?? [];
  return table
    .map((line) =>
      line
        .map((cell, column) => cell.padEnd(widths[column] ?? 0))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
