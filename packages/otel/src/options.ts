/** The options of `instrumentRedwire`, their defaults, and the check of what a caller gave. */
import type { Meter, MeterProvider } from '@opentelemetry/api';
import { checkOptionKeys, optionKeys } from '@redwire/protocol';
import { MissingMeterError } from './errors.js';

/** Options of {@link instrumentRedwire}. Give `meterProvider` or `meter`. */
export interface InstrumentRedwireOptions {
  /**
   * Where the instruments are made: a meter named `@redwire/otel` is taken from it. Pass
   * `metrics.getMeterProvider()` for the global provider.
   * @defaultValue none: this or `meter` is required
   */
  meterProvider?: MeterProvider | undefined;
  /** A meter to make the instruments on, instead of one from `meterProvider`. @defaultValue none */
  meter?: Meter | undefined;
  /**
   * Bucket boundaries (seconds) advised for the two duration histograms; a view may override
   * them. The conventions' own for `db.client.operation.duration`.
   * @defaultValue `[0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10]`
   */
  durationBuckets?: readonly number[] | undefined;
}

/** The defaults, as `instrumentRedwire` fills them in. */
export const OTEL_DEFAULTS = Object.freeze({
  /** The instrumentation scope's name, given to `meterProvider.getMeter()`. */
  meterName: '@redwire/otel',
  durationBuckets: Object.freeze([0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10]),
});

/** Options after defaults and checks. */
export interface ResolvedOtelOptions {
  readonly meter: Meter;
  readonly durationBuckets: readonly number[];
}

const KEYS = optionKeys<InstrumentRedwireOptions>({
  meterProvider: true,
  meter: true,
  durationBuckets: true,
});
const WHERE = 'instrumentRedwire()';

/**
 * Checks and completes the options: unknown keys first, so a misspelt key is reported before
 * any instrument is made.
 * @throws UnknownOptionError for a key it does not know
 * @throws MissingMeterError when neither `meter` nor `meterProvider` is given
 * @throws TypeError for bucket boundaries that are not increasing finite numbers
 */
export function resolveOtelOptions(options: InstrumentRedwireOptions): ResolvedOtelOptions {
  if (typeof options !== 'object' || options === null) throw new MissingMeterError();
  checkOptionKeys(options, KEYS, WHERE);
  const meter = options.meter ?? options.meterProvider?.getMeter(OTEL_DEFAULTS.meterName);
  if (meter === undefined) throw new MissingMeterError();
  const durationBuckets = options.durationBuckets ?? OTEL_DEFAULTS.durationBuckets;
  const increasing =
    Array.isArray(durationBuckets) &&
    durationBuckets.every(
      (bound, i) =>
        Number.isFinite(bound) && (i === 0 || bound > (durationBuckets[i - 1] as number)),
    );
  if (!increasing) {
    throw new TypeError(`${WHERE}: durationBuckets must be increasing finite numbers of seconds`);
  }
  return { meter, durationBuckets };
}
