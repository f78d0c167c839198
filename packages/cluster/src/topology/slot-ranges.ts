/** Hash slot ranges: the canonical form every view keeps them in. */
import type { SlotRange } from './types.js';

/** The number of hash slots in a Redis Cluster: slots are 0 to 16383. */
export const SLOT_COUNT = 16384;

/** Whether `slot` is a hash slot number (an integer from 0 to 16383). */
export function isSlot(slot: number): boolean {
  return Number.isInteger(slot) && slot >= 0 && slot < SLOT_COUNT;
}

/**
 * Ranges sorted by start, with overlapping and adjacent ones merged: `0-5, 6-9, 3-4` becomes
 * `0-9`. Servers list the same slots in different pieces (CLUSTER SLOTS splits a primary's
 * slots per contiguous run); this form is the same for every way of writing them.
 */
export function normalizeRanges(ranges: readonly SlotRange[]): SlotRange[] {
  const sorted = [...ranges].sort((a, b) => a.start - b.start);
  const merged: SlotRange[] = [];
  for (const range of sorted) {
    const last = merged[merged.length - 1];
    if (last !== undefined && range.start <= last.end + 1) {
      if (range.end > last.end) merged[merged.length - 1] = { start: last.start, end: range.end };
    } else {
      merged.push({ start: range.start, end: range.end });
    }
  }
  return merged;
}

/** How many slots the ranges hold (ranges assumed disjoint, as {@link normalizeRanges} makes them). */
export function countSlots(ranges: readonly SlotRange[]): number {
  let count = 0;
  for (const range of ranges) count += range.end - range.start + 1;
  return count;
}

/** `0-5460,10923-16383`: ranges as text, for digests and messages. */
export function formatRanges(ranges: readonly SlotRange[]): string {
  return ranges
    .map((range) => (range.start === range.end ? `${range.start}` : `${range.start}-${range.end}`))
    .join(',');
}
