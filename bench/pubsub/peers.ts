/**
 * ioredis 5 and node-redis 6 as a publisher plus a subscriber, each with the library's
 * documented pub/sub API: ioredis a second `Redis` in subscriber mode with a 'message'
 * listener, node-redis `duplicate()` with a per-channel listener.
 */

import { Redis } from 'ioredis';
import { createClient } from 'redis';
import { FirstError } from '../lib/clients/contract.js';
import { packageVersion } from '../lib/package-version.js';
import type { PubSubContender } from './contract.js';

const ioredisVersion = packageVersion('ioredis');
const redisVersion = packageVersion('redis');

function ioredis(name: string, enableAutoPipelining: boolean): PubSubContender {
  return {
    name,
    source: `ioredis ${ioredisVersion} (publisher enableAutoPipelining: ${enableAutoPipelining})`,
    async connect({ host, port }) {
      const publisher = new Redis({ host, port, lazyConnect: true, enableAutoPipelining });
      const subscriber = new Redis({ host, port, lazyConnect: true });
      const errors = FirstError.of(publisher, subscriber);
      await Promise.all([publisher.connect(), subscriber.connect()]);
      const listeners = new Map<string, (message: string, channel: string) => void>();
      subscriber.on('message', (channel: string, message: string) => {
        listeners.get(channel)?.(message, channel);
      });
      return {
        publish: (channel, message) => publisher.publish(channel, message),
        async subscribe(channel, onMessage) {
          listeners.set(channel, onMessage);
          await subscriber.subscribe(channel);
        },
        async unsubscribe(channel) {
          listeners.delete(channel);
          await subscriber.unsubscribe(channel);
        },
        async close() {
          await Promise.all([publisher.quit(), subscriber.quit()]);
        },
        failure: () => errors.error,
      };
    },
  };
}

export const ioredisDefault = ioredis('ioredis', false);
export const ioredisAutoPipelined = ioredis('ioredis auto-pipelined', true);

export const nodeRedis: PubSubContender = {
  name: 'node-redis',
  source: `redis ${redisVersion} (createClient defaults; subscriber from duplicate())`,
  async connect({ host, port }) {
    const publisher = createClient({ socket: { host, port } });
    const subscriber = publisher.duplicate();
    const errors = FirstError.of(publisher, subscriber);
    await Promise.all([publisher.connect(), subscriber.connect()]);
    return {
      publish: (channel, message) => publisher.publish(channel, message),
      subscribe: (channel, onMessage) => subscriber.subscribe(channel, onMessage),
      unsubscribe: (channel) => subscriber.unsubscribe(channel),
      async close() {
        await Promise.all([publisher.close(), subscriber.close()]);
      },
      failure: () => errors.error,
    };
  },
};
