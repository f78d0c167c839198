/**
 * Errors `@redwire/otel` raises itself. Each has a stable `code`. Both are mistakes in the
 * calling code, so they are `TypeError`s, like the protocol's `ArgumentError`.
 */

/**
 * `instrumentRedwire()` was given neither a `meter` nor a `meterProvider`. The package never
 * reaches for the global provider itself: that would mean loading `@opentelemetry/api` at run
 * time, which `redwire` users without OpenTelemetry do not have. Pass
 * `metrics.getMeterProvider()` to use the global one. Code `REDWIRE_OTEL_NO_METER`.
 */
export class MissingMeterError extends TypeError {
  /** Always `REDWIRE_OTEL_NO_METER`. */
  readonly code = 'REDWIRE_OTEL_NO_METER';

  constructor() {
    super(
      'instrumentRedwire(): give a `meterProvider` (such as metrics.getMeterProvider() from @opentelemetry/api) or a `meter`',
    );
    this.name = 'MissingMeterError';
  }
}
