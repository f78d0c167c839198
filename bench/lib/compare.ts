/** How redwire's figure compares with its peers', and how far to trust the comparison. */

import type { Measurement } from './measure.js';

/** The contender every benchmark compares against the others. */
export const REDWIRE = 'redwire';

/** Whether a contender is a peer: anything but redwire and its variants (`redwire, ...`). */
export function isPeer(name: string): boolean {
  return name !== REDWIRE && !name.startsWith(`${REDWIRE},`);
}

/**
 * redwire's median divided by the fastest peer's: 1.0 is a tie. Undefined when redwire or
 * every peer is missing from the run (a contender that could not be loaded).
 */
export function ratioToFasterPeer(measurements: readonly Measurement[]): number | undefined {
  const ours = measurements.find((measurement) => measurement.name === REDWIRE);
  const peers = measurements.filter((measurement) => isPeer(measurement.name));
  if (ours === undefined || peers.length === 0) return undefined;
  return ours.opsPerSecond / Math.max(...peers.map((peer) => peer.opsPerSecond));
}

/** One contender's spread across rounds: (max − min) over its median. */
export function spread({ samples, opsPerSecond }: Measurement): number {
  return (Math.max(...samples) - Math.min(...samples)) / opsPerSecond;
}

/**
 * The widest spread any contender showed. A ratio closer to 1.0 or to its target than this
 * is within the noise of the run, not a result.
 */
export function noise(measurements: readonly Measurement[]): number {
  return Math.max(...measurements.map(spread));
}

/** Which way a figure improves: throughput up, latency down. */
export type Better = 'higher' | 'lower';

export interface Figure {
  readonly name: string;
  readonly value: number;
}

/**
 * {@link ratioToFasterPeer} for any figure: how many times better redwire's value is than the
 * best peer's (for latency, the best peer's divided by redwire's), so above 1.0 always means
 * redwire is ahead.
 */
export function ratioToBestPeer(figures: readonly Figure[], better: Better): number | undefined {
  const ours = figures.find((figure) => figure.name === REDWIRE);
  const peers = figures.filter((figure) => isPeer(figure.name)).map((peer) => peer.value);
  if (ours === undefined || peers.length === 0) return undefined;
  return better === 'higher' ? ours.value / Math.max(...peers) : Math.min(...peers) / ours.value;
}

/** Whether a ratio meets its target, saying so when the run is too noisy to tell. */
export function verdict(value: number | undefined, target: number, runNoise: number): string {
  if (value === undefined) return 'n/a';
  if (Math.abs(value - target) <= runNoise * target) return 'within noise';
  return value >= target ? 'yes' : 'no';
}
