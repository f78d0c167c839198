/**
 * Sending one command to one chosen node: the node's client in the view's reply form, ASKING
 * and its command in one write, and which node of a shard serves a slot under `readFrom`.
 */
import {
  blockingTimeMs,
  type CommandOptions,
  type CommandTrace,
  type RedisClient,
} from '@redwire/client';
import type { CommandArgument, RespValue } from '@redwire/protocol';
import type { ClusterCore } from './cluster-core.js';
import { nodeKey } from './topology/address.js';
import type { SlotMap } from './topology/slot-map.js';
import type { NodeAddress, NodeView } from './topology/types.js';

/** Per-call settings of a view: options and the reply form. */
export interface CallSettings extends CommandOptions {
  readonly returnBuffers: boolean;
  /** The command's trace on `redwire:command`, when someone listens: the node is noted in it. */
  readonly trace?: CommandTrace | undefined;
}

/** The client of a node, in the view's reply form. */
export function clientOf(
  core: ClusterCore,
  address: NodeAddress,
  buffers: boolean,
  key = nodeKey(address),
): RedisClient {
  return core.nodes.client(address, key, buffers);
}

const nodeOptions = new WeakMap<CallSettings, CommandOptions>();

/**
 * What a node's client is given for a view's settings: the per-call options without the reply
 * form (which picks the client instead). One object per settings object, so the client checks
 * its keys once, not on every command.
 */
function nodeOptionsOf(settings: CallSettings): CommandOptions {
  let options = nodeOptions.get(settings);
  if (options === undefined) {
    const { returnBuffers: _returnBuffers, trace: _trace, ...rest } = settings;
    options = rest;
    nodeOptions.set(settings, options);
  }
  return options;
}

/** Sends `args` to `node`, after ASKING when a redirection said so. */
export function send(
  core: ClusterCore,
  node: NodeView,
  args: readonly CommandArgument[],
  settings: CallSettings,
  timeout: number | undefined,
  asking = false,
): Promise<RespValue> {
  const client = core.nodes.client(node.address, node.key, settings.returnBuffers);
  const trace = settings.trace;
  if (trace !== undefined) {
    trace.node = node.key;
    trace.serverAddress = node.address.host;
    trace.serverPort = node.address.port;
    trace.database = 0;
  }
  // The view's own options, unless a retry shortened the timeout.
  const options: CommandOptions =
    timeout === settings.timeout
      ? nodeOptionsOf(settings)
      : { timeout, signal: settings.signal, retryOnReconnect: settings.retryOnReconnect };
  if (!asking) return client.sendCommand(args, options);
  // ASKING and the command must reach the node back to back on one connection: the server
  // forgets ASKING after the next command it reads. Two sends in one tick on the shared
  // connection are written in order with nothing between them; a blocking command (which would
  // go to a pooled connection) takes a leased one for both.
  if (blockingTimeMs(args) !== undefined) {
    return client.isolated((conn) => {
      conn.sendCommand(['ASKING'], options).catch(() => {});
      return conn.sendCommand(args, options);
    });
  }
  client.sendCommand(['ASKING'], options).catch(() => {});
  return client.sendCommand(args, options);
}

/** Which node serves `slot` for this command, per `readFrom`. */
export function pickNode(
  core: ClusterCore,
  map: SlotMap,
  slot: number,
  readOnly: boolean,
  primaryOnly: boolean,
): NodeView | undefined {
  const primary = map.primaryFor(slot);
  const readFrom = core.options.readFrom;
  if (!readOnly || primaryOnly || readFrom === 'primary') return primary;
  const shard = map.shardFor(slot);
  if (shard === undefined) return primary;
  if (typeof readFrom === 'function') {
    const chosen = readFrom(shard);
    const key = nodeKey(chosen);
    return [shard.primary, ...shard.replicas].find((n) => n.key === key) ?? primary;
  }
  const healthy = shard.replicas.filter(
    (replica) =>
      replica.health === 'online' &&
      core.nodes.isHealthy(replica.key) &&
      !core.watchdog.suspects.has(replica.key),
  );
  if (healthy.length === 0) return primary;
  core.replicaTurn = (core.replicaTurn + 1) % 1_000_000;
  return healthy[core.replicaTurn % healthy.length];
}
