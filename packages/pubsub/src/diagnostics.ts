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

/** The names of the subscriber's channels, as subscribers pass them to `diagnostics_channel`. */
export const PUBSUB_CHANNELS = Object.freeze({ resubscribed: 'redwire:resubscribed' } as const);

/** @internal */
export const resubscribedChannel = diagnostics.channel(PUBSUB_CHANNELS.resubscribed);
