/**
 * How `redwire:command` ends a trace: on the reply's own tick when nobody bound a store (the
 * cheap path), through `tracePromise` when someone did, so an AsyncLocalStorage bound with
 * `bindStore` is seen by the handlers just as with any other TracingChannel.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import diagnostics from 'node:diagnostics_channel';
import { getTestServers } from '@redwire/test-harness';
import { afterEach, describe, expect, it } from 'vitest';
import { createClient } from './create-client.js';
import { CLIENT_CHANNELS } from './diagnostics.js';

const { host, port } = getTestServers().standalone.address;
const channel = diagnostics.tracingChannel(CLIENT_CHANNELS.command);
const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

/** Subscribes handlers that log `event command` in order; returns the log. */
function logEvents(extra: (event: string) => string = () => ''): string[] {
  const log: string[] = [];
  const handler = (event: string) => (context: object) =>
    log.push(`${event} ${(context as { command: string }).command}${extra(event)}`);
  const handlers = {
    start: handler('start'),
    end: handler('end'),
    asyncStart: handler('asyncStart'),
    asyncEnd: handler('asyncEnd'),
    error: handler('error'),
  };
  channel.subscribe(handlers);
  cleanups.push(() => channel.unsubscribe(handlers));
  return log;
}

describe('redwire:command', () => {
  it('publishes start and end around the call, then error, asyncStart, asyncEnd before the caller resumes', async () => {
    await using redis = createClient({ host, port });
    await redis.ping();
    const log = logEvents();
    const reply = redis.set('diag:order', 'v');
    expect(log).toEqual(['start SET', 'end SET']);
    await reply;
    expect(log).toEqual(['start SET', 'end SET', 'asyncStart SET', 'asyncEnd SET']);

    log.length = 0;
    await expect(redis.sendCommand(['NOSUCHCOMMAND'])).rejects.toThrow(/unknown command/);
    expect(log).toEqual([
      'start NOSUCHCOMMAND',
      'end NOSUCHCOMMAND',
      'error NOSUCHCOMMAND',
      'asyncStart NOSUCHCOMMAND',
      'asyncEnd NOSUCHCOMMAND',
    ]);
  });

  it('traces a command refused before it is written (error, then the async end)', async () => {
    await using redis = createClient({ host, port });
    const log = logEvents();
    await expect(redis.sendCommand(['SUBSCRIBE', 'diag:refused'])).rejects.toThrow();
    expect(log).toEqual([
      'start SUBSCRIBE',
      'end SUBSCRIBE',
      'error SUBSCRIBE',
      'asyncStart SUBSCRIBE',
      'asyncEnd SUBSCRIBE',
    ]);
  });

  it('runs the call inside a store bound to the channel, and the handlers see it at the end', async () => {
    await using redis = createClient({ host, port });
    await redis.ping();
    const storage = new AsyncLocalStorage<string>();
    channel.start.bindStore(
      storage,
      (context) => `span of ${(context as { command: string }).command}`,
    );
    cleanups.push(() => channel.start.unbindStore(storage));
    const log = logEvents(() => ` in ${storage.getStore() ?? 'no store'}`);
    await redis.get('diag:store');
    expect(log).toEqual([
      'start GET in span of GET',
      'end GET in span of GET',
      'asyncStart GET in span of GET',
      'asyncEnd GET in span of GET',
    ]);
  });
});
