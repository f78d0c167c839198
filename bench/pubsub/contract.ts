/**
 * The shape every pub/sub contender is wrapped into: one publishing client and one subscriber
 * connection of the same library, so the workload stays generic.
 */

import type { ServerAddress } from '@redwire/test-harness/servers';

/** A library's publisher and subscriber, connected and ready. */
export interface PubSubPair {
  /** PUBLISH through the library's publishing client; resolves to the receiver count. */
  publish(channel: string, message: string): Promise<unknown>;
  /**
   * Subscribes the subscriber connection to `channel` with the library's own API; resolves
   * once the server confirmed. `onMessage` receives each payload as a string.
   */
  subscribe(channel: string, onMessage: (message: string, channel: string) => void): Promise<void>;
  unsubscribe(channel: string): Promise<void>;
  close(): Promise<void>;
  /** The first error either side reported outside a promise (an 'error' event, a reconnect). */
  failure(): Error | undefined;
}

export interface PubSubContender {
  /** Short name for the table. */
  readonly name: string;
  /** Package, version and the settings that matter, for the results header. */
  readonly source: string;
  /** Opens one publishing connection and one subscriber connection. */
  connect(address: ServerAddress): Promise<PubSubPair>;
}
