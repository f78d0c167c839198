/**
 * Every options object the public API takes refuses a key it does not know, with
 * `UnknownOptionError`, before anything connects or is sent. The list of such places is not kept
 * by hand: tests/options-walk.ts finds every exported function, constructor and public method
 * with a parameter of an `...Options` type, and this test fails when one has no case below, so
 * a new options parameter cannot ship unchecked.
 */

import { createCache } from '@redwire/cache';
import {
  commandSpecs,
  createClient,
  createUntracedClient,
  defineScript,
  extractKeys,
  type RedisClient,
  Script,
  scanHash,
  scanKeys,
  scanSet,
  scanSortedSet,
} from '@redwire/client';
import { ClusterSubscriber, createCluster, type RedisCluster } from '@redwire/cluster';
import {
  CONNECTION_OPTION_KEYS,
  Connection,
  createReconnectStrategy,
  redactOptions,
  resolveConnectionOptions,
} from '@redwire/connection';
import { instrumentRedwire } from '@redwire/otel';
import { Decoder, UnknownOptionError } from '@redwire/protocol';
import {
  createSubscriber,
  MessageStream,
  resolveStreamOptions,
  SUBSCRIBER_DEFAULTS,
  Subscriber,
} from '@redwire/pubsub';
import { afterAll, describe, expect, it } from 'vitest';
import { optionParameters } from './options-walk.js';

const PACKAGES = ['protocol', 'connection', 'pubsub', 'client', 'cluster', 'cache', 'otel'];
const bogus = { bogusOption: 1 } as never;
/** The same key, for spreading into an options object the call otherwise accepts. */
const bogusFields: object = bogus;
/** Port 1: nothing listens there, and nothing may try, since every call below must fail first. */
const url = 'redis://127.0.0.1:1';

const opened: { destroy(): void }[] = [];
function client(): RedisClient {
  const made = createClient(url);
  opened.push(made);
  return made;
}
function cluster(): RedisCluster {
  const made = createCluster({ nodes: [url] });
  opened.push(made);
  return made;
}
afterAll(() => {
  for (const made of opened) made.destroy();
});

/** What a call does with the unknown key: `undefined` when it was accepted. */
async function refusal(call: () => unknown): Promise<unknown> {
  try {
    await call();
  } catch (error) {
    return error;
  }
  return undefined;
}

const script = () => defineScript('return 1', { numberOfKeys: 0 });
const noop = async () => undefined;

/** One call per options parameter, passing `bogus` as that parameter (or inside it). */
const CASES: Record<string, () => unknown> = {
  'protocol: new Decoder(1)': () => new Decoder({ onReply: () => {}, onPush: () => {} }, bogus),

  'connection: new Connection(0)': () => new Connection(bogus),
  'connection: new Connection(1)': () => new Connection(url, bogus),
  'connection: Connection.send(1)': () => new Connection(url).send(['PING'], bogus),
  'connection: Connection.sendPubSub(1)': () => {
    const connection = new Connection(url);
    connection.usePubSub();
    return connection.sendPubSub(['SUBSCRIBE', 'c'], bogus);
  },
  'connection: Connection.sendEach(2)': () =>
    new Promise((resolve, reject) =>
      new Connection(url).sendEach(
        [['PING']],
        {
          settle: (_index, outcome) =>
            outcome instanceof Error ? reject(outcome) : resolve(outcome),
        },
        bogus,
      ),
    ),
  'connection: Connection.usePubSub(0)': () => new Connection(url).usePubSub(bogus),
  'connection: createReconnectStrategy(0)': () => createReconnectStrategy(bogus),
  'connection: resolveConnectionOptions(0)': () => resolveConnectionOptions(bogus),
  'connection: resolveConnectionOptions(1)': () => resolveConnectionOptions(url, bogus),

  'pubsub: createSubscriber(0)': () => createSubscriber(bogus),
  'pubsub: createSubscriber(1)': () => createSubscriber(url, bogus),
  'pubsub: new Subscriber(1)': () => new Subscriber(new Connection(url), bogus),
  'pubsub: new SubscriberFront(0)': () => new Subscriber(new Connection(url), bogus),
  'pubsub: resolveStreamOptions(0)': () => resolveStreamOptions(bogus),
  'pubsub: SubscriberFront.channel(1)': () =>
    new Subscriber(new Connection(url)).channel('c', bogus),
  'pubsub: SubscriberFront.pattern(1)': () =>
    new Subscriber(new Connection(url)).pattern('c*', bogus),
  'pubsub: SubscriberFront.shard(1)': () => new Subscriber(new Connection(url)).shard('c', bogus),
  'pubsub: SubscriberFront.messages(0)': () => new Subscriber(new Connection(url)).messages(bogus),

  'client: createClient(0)': () => createClient(bogus),
  'client: createClient(1)': () => createClient(url, bogus),
  'client: createUntracedClient(0)': () => createUntracedClient(bogus),
  'client: RedisClient.duplicate(0)': () => client().duplicate(bogus),
  'client: RedisClient.withOptions(0)': () => client().withOptions(bogus),
  'client: RedisClient.send(1)': () => client().send({ args: ['PING'], spec: undefined }, bogus),
  'client: RedisClient.sendCommand(1)': () => client().sendCommand(['PING'], bogus),
  'client: RedisClient.isolated(1)': () => client().isolated(noop, bogus),
  'client: RedisClient.transaction(2)': () => client().transaction(['k'], () => undefined, bogus),
  'client: RedisClient.subscriber(0)': () => client().subscriber(bogus),
  'client: RedisClient.scanIterator(0)': () => client().scanIterator(bogus),
  'client: RedisClient.hscanIterator(1)': () => client().hscanIterator('h', bogus),
  'client: RedisClient.sscanIterator(1)': () => client().sscanIterator('s', bogus),
  'client: RedisClient.zscanIterator(1)': () => client().zscanIterator('z', bogus),
  'client: scanKeys(1)': () => scanKeys(client(), bogus),
  'client: scanHash(2)': () => scanHash(client(), 'h', bogus),
  'client: scanSet(2)': () => scanSet(client(), 's', bogus),
  'client: scanSortedSet(2)': () => scanSortedSet(client(), 'z', bogus),
  'client: defineScript(1)': () => defineScript('return 1', { numberOfKeys: 0, ...bogusFields }),
  'client: new Script(1)': () => new Script('return 1', { numberOfKeys: 0, ...bogusFields }),
  'client: Script.run(2)': () => script().run(client(), {}, bogus),
  'client: extractKeys(2)': () => extractKeys(commandSpecs.GET as never, ['GET', 'k'], bogus),

  'cluster: createCluster(0)': () => createCluster({ nodes: [url], ...bogusFields }),
  'cluster: RedisCluster.duplicate(0)': () => cluster().duplicate(bogus),
  'cluster: RedisCluster.withOptions(0)': () => cluster().withOptions(bogus),
  'cluster: RedisCluster.send(1)': () => cluster().send({ args: ['PING'], spec: undefined }, bogus),
  'cluster: RedisCluster.sendCommand(1)': () => cluster().sendCommand(['PING'], bogus),
  'cluster: RedisCluster.transaction(2)': () =>
    cluster().transaction(['k'], () => undefined, bogus),
  'cluster: RedisCluster.subscriber(0)': () => cluster().subscriber(bogus),
  'cluster: RedisCluster.scanIterator(0)': () => cluster().scanIterator(bogus),
  'cluster: RedisCluster.hscanIterator(1)': () => cluster().hscanIterator('h', bogus),
  'cluster: RedisCluster.sscanIterator(1)': () => cluster().sscanIterator('s', bogus),
  'cluster: RedisCluster.zscanIterator(1)': () => cluster().zscanIterator('z', bogus),
  'cache: createCache(1)': () => createCache(client(), bogus),
  'cache: Cache.set(2)': () => createCache(client()).set('k', 1, bogus),
  'cache: Cache.getOrSet(2)': () => createCache(client()).getOrSet('k', async () => 1, bogus),
  'otel: instrumentRedwire(0)': () =>
    // A meter that fails the test if reached: the keys are checked before any instrument is made.
    instrumentRedwire({
      meterProvider: {
        getMeter: () => {
          throw new Error('the meter was asked for before the options were checked');
        },
      },
      ...bogusFields,
    }),
  'cluster: new ClusterSubscriber(1)': () =>
    // The context is not reached: the options are checked first.
    new ClusterSubscriber({} as never, bogus),
};

/** Parameters that take options already resolved by the library, not written by a user. */
const NOT_USER_OPTIONS: Record<string, string> = {
  'connection: redactOptions(0)': 'prints resolved options; it does not take options',
  'pubsub: new MessageStream(0)':
    'takes ResolvedStreamOptions, made by resolveStreamOptions, which checks what the user gave',
  'pubsub: resolveStreamOptions(1)': 'the defaults to fill in: resolved options, not a user object',
  'cache: new Cache(1)': 'internal: createCache checks the options, then constructs the cache',
};

describe('unknown options', () => {
  it('has a case for every options parameter of the public API, found by walking the types', () => {
    const found = optionParameters(PACKAGES);
    const covered = [...Object.keys(CASES), ...Object.keys(NOT_USER_OPTIONS)].sort();
    expect(covered).toEqual(found);
  });

  it.each(Object.keys(CASES))('%s refuses an unknown key, naming it', async (name) => {
    const error = await refusal(CASES[name] as () => unknown);
    expect(error).toBeInstanceOf(UnknownOptionError);
    expect(error).toBeInstanceOf(TypeError);
    expect(error).toMatchObject({ code: 'REDWIRE_UNKNOWN_OPTION' });
    expect((error as UnknownOptionError).option).toMatch(/bogusOption$/);
    expect((error as Error).message).toContain('unknown option `');
  });

  it('leaves the parameters that take resolved options as they are', () => {
    expect(() => redactOptions(resolveConnectionOptions(url))).not.toThrow();
    expect(() => new MessageStream(SUBSCRIBER_DEFAULTS, noop)).not.toThrow();
    expect(CONNECTION_OPTION_KEYS.has('url')).toBe(true);
  });
});
