/**
 * What one connection should be subscribed to (desired) apart from what its server has
 * confirmed (confirmed). The two differ while commands are in flight, after the socket is lost
 * (nothing is confirmed until the subscriptions are restored) and when the server ends a
 * sharded subscription on its own. Pure data: it sends nothing, so a cluster layer can move
 * names between the sets of several connections and reconcile each.
 */

import { SUBSCRIPTION_KINDS, type SubscriptionKind } from './kinds.js';
import { type ChannelName, nameKey } from './names.js';

/** How many subscriptions of each kind. */
export interface SubscriptionCounts {
  readonly channels: number;
  readonly patterns: number;
  readonly shards: number;
}

/**
 * Desired and confirmed subscriptions of one connection, by kind. Names are compared by their
 * bytes (a string and the Buffer of its UTF-8 bytes are one name).
 *
 * @example
 * ```ts
 * const set = new SubscriptionSet();
 * set.want('shard', ['orders']);
 * set.unconfirmed('shard'); // ['orders'] until the server confirms
 * ```
 */
export class SubscriptionSet {
  /** Names by key, so a name given as a string and echoed as a Buffer are one entry. */
  readonly #desired: Record<SubscriptionKind, Map<string, ChannelName>> = {
    channel: new Map(),
    pattern: new Map(),
    shard: new Map(),
  };
  readonly #confirmed: Record<SubscriptionKind, Set<string>> = {
    channel: new Set(),
    pattern: new Set(),
    shard: new Set(),
  };

  /** Marks `names` as wanted; the name first given is kept, to resubscribe with. */
  want(kind: SubscriptionKind, names: readonly ChannelName[]): void {
    const desired = this.#desired[kind];
    for (const name of names) {
      const key = nameKey(name);
      if (!desired.has(key)) desired.set(key, name);
    }
  }

  /** Marks `names` as no longer wanted. */
  unwant(kind: SubscriptionKind, names: readonly ChannelName[]): void {
    for (const name of names) this.#desired[kind].delete(nameKey(name));
  }

  /** The server confirmed a subscription. */
  confirm(kind: SubscriptionKind, name: ChannelName): void {
    this.#confirmed[kind].add(nameKey(name));
  }

  /** The server ended a subscription (asked for, or on its own). */
  unconfirm(kind: SubscriptionKind, name: ChannelName): void {
    this.#confirmed[kind].delete(nameKey(name));
  }

  /** Whether the user still wants `name` (asked for and not unsubscribed). */
  isDesired(kind: SubscriptionKind, name: ChannelName): boolean {
    return this.#desired[kind].has(nameKey(name));
  }

  /** Whether the server has confirmed `name` and not ended it since. */
  isConfirmed(kind: SubscriptionKind, name: ChannelName): boolean {
    return this.#confirmed[kind].has(nameKey(name));
  }

  /** Every wanted name of `kind`, as first given: what a reconnect restores. */
  desired(kind: SubscriptionKind): ChannelName[] {
    return [...this.#desired[kind].values()];
  }

  /** Wanted names of `kind` the server has not confirmed (in flight, or lost). */
  unconfirmed(kind: SubscriptionKind): ChannelName[] {
    const confirmed = this.#confirmed[kind];
    return [...this.#desired[kind]].filter(([key]) => !confirmed.has(key)).map(([, n]) => n);
  }

  /** The socket is gone, and the server's subscriptions with it. */
  forgetConfirmed(): void {
    for (const kind of SUBSCRIPTION_KINDS) this.#confirmed[kind].clear();
  }

  /** How many names of each kind are wanted. */
  desiredCounts(): SubscriptionCounts {
    return counts(this.#desired);
  }

  /** How many names of each kind the server has confirmed. */
  confirmedCounts(): SubscriptionCounts {
    return counts(this.#confirmed);
  }
}

function counts(sets: Record<SubscriptionKind, { readonly size: number }>): SubscriptionCounts {
  return { channels: sets.channel.size, patterns: sets.pattern.size, shards: sets.shard.size };
}
