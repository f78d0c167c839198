/**
 * redwire's `createClient` publishing and its `subscriber()` receiving through a per-channel
 * listener, from the workspace sources. Loaded on its own by contenders.ts, so the peers still
 * run while the packages are in flux.
 */

import { createClient } from '@redwire/client';
import { FirstError } from '../lib/clients/contract.js';
import type { PubSubContender } from './contract.js';

export const redwire: PubSubContender = {
  name: 'redwire',
  source: '@redwire/client createClient + subscriber() (workspace source, defaults)',
  async connect({ host, port }) {
    const publisher = createClient({ host, port });
    const subscriber = publisher.subscriber();
    const errors = FirstError.of(publisher, subscriber);
    await publisher.connect();
    return {
      publish: (channel, message) => publisher.publish(channel, message),
      subscribe: (channel, onMessage) =>
        subscriber.subscribe(channel, (m) => onMessage(m.message, m.channel)),
      unsubscribe: (channel) => subscriber.unsubscribe(channel),
      async close() {
        await Promise.all([publisher.close(), subscriber.close()]);
      },
      failure: () => errors.error,
    };
  },
};
