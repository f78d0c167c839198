/**
 * Every diagnostics channel redwire publishes to, subscribed to during one run that includes
 * commands and batches on a standalone server and on the cluster, a MOVED, an ASK, a reconnect,
 * a failover, a pool exhaustion, a full offline queue and a restored subscription: each event
 * arrives with its documented fields, and no password appears in any of them.
 */
import { randomUUID } from 'node:crypto';
import diagnostics from 'node:diagnostics_channel';
import { CLIENT_CHANNELS, createClient, PoolExhaustedError } from '@redwire/client';
import { CONNECTION_CHANNELS } from '@redwire/connection';
import { PUBSUB_CHANNELS } from '@redwire/pubsub';
import { getTestServers, hashTagForSlot } from '@redwire/test-harness';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLUSTER_CHANNELS } from './diagnostics.js';
import { delay, testCluster } from './test-helpers/cluster-client.js';

const { standalone, cluster, faults } = getTestServers();
const { host, port } = standalone.address;

const TRACING = [CLIENT_CHANNELS.command, CLIENT_CHANNELS.batch, CONNECTION_CHANNELS.connect];
const POINTS = [
  CONNECTION_CHANNELS.disconnect,
  CONNECTION_CHANNELS.reconnect,
  CONNECTION_CHANNELS.offlineQueueFull,
  CONNECTION_CHANNELS.commandRetried,
  CLIENT_CHANNELS.poolExhausted,
  CLIENT_CHANNELS.pool,
  PUBSUB_CHANNELS.resubscribed,
  PUBSUB_CHANNELS.message,
  PUBSUB_CHANNELS.messageDropped,
  CLUSTER_CHANNELS.redirect,
  CLUSTER_CHANNELS.topology,
  CLUSTER_CHANNELS.failover,
  CLUSTER_CHANNELS.nodeSuspected,
  CLUSTER_CHANNELS.nodeCleared,
];

/** Everything published, by channel (tracing channels by `name:event`). */
const seen = new Map<string, Record<string, unknown>[]>();
const record = (name: string) => (message: unknown) => {
  const list = seen.get(name) ?? [];
  // A command's context redacts its arguments on first read: toJSON copies them too.
  const copy = message as { toJSON?: () => Record<string, unknown> };
  list.push(copy.toJSON?.() ?? { ...(message as Record<string, unknown>) });
  seen.set(name, list);
};
const events = (name: string) => seen.get(name) ?? [];
const unsubscribe: (() => void)[] = [];

const user = `diag-${randomUUID().slice(0, 8)}`;
const password = `secret-${randomUUID()}`;

beforeAll(async () => {
  for (const name of TRACING) {
    const handlers = {
      start: record(`${name}:start`),
      end: record(`${name}:end`),
      asyncStart: record(`${name}:asyncStart`),
      asyncEnd: record(`${name}:asyncEnd`),
      error: record(`${name}:error`),
    };
    diagnostics.tracingChannel(name).subscribe(handlers);
    unsubscribe.push(() => diagnostics.tracingChannel(name).unsubscribe(handlers));
  }
  for (const name of POINTS) {
    const handler = record(name);
    diagnostics.subscribe(name, handler);
    unsubscribe.push(() => diagnostics.unsubscribe(name, handler));
  }
  await standalone.command('ACL', 'SETUSER', user, 'on', `>${password}`, '~*', '&*', '+@all');
});

/** The slot the cluster test migrates by hand. */
const SLOT = 4321;

afterAll(async () => {
  for (const stop of unsubscribe) stop();
  // A failure midway would leave the slot migrating, which restore() waits on for ever.
  for (const node of await cluster.primaries()) {
    await cluster.command(node, 'CLUSTER', 'SETSLOT', SLOT, 'STABLE').catch(() => undefined);
  }
  await standalone.command('ACL', 'DELUSER', user);
  await faults.restore();
});

describe('diagnostics channels', () => {
  it('trace a standalone client: connect, commands with keys only, batches, secrets hidden', async () => {
    await using redis = createClient(`redis://${user}:${password}@${host}:${port}/2`);
    await redis.set('diag:k', 'a value');
    await redis.get('diag:k');
    await redis.sendCommand(['AUTH', user, password]);
    await redis.pipeline().incr('diag:n').get('diag:k').exec();
    await redis.multi().incr('diag:n').exec();
    await redis.sendCommand(['NOSUCHCOMMAND']).catch(() => undefined);

    const connect = events(`${CONNECTION_CHANNELS.connect}:asyncEnd`).at(-1);
    expect(connect).toMatchObject({
      serverAddress: host,
      serverPort: port,
      database: 2,
      attempt: 1,
      tls: false,
      protocol: 3,
    });
    const commands = events(`${CLIENT_CHANNELS.command}:asyncEnd`);
    const set = commands.find((c) => c.command === 'SET');
    expect(set).toMatchObject({
      args: ['diag:k', '?'],
      serverAddress: host,
      serverPort: port,
      database: 2,
      result: 'OK',
    });
    expect(commands.find((c) => c.command === 'GET')).toMatchObject({ result: 'a value' });
    expect(commands.find((c) => c.command === 'AUTH')).toMatchObject({ args: ['?', '?'] });
    const failed = events(`${CLIENT_CHANNELS.command}:error`).find(
      (c) => c.command === 'NOSUCHCOMMAND',
    );
    expect(failed).toBeDefined();
    expect(((failed as { error: Error }).error as Error).message).toMatch(/unknown command/);
    const batches = events(`${CLIENT_CHANNELS.batch}:asyncEnd`);
    expect(batches).toContainEqual(
      expect.objectContaining({ kind: 'pipeline', batchSize: 2, commands: ['INCR', 'GET'] }),
    );
    expect(batches).toContainEqual(
      expect.objectContaining({ kind: 'multi', batchSize: 1, commands: ['INCR'], database: 2 }),
    );
  });

  it('tell of a reconnect, the reads written again, and the subscriptions restored', async () => {
    await using redis = createClient({ host, port });
    const id = await redis.clientId();
    const kill = redis.sendCommand(['CLIENT', 'KILL', 'ID', String(id), 'SKIPME', 'no']);
    const reads = [redis.get('diag:k'), redis.get('diag:k')];
    await kill;
    await Promise.all(reads);
    expect(events(CONNECTION_CHANNELS.disconnect).at(-1)).toEqual({
      serverAddress: host,
      serverPort: port,
      database: 0,
      reason: 'lost',
    });
    expect(events(CONNECTION_CHANNELS.reconnect).at(-1)).toMatchObject({
      serverAddress: host,
      serverPort: port,
      attempt: 1,
      delay: expect.any(Number),
      cause: expect.any(Error),
    });
    expect(events(CONNECTION_CHANNELS.commandRetried).slice(-2)).toEqual([
      { serverAddress: host, serverPort: port, database: 0, command: 'GET', reason: 'reconnect' },
      { serverAddress: host, serverPort: port, database: 0, command: 'GET', reason: 'reconnect' },
    ]);

    await using sub = redis.subscriber();
    await sub.subscribe('diag:news');
    await sub.psubscribe('diag:*');
    const subscriberId = await sub.sendCommand(['CLIENT', 'ID']);
    const restored = new Promise((resolve) => sub.once('resubscribed', resolve));
    await standalone.command('CLIENT', 'KILL', 'ID', String(subscriberId));
    await restored;
    expect(events(PUBSUB_CHANNELS.resubscribed).at(-1)).toEqual({
      serverAddress: host,
      serverPort: port,
      database: 0,
      channels: 1,
      patterns: 1,
      shards: 0,
    });

    const drops = await sub.channel('diag:burst', { maxBuffered: 1, overflow: 'dropOldest' });
    for (const message of ['one', 'two', 'three']) await redis.publish('diag:burst', message);
    await sub.ping();
    expect(drops.dropped).toBe(2);
    expect(events(PUBSUB_CHANNELS.messageDropped).slice(-2)).toEqual([
      { maxBuffered: 1 },
      { maxBuffered: 1 },
    ]);
    // 'three' came twice: on the channel, and through the pattern diag:*.
    expect(events(PUBSUB_CHANNELS.message).slice(-2)).toEqual(
      expect.arrayContaining([
        { kind: 'channel', size: 5 },
        { kind: 'pattern', size: 5 },
      ]),
    );
    await drops.return();
    await sub.close();
    await redis.close();
    expect(events(CONNECTION_CHANNELS.disconnect).at(-1)).toMatchObject({ reason: 'closed' });
  });

  it('tell of a full offline queue and an exhausted pool', async () => {
    const offline = createClient({ host: '127.0.0.1', port: 1, maxOfflineCommands: 1 });
    const first = offline.get('diag:k').catch((e: unknown) => e);
    await expect(offline.get('diag:k')).rejects.toMatchObject({
      code: 'REDWIRE_OFFLINE_QUEUE_FULL',
    });
    offline.destroy();
    await first;
    expect(events(CONNECTION_CHANNELS.offlineQueueFull).at(-1)).toEqual({
      serverAddress: '127.0.0.1',
      serverPort: 1,
      database: 0,
      command: 'GET',
      limit: 1,
    });

    await using redis = createClient({ host, port, maxConnections: 1, poolWhenExhausted: 'fail' });
    let release = () => {};
    const held = redis.isolated(() => new Promise<void>((resolve) => (release = resolve)));
    await delay(50);
    await expect(redis.isolated(async () => undefined)).rejects.toBeInstanceOf(PoolExhaustedError);
    release();
    await held;
    expect(events(CLIENT_CHANNELS.poolExhausted).at(-1)).toEqual({
      reason: 'fail',
      maxConnections: 1,
      waiters: 0,
    });
    const opened = events(CLIENT_CHANNELS.pool).at(-1) as { usage: { stats: object } };
    expect(opened).toMatchObject({ state: 'open', serverAddress: host, serverPort: port });
    expect(opened.usage.stats).toMatchObject({ leased: 0, idle: 1, maxConnections: 1 });
    await redis.close();
    expect(events(CLIENT_CHANNELS.pool).at(-1)).toEqual({
      state: 'closed',
      serverAddress: host,
      serverPort: port,
      database: 0,
      usage: opened.usage,
    });
  });

  it('trace cluster commands with slot and node, and tell of ASK, MOVED, a split and a failover', async () => {
    await using redis = testCluster();
    const slot = SLOT;
    const tag = hashTagForSlot(slot);
    const [a, b] = [`{${tag}}:a`, `{${tag}}:b`];
    await redis.mset({ [a]: 'A', [b]: 'B' });
    expect(await redis.mget(a, 'diag:other')).toEqual(['A', null]);
    const traced = events(`${CLIENT_CHANNELS.command}:asyncEnd`).find((c) => c.command === 'MSET');
    const owner = await cluster.nodeForSlot(slot);
    expect(traced).toMatchObject({
      slot,
      node: `${owner.host}:${owner.port}`,
      serverAddress: owner.host,
      serverPort: owner.port,
      database: 0,
      redirects: [],
      args: [a, '?', b, '?'],
    });
    expect(events(`${CLIENT_CHANNELS.batch}:asyncEnd`)).toContainEqual(
      expect.objectContaining({ kind: 'split', batchSize: 2, commands: ['MGET', 'MGET'] }),
    );

    // Half a migration by hand: `a` moved, the slot still the source's: ASK for `a`.
    const target = (await cluster.primaries()).find((node) => node.id !== owner.id)!;
    await cluster.command(target, 'CLUSTER', 'SETSLOT', slot, 'IMPORTING', owner.id);
    await cluster.command(owner, 'CLUSTER', 'SETSLOT', slot, 'MIGRATING', target.id);
    await cluster.command(owner, 'MIGRATE', target.host, target.port, a, 0, 5000);
    expect(await redis.get(a)).toBe('A');
    const ask = events(CLUSTER_CHANNELS.redirect).find((r) => r.kind === 'ASK');
    const from = `${owner.host}:${owner.port}`;
    const to = `${target.host}:${target.port}`;
    expect(ask).toEqual({ kind: 'ASK', slot, from, to, command: 'GET' });
    const askTrace = events(`${CLIENT_CHANNELS.command}:asyncEnd`).at(-1);
    expect(askTrace).toMatchObject({
      command: 'GET',
      redirects: [{ kind: 'ASK', slot, from, to }],
    });

    // The rest of the migration: the client's map is stale, so the next command is MOVED.
    await faults.migrateSlot(slot, target);
    expect(await redis.get(b)).toBe('B');
    expect(events(CLUSTER_CHANNELS.redirect).at(-1)).toEqual({
      kind: 'MOVED',
      slot,
      from,
      to,
      command: 'GET',
    });
    expect(events(CLUSTER_CHANNELS.topology).length).toBeGreaterThan(0);

    // A failover: the replica of the slot's new owner takes over.
    const replica = await cluster.replicaOf(target);
    await faults.failover(replica);
    await redis.refreshTopology();
    const promoted = `${replica.host}:${replica.port}`;
    expect(events(CLUSTER_CHANNELS.failover).at(-1)).toEqual({
      node: promoted,
      from: [to],
      slots: expect.any(Number),
    });
    const change = events(CLUSTER_CHANNELS.topology).at(-1);
    expect(change).toMatchObject({ promoted: [promoted], movedSlots: expect.any(Number) });
    expect(change?.moves).toContainEqual(expect.objectContaining({ from: to, to: promoted }));
  });

  it('tell of a node suspected while a long command holds it, and cleared once it answers', async () => {
    await using redis = testCluster({ suspectAfter: 500 });
    // Slots at both ends of the range: two different shards.
    const busy = await cluster.nodeForSlot(100);
    const busyKey = `{${hashTagForSlot(100)}}:diag-busy`;
    const otherKey = `{${hashTagForSlot(16_000)}}:diag-other`;
    await Promise.all([redis.set(busyKey, 'v'), redis.set(otherKey, 'v')]);
    await using sleeper = createClient({ host: busy.host, port: busy.port });
    await sleeper.ping();
    // Slow, not failed: held, failure detection keeps the other nodes from failing it over
    // while it sleeps past cluster-node-timeout (2 s).
    await faults.holdFailureDetection();
    const sleeping = sleeper.sendCommand(['DEBUG', 'SLEEP', '3'], { timeout: 10_000 });
    // Long enough for the node to have read the DEBUG on a loaded machine, well within the 3 s.
    await delay(300);
    const waiting = redis.get(busyKey);
    const node = `${busy.host}:${busy.port}`;
    const deadline = Date.now() + 10_000;
    while (!events(CLUSTER_CHANNELS.nodeCleared).some((e) => e.node === node)) {
      expect(Date.now()).toBeLessThan(deadline);
      await redis.get(otherKey);
      await delay(50);
    }
    await sleeping;
    // (On a failure before this, the file's restore() releases it.)
    await faults.releaseFailureDetection();
    expect(await waiting).toBe('v');
    expect(events(CLUSTER_CHANNELS.nodeSuspected).find((e) => e.node === node)).toEqual({
      node,
      address: busy.host,
      port: busy.port,
      id: busy.id,
      role: 'primary',
      unansweredMs: expect.any(Number),
      waiting: expect.any(Number),
    });
    expect(events(CLUSTER_CHANNELS.nodeCleared).find((e) => e.node === node)).toEqual({
      node,
      address: busy.host,
      port: busy.port,
      id: busy.id,
      role: 'primary',
      reason: 'answered',
      suspectedMs: expect.any(Number),
    });
  });

  it('never carry a password', () => {
    const everything = JSON.stringify([...seen.entries()], (_key, value: unknown) =>
      value instanceof Error ? { message: value.message, cause: String(value.cause) } : value,
    );
    expect(everything.length).toBeGreaterThan(1_000);
    expect(everything).not.toContain(password);
  });
});
