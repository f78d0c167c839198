/**
 * What the cluster client did, as Prometheus counters, taken from redwire's diagnostics channels
 * (docs/observability.md): commands per node and outcome, MOVED/ASK redirects, reconnects,
 * topology changes and failovers. The channels are process-wide, so these count every redwire
 * client in the process: one, in the service as it is deployed.
 */
import diagnostics from 'node:diagnostics_channel';
import { Counter, type Registry } from 'prom-client';
import {
  CLIENT_CHANNELS,
  CLUSTER_CHANNELS,
  CONNECTION_CHANNELS,
  type CommandTrace,
  type FailoverEvent,
  type ReconnectEvent,
  type RedirectEvent,
} from 'redwire';

/**
 * Registers the counters on `registry` and subscribes to the channels.
 * @returns a function that unsubscribes (call it when the service closes)
 */
export function trackRedwire(registry: Registry): () => void {
  const commands = new Counter({
    name: 'redwire_commands_total',
    help: 'Redis commands completed, by the node that answered last, command and outcome.',
    labelNames: ['node', 'command', 'outcome'] as const,
    registers: [registry],
  });
  const redirects = new Counter({
    name: 'redwire_redirects_total',
    help: 'MOVED and ASK redirections followed.',
    labelNames: ['kind'] as const,
    registers: [registry],
  });
  const reconnects = new Counter({
    name: 'redwire_reconnects_total',
    help: 'Reconnection attempts scheduled, by node.',
    labelNames: ['node'] as const,
    registers: [registry],
  });
  const topologyChanges = new Counter({
    name: 'redwire_topology_changes_total',
    help: 'Slot map rebuilds in which something moved.',
    registers: [registry],
  });
  const failovers = new Counter({
    name: 'redwire_failovers_total',
    help: 'Replicas seen promoted to primary.',
    labelNames: ['node'] as const,
    registers: [registry],
  });

  // Counted at asyncEnd: it comes once per command, after success or failure, with the node
  // known. The other events are required by the subscriber type and do nothing.
  const ignore = () => {};
  const commandHandlers = {
    start: ignore,
    end: ignore,
    asyncStart: ignore,
    error: ignore,
    asyncEnd(trace: CommandTrace) {
      const node = trace.node ?? `${trace.serverAddress}:${trace.serverPort}`;
      const outcome = trace.error === undefined ? 'ok' : 'error';
      commands.inc({ node, command: trace.command, outcome });
    },
  };
  const onRedirect = (message: unknown) => redirects.inc({ kind: (message as RedirectEvent).kind });
  const onReconnect = (message: unknown) => {
    const event = message as ReconnectEvent;
    reconnects.inc({ node: `${event.serverAddress}:${event.serverPort}` });
  };
  const onTopology = () => topologyChanges.inc();
  const onFailover = (message: unknown) => failovers.inc({ node: (message as FailoverEvent).node });

  const commandChannel = diagnostics.tracingChannel<object, CommandTrace>(CLIENT_CHANNELS.command);
  commandChannel.subscribe(commandHandlers);
  diagnostics.subscribe(CLUSTER_CHANNELS.redirect, onRedirect);
  diagnostics.subscribe(CONNECTION_CHANNELS.reconnect, onReconnect);
  diagnostics.subscribe(CLUSTER_CHANNELS.topology, onTopology);
  diagnostics.subscribe(CLUSTER_CHANNELS.failover, onFailover);
  return () => {
    commandChannel.unsubscribe(commandHandlers);
    diagnostics.unsubscribe(CLUSTER_CHANNELS.redirect, onRedirect);
    diagnostics.unsubscribe(CONNECTION_CHANNELS.reconnect, onReconnect);
    diagnostics.unsubscribe(CLUSTER_CHANNELS.topology, onTopology);
    diagnostics.unsubscribe(CLUSTER_CHANNELS.failover, onFailover);
  };
}
