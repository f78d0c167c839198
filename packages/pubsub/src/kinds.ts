/**
 * The three kinds of subscription as one table: channels (SUBSCRIBE), patterns (PSUBSCRIBE) and
 * shard channels (SSUBSCRIBE) differ only in the names of their commands and frames, so every
 * other piece of the package handles the three through this table.
 */

/** A channel (`subscribe`), a glob-style pattern (`psubscribe`) or a shard channel (`ssubscribe`). */
export type SubscriptionKind = 'channel' | 'pattern' | 'shard';

/** The commands and frame kinds of one {@link SubscriptionKind}. */
export interface KindNames {
  /** The command that subscribes: `SUBSCRIBE`, `PSUBSCRIBE`, `SSUBSCRIBE`. */
  readonly subscribe: string;
  /** The command that unsubscribes: `UNSUBSCRIBE`, `PUNSUBSCRIBE`, `SUNSUBSCRIBE`. */
  readonly unsubscribe: string;
  /** The frame confirming a subscription: `subscribe`, `psubscribe`, `ssubscribe`. */
  readonly subscribed: string;
  /** The frame confirming (or announcing) its end: `unsubscribe`, `punsubscribe`, `sunsubscribe`. */
  readonly unsubscribed: string;
  /** The frame carrying a message: `message`, `pmessage`, `smessage`. */
  readonly message: string;
}

/** Every kind, in the order subscriptions are restored after a reconnect. */
export const SUBSCRIPTION_KINDS: readonly SubscriptionKind[] = ['channel', 'pattern', 'shard'];

/** The commands and frame names of each kind of subscription. */
export const KINDS: Readonly<Record<SubscriptionKind, KindNames>> = Object.freeze({
  channel: {
    subscribe: 'SUBSCRIBE',
    unsubscribe: 'UNSUBSCRIBE',
    subscribed: 'subscribe',
    unsubscribed: 'unsubscribe',
    message: 'message',
  },
  pattern: {
    subscribe: 'PSUBSCRIBE',
    unsubscribe: 'PUNSUBSCRIBE',
    subscribed: 'psubscribe',
    unsubscribed: 'punsubscribe',
    message: 'pmessage',
  },
  shard: {
    subscribe: 'SSUBSCRIBE',
    unsubscribe: 'SUNSUBSCRIBE',
    subscribed: 'ssubscribe',
    unsubscribed: 'sunsubscribe',
    message: 'smessage',
  },
});

/** What a confirmation frame is about: its kind, and whether it adds or ends a subscription. */
export interface Confirmation {
  readonly kind: SubscriptionKind;
  readonly subscribed: boolean;
}

/** Confirmation frames by their first element (`'psubscribe'` → pattern, subscribed). */
export const CONFIRMATIONS: ReadonlyMap<string, Confirmation> = new Map(
  SUBSCRIPTION_KINDS.flatMap((kind): [string, Confirmation][] => [
    [KINDS[kind].subscribed, { kind, subscribed: true }],
    [KINDS[kind].unsubscribed, { kind, subscribed: false }],
  ]),
);
