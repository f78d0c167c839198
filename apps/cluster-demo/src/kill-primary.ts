/**
 * The failover lever of `npm run demo`: SIGKILL one primary of the local cluster the demo started
 * itself, so its replica takes over while the service keeps answering. Only `demo.ts` exposes it
 * (`POST /admin/kill-primary`): a service started against someone else's cluster has no such
 * route. The process is found with `INFO server` on the node itself, which only makes sense for
 * servers on this machine, as the demo's are.
 */
import type { RedisCluster } from 'redwire';
import type { DemoService } from './service.js';

/** The route `demo.ts` adds. */
export const KILL_PRIMARY_ROUTE = '/admin/kill-primary';

/** A node client of the cluster's. */
type NodeClient = Awaited<ReturnType<RedisCluster['nodes']>>[number];

/** What was killed. */
export interface KilledPrimary {
  /** `host:port` as the cluster announces it. */
  readonly node: string;
  readonly nodeId: string;
  readonly pid: number;
  /** The slot ranges it served, as in CLUSTER NODES (`0-5460`). */
  readonly slots: string;
}

/** Why nothing was killed: every primary left has lost its replica already (or is failing). */
export class NoPrimaryToKillError extends Error {
  override readonly name = 'NoPrimaryToKillError';
}

/** One line of CLUSTER NODES, the fields the lever needs. */
export interface ClusterNodeLine {
  readonly id: string;
  readonly address: string;
  readonly flags: readonly string[];
  readonly primaryId: string | null;
  readonly connected: boolean;
  readonly slots: string;
}

/** Parses CLUSTER NODES: `<id> <ip:port@cport> <flags> <primary> <ping> <pong> <epoch> <link> <slot>...`. */
export function parseClusterNodes(text: string): ClusterNodeLine[] {
  const lines: ClusterNodeLine[] = [];
  for (const line of text.split('\n')) {
    const fields = line.trim().split(' ');
    if (fields.length < 8) continue;
    const [id, address, flags, primary, , , , link, ...slots] = fields as [string, ...string[]];
    lines.push({
      id,
      address: (address ?? '').split('@')[0] ?? '',
      flags: (flags ?? '').split(','),
      primaryId: primary === '-' || primary === undefined ? null : primary,
      connected: link === 'connected',
      slots: slots.filter((slot) => !slot.startsWith('[')).join(' '),
    });
  }
  return lines;
}

/**
 * The primary to kill: one serving slots, not failing, with a healthy replica to take over
 * (killing one without would take its slots down). The one with the lowest address, so runs
 * are alike.
 */
export function choosePrimary(nodes: readonly ClusterNodeLine[]): ClusterNodeLine | undefined {
  const failing = (node: ClusterNodeLine) =>
    node.flags.some((flag) => flag === 'fail' || flag === 'fail?' || flag === 'handshake');
  const candidates = nodes.filter(
    (node) =>
      node.flags.includes('master') &&
      !failing(node) &&
      node.slots !== '' &&
      nodes.some(
        (replica) =>
          replica.primaryId === node.id &&
          replica.flags.includes('slave') &&
          !failing(replica) &&
          replica.connected,
      ),
  );
  return candidates.sort((a, b) => a.address.localeCompare(b.address))[0];
}

/**
 * Kills one primary that has a replica and says which.
 * @throws NoPrimaryToKillError when no primary has a replica left to take over
 */
export async function killOnePrimary(cluster: RedisCluster): Promise<KilledPrimary> {
  // Without traffic the client may not have noticed an earlier kill yet: ask the nodes first.
  await cluster.refreshTopology().catch(() => {});
  // A node that died since is skipped: the first to answer tells the state of the cluster.
  const answering: { client: NodeClient; id: string }[] = [];
  let nodes: ClusterNodeLine[] | undefined;
  for (const client of await cluster.nodes('primary')) {
    try {
      answering.push({ client, id: String(await client.sendCommand(['CLUSTER', 'MYID'])) });
      nodes ??= parseClusterNodes(String(await client.sendCommand(['CLUSTER', 'NODES'])));
    } catch {
      // Down or unreachable: not a candidate, and not the one to ask.
    }
  }
  const victim = nodes === undefined ? undefined : choosePrimary(nodes);
  if (victim === undefined) {
    throw new NoPrimaryToKillError(
      'no primary has a healthy replica left to take over; restart the demo to get them back',
    );
  }
  const client = answering.find((candidate) => candidate.id === victim.id)?.client;
  if (client === undefined) {
    throw new NoPrimaryToKillError(`${victim.address} does not answer as a primary right now`);
  }
  const info = String(await client.sendCommand(['INFO', 'server']));
  const pid = Number(/^process_id:(\d+)/m.exec(info)?.[1]);
  if (!Number.isInteger(pid) || pid <= 0) {
    throw new Error(`no process_id in INFO of ${victim.address}`);
  }
  process.kill(pid, 'SIGKILL');
  return { node: victim.address, nodeId: victim.id, pid, slots: victim.slots };
}

/**
 * Adds `POST /admin/kill-primary` (before the service listens): 200 with the `KilledPrimary`,
 * or 409 when no primary has a replica left. Only for a cluster this process started.
 */
export function registerKillPrimaryRoute(service: DemoService): void {
  service.app.post(KILL_PRIMARY_ROUTE, async (request, reply) => {
    try {
      const killed = await killOnePrimary(service.cluster);
      request.log.warn(killed, 'killed a primary on request');
      service.dashboard.note(
        `killed primary ${killed.node} (pid ${killed.pid}, slots ${killed.slots}); its replica takes over after the node timeout`,
      );
      return killed;
    } catch (error) {
      if (!(error instanceof NoPrimaryToKillError)) throw error;
      return reply.code(409).send({ statusCode: 409, error: 'Conflict', message: error.message });
    }
  });
}
