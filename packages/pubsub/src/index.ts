/**
 * `@redwire/pubsub`: channel, pattern and sharded subscriptions over one connection, consumed
 * through listeners or async iterators, restored after reconnects. It does not route across
 * cluster nodes: `@redwire/cluster` builds that from the pieces exported here.
 *
 * @packageDocumentation
 * @module @redwire/pubsub
 */
export { ProtocolError, RedisError, ReplyError, UnknownOptionError } from '@redwire/protocol';
export { type CreateSubscriberOptions, createSubscriber } from './create-subscriber.js';
export {
  type MessageDiagnostic,
  type MessageDroppedDiagnostic,
  PUBSUB_CHANNELS,
  type ResubscribedDiagnostic,
} from './diagnostics.js';
export { MessageOverflowError, SubscriberModeError } from './errors.js';
export {
  CONFIRMATIONS,
  type Confirmation,
  KINDS,
  type KindNames,
  SUBSCRIPTION_KINDS,
  type SubscriptionKind,
} from './kinds.js';
export type { Message, MessageListener } from './message.js';
export { MessageRouter } from './message-router.js';
export { MessageStream } from './message-stream.js';
export { type ChannelName, type ChannelNames, nameKey } from './names.js';
export {
  type OverflowPolicy,
  type ResolvedStreamOptions,
  resolveStreamOptions,
  STREAM_OPTION_KEYS,
  type StreamOptions,
  SUBSCRIBER_DEFAULTS,
  SUBSCRIBER_OPTION_KEYS,
  type SubscriberOptions,
} from './options.js';
export { Subscriber } from './subscriber.js';
export {
  type DroppedEvent,
  type SubscriberEvents,
  SubscriberFront,
  type SubscriptionTarget,
  type SubscriptionView,
} from './subscriber-front.js';
export {
  type LinkHooks,
  type RestoreBatches,
  type ResubscribedEvent,
  SubscriptionLink,
} from './subscription-link.js';
export { type SubscriptionCounts, SubscriptionSet } from './subscription-set.js';
