/** How redwire's figure compares with its peers', and how far to trust the comparison. */

import type { Measurement } from './measure.js';

/** The contender every benchmark compares against the others. */
export const REDWIRE = 'redwire';

/**
 * redwire's median divided by the fastest peer's: 1.0 is a tie. Undefined when redwire or
 * every peer is missing from the run (a contender that could not be loaded).
 */
export function ratioToFasterPeer(measurements: readonly Measurement[]): number | undefined {
  const ours = measurements.find((measurement) => measurement.name === REDWIRE);
  const peers = measurements.filter((measurement) => measurement.name !== REDWIRE);
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
