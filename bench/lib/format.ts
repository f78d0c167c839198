/** Number formats shared by the benchmarks' tables, so every section reads alike. */

/** Whole numbers from 100 up, three significant digits below. */
export function significant(value: number): string {
  if (value >= 100) return Math.round(value).toLocaleString('en-US');
  return value.toPrecision(3);
}

/** Three significant digits with a k / M suffix: 20.7M, 12.5k. */
export function compact(value: number): string {
  if (value >= 1e6) return `${(value / 1e6).toPrecision(3)}M`;
  if (value >= 1e3) return `${(value / 1e3).toPrecision(3)}k`;
  return value.toPrecision(3);
}

export function percent(fraction: number): string {
  return `${Math.round(fraction * 100)}%`;
}

export function ratio(value: number | undefined): string {
  return value === undefined ? 'n/a' : `${value.toFixed(2)}×`;
}
