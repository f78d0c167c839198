import { parseAddress } from './address.js';

/** An inclusive range of hash slots. */
export interface SlotRange {
  readonly start: number;
  readonly end: number;
}

/** A slot being moved, as the `myself` line of CLUSTER NODES shows it. */
export interface OpenSlot {
  readonly slot: number;
  /** The node the slot moves to (migrating) or from (importing). */
  readonly nodeId: string;
}

/** One line of CLUSTER NODES: a node as the answering node sees it. */
export interface ClusterNodeInfo {
  readonly id: string;
  readonly host: string;
  readonly port: number;
  readonly busPort: number;
  /** `cluster-announce-hostname`, when set. */
  readonly hostname: string | null;
  /** The raw flags: myself, master, slave, fail?, fail, handshake, noaddr, nofailover, noflags. */
  readonly flags: readonly string[];
  readonly role: 'primary' | 'replica';
  /** Whether this line is the answering node itself. */
  readonly myself: boolean;
  /** For a replica, its primary's id; otherwise `null`. */
  readonly primaryId: string | null;
  readonly configEpoch: number;
  readonly linkState: 'connected' | 'disconnected';
  /** Owned slots, in the order listed. */
  readonly slots: readonly SlotRange[];
  readonly migrating: readonly OpenSlot[];
  readonly importing: readonly OpenSlot[];
}

/**
 * Parses the reply of CLUSTER NODES.
 *
 * Format, one node per line: `<id> <ip:port@cport[,hostname]> <flags> <primary> <ping-sent>
 * <pong-recv> <config-epoch> <link-state> <slot> ...`, where a slot is `N`, `N-M`,
 * `[N->-<id>]` (migrating) or `[N-<-<id>]` (importing).
 *
 * @throws TypeError on a line that does not have the eight fixed fields.
 */
export function parseClusterNodes(text: string): ClusterNodeInfo[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .map(parseLine);
}

function parseLine(line: string): ClusterNodeInfo {
  const [id, endpoint, flagText, primary, , , epoch, link, ...slotFields] = line.split(' ');
  if (id === undefined || endpoint === undefined || flagText === undefined || link === undefined) {
    throw new TypeError(`Malformed CLUSTER NODES line: ${JSON.stringify(line)}`);
  }
  const [addressPart = '', hostname = null] = endpoint.split(',');
  const [hostPort = '', bus = '0'] = addressPart.split('@');
  // A node with no address yet (noaddr) is written `:0@0`.
  const { host, port } = hostPort.startsWith(':') ? { host: '', port: 0 } : parseAddress(hostPort);
  const flags = flagText.split(',');
  const slots: SlotRange[] = [];
  const migrating: OpenSlot[] = [];
  const importing: OpenSlot[] = [];
  for (const field of slotFields) {
    const open = /^\[(\d+)-([<>])-([0-9a-f]+)\]$/.exec(field);
    if (open !== null) {
      const entry = { slot: Number(open[1]), nodeId: open[3] ?? '' };
      (open[2] === '>' ? migrating : importing).push(entry);
      continue;
    }
    const [start, end = start] = field.split('-').map(Number);
    if (start !== undefined && end !== undefined) slots.push({ start, end });
  }
  return {
    id,
    host,
    port,
    busPort: Number(bus),
    hostname: hostname === '' ? null : hostname,
    flags,
    role: flags.includes('slave') ? 'replica' : 'primary',
    myself: flags.includes('myself'),
    primaryId: primary === undefined || primary === '-' ? null : primary,
    configEpoch: Number(epoch),
    linkState: link === 'connected' ? 'connected' : 'disconnected',
    slots,
    migrating,
    importing,
  };
}

/** Whether `node` owns `slot`. */
export function ownsSlot(node: ClusterNodeInfo, slot: number): boolean {
  return node.slots.some((range) => range.start <= slot && slot <= range.end);
}

/** Formats ranges as CLUSTER NODES does: `0-5460 7000`. */
export function formatSlotRanges(ranges: readonly SlotRange[]): string {
  return ranges
    .map((range) => (range.start === range.end ? `${range.start}` : `${range.start}-${range.end}`))
    .join(' ');
}
