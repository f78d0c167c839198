/**
 * `@redwire/otel`: redwire's `node:diagnostics_channel` channels as OpenTelemetry metrics. It
 * reads channels only: it never imports the cluster or the cache, holds no client, and takes
 * nothing but types from `@opentelemetry/api` (the meter comes from the caller). No tracing here.
 *
 * @packageDocumentation
 * @module @redwire/otel
 */
export { MissingMeterError } from './errors.js';
export { instrumentRedwire, type RedwireInstrumentation } from './instrument-redwire.js';
export { type InstrumentRedwireOptions, OTEL_DEFAULTS } from './options.js';
export { REDWIRE_METRICS } from './semantic-conventions.js';
