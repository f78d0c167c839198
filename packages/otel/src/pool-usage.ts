/**
 * Pool usage as observable instruments: each client's pool announces itself on `redwire:pool`
 * when it opens and closes, and every collection reads the counts of the pools still open. The
 * pools publish nothing while they lend connections, so measuring them costs the commands
 * nothing.
 */
import diagnostics from 'node:diagnostics_channel';
import type { Attributes, Meter, ObservableResult } from '@opentelemetry/api';
import { CLIENT_CHANNELS, type PoolLifecycleEvent, type PoolUsage } from '@redwire/client';
import { serverAttributes } from './attributes.js';
import { ATTR, REDWIRE_METRICS as M } from './semantic-conventions.js';

/**
 * Observes `redwire.pool.connections` (by `db.client.connection.state`: `idle`, `used`,
 * `opening`), `db.client.connection.pending_requests` and `db.client.connection.max` for every
 * open pool; returns the function that stops.
 */
export function observePools(meter: Meter): () => void {
  // Weak: a client dropped without close() must not be kept alive by its metrics.
  const pools = new Map<WeakRef<PoolUsage>, Attributes>();
  const listener = (message: unknown) => {
    const event = message as PoolLifecycleEvent;
    if (event.state === 'open') {
      pools.set(new WeakRef(event.usage), serverAttributes(event));
      return;
    }
    for (const ref of pools.keys()) if (ref.deref() === event.usage) pools.delete(ref);
  };
  diagnostics.subscribe(CLIENT_CHANNELS.pool, listener);

  // Pools with the same attributes (two clients of one server) are summed: an observable
  // instrument keeps one observation per attribute set and collection.
  const observeSum =
    (read: (stats: PoolUsage['stats']) => readonly (readonly [number, Attributes])[]) =>
    (result: ObservableResult) => {
      const sums = new Map<string, { attributes: Attributes; value: number }>();
      for (const [ref, server] of pools) {
        const usage = ref.deref();
        if (usage === undefined) {
          pools.delete(ref);
          continue;
        }
        for (const [value, extra] of read(usage.stats)) {
          const attributes = { ...server, ...extra };
          const key = JSON.stringify(attributes);
          const sum = sums.get(key);
          if (sum === undefined) sums.set(key, { attributes, value });
          else sum.value += value;
        }
      }
      for (const { attributes, value } of sums.values()) result.observe(value, attributes);
    };
  const connections = meter.createObservableUpDownCounter(M.poolConnections, {
    unit: '{connection}',
    description: 'Connections of the pools of dedicated connections, by state.',
  });
  const pending = meter.createObservableUpDownCounter(M.poolPendingRequests, {
    unit: '{request}',
    description: 'Callers waiting for a pooled connection.',
  });
  const max = meter.createObservableUpDownCounter(M.poolMax, {
    unit: '{connection}',
    description: 'The most connections a pool may hold (maxConnections).',
  });
  const state = (value: string) => ({ [ATTR.connectionState]: value });
  const observeConnections = observeSum((stats) => [
    [stats.idle, state('idle')],
    [stats.leased, state('used')],
    [stats.opening, state('opening')],
  ]);
  const observePending = observeSum((stats) => [[stats.waiters, {}]]);
  const observeMax = observeSum((stats) => [[stats.maxConnections, {}]]);
  connections.addCallback(observeConnections);
  pending.addCallback(observePending);
  max.addCallback(observeMax);

  return () => {
    diagnostics.unsubscribe(CLIENT_CHANNELS.pool, listener);
    connections.removeCallback(observeConnections);
    pending.removeCallback(observePending);
    max.removeCallback(observeMax);
    pools.clear();
  };
}
