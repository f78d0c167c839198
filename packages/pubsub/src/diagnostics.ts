/**
 * The diagnostics channel a subscriber publishes to: `redwire:resubscribed`, once every
 * subscription of a connection has been confirmed again after a reconnect. The connection's own
 * channels (`redwire:connect`, `redwire:reconnect`) cover the rest of its life. See
 * docs/observability.md.
 */
import diagnostics from 'node:diagnostics_channel';
import type { ServerAttributes } from '@redwire/connection';
import type { SubscriptionCounts } from './subscription-set.js';

/** `redwire:resubscribed`: what a subscriber's connection holds again after a reconnect. */
export interface ResubscribedDiagnostic extends ServerAttributes, SubscriptionCounts {}

/**
 * `redwire:message`: a message arrived for a subscriber, before its listeners and streams get
 * it. The channel name and payload are not included: they are the application's data.
 */
export interface MessageDiagnostic {
  /** How it was subscribed to. */
  readonly kind: 'channel' | 'pattern' | 'shard';
  /** Its payload's size: bytes for a Buffer, UTF-16 code units for a string. */
  readonly size: number;
}

/** `redwire:message-dropped`: a stream with `overflow: 'dropOldest'` dropped its oldest message. */
export interface MessageDroppedDiagnostic {
  /** `maxBuffered` of the stream. */
  readonly maxBuffered: number;
}

/** The names of the subscriber's channels, as subscribers pass them to `diagnostics_channel`. */
export const PUBSUB_CHANNELS = Object.freeze({
  resubscribed: 'redwire:resubscribed',
  message: 'redwire:message',
  messageDropped: 'redwire:message-dropped',
} as const);

/** @internal */
export const resubscribedChannel = diagnostics.channel(PUBSUB_CHANNELS.resubscribed);
/** @internal */
export const messageChannel = diagnostics.channel(PUBSUB_CHANNELS.message);
/** @internal */
export const messageDroppedChannel = diagnostics.channel(PUBSUB_CHANNELS.messageDropped);
