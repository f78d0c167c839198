/**
 * `ClusterSubscriber`: the consumer API of `@redwire/pubsub`'s `Subscriber` (the shared
 * `SubscriberFront`) over a cluster: channels and patterns on one node, shard channels on the
 * primary of each slot, moved by `ClusterLinks` when the cluster changes under them.
 */
import type { Buffer } from 'node:buffer';
import { inspect } from 'node:util';
import {
  type ChannelName,
  type SubscriberEvents,
  SubscriberFront,
  type SubscriberOptions,
  type SubscriptionKind,
} from '@redwire/pubsub';
import { ClusterLinks, type ClusterLinksContext, type MovedEvent } from './cluster-links.js';

/** Events a {@link ClusterSubscriber} emits: a `Subscriber`'s, and `moved`. */
export interface ClusterSubscriberEvents<T extends string | Buffer = string>
  extends SubscriberEvents<T> {
  /**
   * Subscriptions were confirmed on another node than before: shard channels whose slot moved
   * (a migration, a failover), or every channel and pattern when their node failed. `from`
   * equals `to` when a node dropped shard channels it still owns and confirmed them again: a
   * gap all the same. Messages
   * published between the change and this event were lost (pub/sub keeps nothing for absent
   * subscribers); those published from now on are delivered.
   */
  moved: [MovedEvent];
}

/**
 * Subscriptions across a Redis Cluster, made with `cluster.subscriber()`. Same API as
 * `Subscriber`: every subscribe method resolves once the owning node confirmed; listeners,
 * per-subscription streams and `for await` work alike. It opens one connection for channels
 * and patterns and one per primary holding shard channels, and closes each once it holds
 * nothing.
 *
 * @example
 * ```ts
 * await using sub = cluster.subscriber();
 * sub.on('moved', ({ shards, to }) => console.log('now on', to, shards));
 * await sub.ssubscribe('orders:{eu}', (m) => handle(m.message));
 * await cluster.spublish('orders:{eu}', 'new');
 * ```
 */
export class ClusterSubscriber<T extends string | Buffer = string> extends SubscriberFront<
  T,
  ClusterSubscriberEvents<T>
> {
  /** The per-node links this subscriber drives. @internal */
  protected readonly target: ClusterLinks<T>;

  /**
   * @param context - the cluster's topology and events, and how to connect to a node
   * @param options - the streams' defaults; `returnBuffers` must match `T`
   * @internal Use `cluster.subscriber()`.
   */
  constructor(context: Omit<ClusterLinksContext, 'buffers'>, options?: SubscriberOptions) {
    super(options);
    const buffers = options?.returnBuffers === true;
    this.target = new ClusterLinks<T>(
      { ...context, buffers },
      {
        message: (message) => this.deliver(message),
        moved: (event) => this.emitSafely('moved', event),
        reconnecting: (event) => this.emitSafely('reconnecting', event),
        resubscribed: (event) => this.emitSafely('resubscribed', event),
        error: (error) => this.report(error),
        end: () => this.ended(),
      },
    );
  }

  /**
   * `host:port` of the node holding a subscription: for channels and patterns the one node
   * they share, for a shard channel the primary it is placed on; `undefined` when none.
   */
  nodeOf(kind: SubscriptionKind, name?: ChannelName): string | undefined {
    return this.target.nodeOf(kind, name);
  }

  /** `host:port` of every node the subscriber has a connection to. */
  nodes(): string[] {
    return this.target.nodes();
  }

  [inspect.custom](): string {
    const counts = this.target.subscriptions.desiredCounts();
    return `ClusterSubscriber ${inspect({ nodes: this.nodes(), ...counts })}`;
  }
}
