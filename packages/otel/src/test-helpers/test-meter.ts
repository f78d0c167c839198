/**
 * A meter provider whose metrics the tests read back: the SDK's in-memory exporter behind a
 * periodic reader that never fires on its own (the tests flush), with cumulative temporality so
 * each read is the total so far.
 */
import type { Attributes } from '@opentelemetry/api';
import {
  AggregationTemporality,
  InMemoryMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
} from '@opentelemetry/sdk-metrics';
import { afterAll } from 'vitest';
import { instrumentRedwire } from '../instrument-redwire.js';

/** One data point: its attributes, and a number (sums) or `{ count, sum }` (histograms). */
export interface Point {
  readonly attributes: Attributes;
  readonly value: number | { readonly count: number; readonly sum?: number | undefined };
}

/** A provider and what was recorded on it. */
export interface TestMeter {
  readonly meterProvider: MeterProvider;
  /** The data points of metric `name` now (none if nothing was recorded). */
  points(name: string): Promise<Point[]>;
  /** The sum of the counter `name` over the points whose attributes include `match`. */
  total(name: string, match?: Attributes): Promise<number>;
  /** How many measurements the histogram `name` took over the points including `match`. */
  count(name: string, match?: Attributes): Promise<number>;
  shutdown(): Promise<void>;
}

const includes = (attributes: Attributes, match: Attributes) =>
  Object.entries(match).every(([key, value]) => attributes[key] === value);

/** A fresh provider with an in-memory exporter. */
export function testMeter(): TestMeter {
  const exporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
  const reader = new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 3_600_000 });
  const meterProvider = new MeterProvider({ readers: [reader] });
  const points = async (name: string): Promise<Point[]> => {
    exporter.reset();
    await reader.forceFlush();
    const metrics = exporter
      .getMetrics()
      .flatMap((resource) => resource.scopeMetrics.flatMap((scope) => scope.metrics));
    return metrics
      .filter((metric) => metric.descriptor.name === name)
      .flatMap((metric) => metric.dataPoints as Point[]);
  };
  const matching = async (name: string, match: Attributes) =>
    (await points(name)).filter((point) => includes(point.attributes, match));
  return {
    meterProvider,
    points,
    total: async (name, match = {}) =>
      (await matching(name, match)).reduce((sum, point) => sum + (point.value as number), 0),
    count: async (name, match = {}) =>
      (await matching(name, match)).reduce(
        (sum, point) => sum + (point.value as { count: number }).count,
        0,
      ),
    shutdown: () => meterProvider.shutdown(),
  };
}

/**
 * A test meter with redwire instrumented on it for the whole test file: stopped and shut down
 * after the file's tests.
 */
export function instrumentedMeter(): TestMeter {
  const meter = testMeter();
  const instrumentation = instrumentRedwire({ meterProvider: meter.meterProvider });
  afterAll(async () => {
    instrumentation.stop();
    await meter.shutdown();
  });
  return meter;
}
