/**
 * `redwire`: the meta-package. It re-exports the public API of every `@redwire/*` package and
 * adds nothing of its own.
 *
 * @packageDocumentation
 */

export * from '@redwire/cache';
export * from '@redwire/client';
export * from '@redwire/cluster';
export * from '@redwire/connection';
export * from '@redwire/otel';
export * from '@redwire/protocol';
export * from '@redwire/pubsub';
