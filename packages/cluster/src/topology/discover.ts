/**
 * Asking nodes for their view: the first discovery from the seeds, and the sample of a few
 * nodes the periodic check compares. The query itself is injected (the cluster sends it on a
 * connection of its own, so it never waits behind user traffic), so this runs without servers
 * in tests.
 */
import { ConnectionError } from '@redwire/connection';
import { ReplyError, type RespValue } from '@redwire/protocol';
import { ClusterDownError } from '../errors.js';
import { nodeKey, shuffle } from './address.js';
import { coveredSlots } from './digest.js';
import { parseShards } from './parse-shards.js';
import { parseSlots } from './parse-slots.js';
import type { ClusterView, NodeAddress, NodeAddressMap } from './types.js';

/** Asks one node for its view of the cluster. Should bound its own time (a query timeout). */
export type FetchView = (address: NodeAddress) => Promise<ClusterView>;

/**
 * Sends one command to one node and resolves with its reply; an error reply may reject or
 * resolve as a `ReplyError`, both are understood.
 */
export type QueryNode = (address: NodeAddress, args: readonly string[]) => Promise<unknown>;

/** Options of {@link createViewFetcher}. */
export interface ViewFetcherOptions {
  /** Whether nodes are dialled over TLS (CLUSTER SHARDS' `tls-port` is used). @defaultValue `false` */
  readonly tls?: boolean | undefined;
  /** Applied to every address a node announces. */
  readonly nodeAddressMap?: NodeAddressMap | undefined;
}

/**
 * A {@link FetchView} over `query`: `CLUSTER SHARDS`, or `CLUSTER SLOTS` from a node that does
 * not know SHARDS (before Redis 7.0; remembered per node, so a rolling upgrade is followed) or
 * whose ACL does not allow it (`NOPERM`; asked again each time, since ACLs change).
 *
 * @example
 * ```ts
 * const fetchView = createViewFetcher((address, args) => nodes.query(address, args), { tls });
 * const view = await discover(seeds, fetchView);
 * ```
 */
export function createViewFetcher(query: QueryNode, options: ViewFetcherOptions = {}): FetchView {
  const withoutShards = new Set<string>();
  return async (address) => {
    const context = { source: address, tls: options.tls, nodeAddressMap: options.nodeAddressMap };
    const key = nodeKey(address);
    if (!withoutShards.has(key)) {
      try {
        return parseShards(await ask(query, address, ['CLUSTER', 'SHARDS']), context);
      } catch (error) {
        if (!(error instanceof ReplyError)) throw error;
        if (isUnknownCommand(error)) withoutShards.add(key);
        else if (error.code !== 'NOPERM') throw error;
      }
    }
    return parseSlots(await ask(query, address, ['CLUSTER', 'SLOTS']), context);
  };
}

async function ask(query: QueryNode, address: NodeAddress, args: string[]): Promise<RespValue> {
  const reply = await query(address, args);
  if (reply instanceof ReplyError) throw reply;
  return reply as RespValue;
}

/**
 * `ERR unknown subcommand 'SHARDS'. Try CLUSTER HELP.` (Redis 7.0+ wording),
 * `ERR Unknown subcommand or wrong number of arguments for 'SHARDS'. Try CLUSTER HELP.` (6.x),
 * `ERR unknown command ...` (proxies and managed services that rename or hide CLUSTER).
 */
function isUnknownCommand(error: ReplyError): boolean {
  return /unknown (sub)?command/i.test(error.message);
}

/**
 * The view of the first seed that answers with one, trying the seeds in random order, one at a
 * time. A seed that answers with a view serving no slot (a node that has not joined, or a reset
 * one) counts as failed.
 *
 * @throws ConnectionError (`REDWIRE_CONNECTION`) when no seed gave a view: the message names
 *   every seed and why it failed, the `cause` is an `AggregateError` of the seeds' errors in the
 *   order they were tried
 */
export async function discover(
  seeds: readonly NodeAddress[],
  fetchView: FetchView,
  random: () => number = Math.random,
): Promise<ClusterView> {
  const failures: Failure[] = [];
  for (const seed of shuffle(seeds, random)) {
    try {
      return usable(await fetchView(seed));
    } catch (error) {
      failures.push({ address: seed, error });
    }
  }
  const reasons = failures.map(({ address, error }) => `${nodeKey(address)} (${reasonOf(error)})`);
  const message =
    seeds.length === 0
      ? 'No seed node to discover the cluster from'
      : `No seed node of the cluster gave its view: ${reasons.join(', ')}`;
  throw new ConnectionError(message, {
    cause: new AggregateError(
      failures.map((failure) => failure.error),
      'every seed failed',
    ),
  });
}

/** A node that could not give its view, and why. */
export interface Failure {
  readonly address: NodeAddress;
  readonly error: unknown;
}

/** What {@link sampleViews} gathered. */
export interface Sample {
  /** The views of the nodes that answered with one serving at least one slot. */
  readonly views: ClusterView[];
  /** The nodes that did not, and why. */
  readonly failures: Failure[];
}

/**
 * Asks up to `count` of `nodes`, chosen at random, for their view, all at once. Never rejects:
 * a node that fails (or serves no slot) is listed in `failures`, for the periodic check to
 * shrug off while the others answer.
 */
export async function sampleViews(
  nodes: readonly NodeAddress[],
  count: number,
  fetchView: FetchView,
  random: () => number = Math.random,
): Promise<Sample> {
  const chosen = shuffle(nodes, random).slice(0, Math.max(0, count));
  const settled = await Promise.allSettled(
    chosen.map(async (address) => usable(await fetchView(address))),
  );
  const views: ClusterView[] = [];
  const failures: Failure[] = [];
  for (const [i, outcome] of settled.entries()) {
    if (outcome.status === 'fulfilled') views.push(outcome.value);
    else failures.push({ address: chosen[i] as NodeAddress, error: outcome.reason });
  }
  return { views, failures };
}

/** A view serving no slot is no answer: the node has not joined a cluster yet, or was reset. */
function usable(view: ClusterView): ClusterView {
  if (coveredSlots(view) === 0) {
    throw new ClusterDownError(
      'the node knows of no shard serving a slot (not joined yet, or reset)',
    );
  }
  return view;
}

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
