import { metrics } from '@opentelemetry/api';
import { UnknownOptionError } from '@redwire/protocol';
import { describe, expect, it } from 'vitest';
import { MissingMeterError } from './errors.js';
import { OTEL_DEFAULTS, resolveOtelOptions } from './options.js';

const meter = metrics.getMeterProvider().getMeter('test');

describe('resolveOtelOptions', () => {
  it('refuses an unknown key, naming it, before asking the provider for a meter', () => {
    let asked = 0;
    const meterProvider = {
      getMeter: () => {
        asked++;
        return meter;
      },
    };
    expect(() => resolveOtelOptions({ meterProvider, meterprovider: 1 } as never)).toThrow(
      UnknownOptionError,
    );
    expect(asked).toBe(0);
  });

  it('takes a meter named @redwire/otel from the provider, or the meter given', () => {
    const names: string[] = [];
    const meterProvider = {
      getMeter: (name: string) => {
        names.push(name);
        return meter;
      },
    };
    expect(resolveOtelOptions({ meterProvider }).meter).toBe(meter);
    expect(names).toEqual(['@redwire/otel']);
    expect(resolveOtelOptions({ meter }).durationBuckets).toEqual(OTEL_DEFAULTS.durationBuckets);
  });

  it('refuses a call with neither a meter nor a provider with MissingMeterError', () => {
    expect(() => resolveOtelOptions({})).toThrow(MissingMeterError);
    expect(() => resolveOtelOptions(undefined as never)).toThrow(
      expect.objectContaining({ code: 'REDWIRE_OTEL_NO_METER', name: 'MissingMeterError' }),
    );
  });

  it('refuses bucket boundaries that do not increase', () => {
    expect(() => resolveOtelOptions({ meter, durationBuckets: [1, 0.5] })).toThrow(TypeError);
    expect(() => resolveOtelOptions({ meter, durationBuckets: [0.1, Number.NaN] })).toThrow(
      TypeError,
    );
    expect(resolveOtelOptions({ meter, durationBuckets: [0.1, 1] }).durationBuckets).toEqual([
      0.1, 1,
    ]);
  });
});
