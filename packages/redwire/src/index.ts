/**
 * `redwire`: the meta-package. It re-exports the public API of every `@redwire/*` package and
 * adds nothing of its own.
 *
 * @packageDocumentation
 */

// Both the cache and the client name a type `SetOptions` (`Cache.set`'s, and the SET command's):
// the cache's keeps the plain name here, as before the client exported its own.
export type { SetOptions } from '@redwire/cache';
export * from '@redwire/cache';
export * from '@redwire/client';
export * from '@redwire/cluster';
export * from '@redwire/connection';
export * from '@redwire/otel';
export * from '@redwire/protocol';
export * from '@redwire/pubsub';
