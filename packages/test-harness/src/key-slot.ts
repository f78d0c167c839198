/** Number of hash slots in a Redis Cluster. */
import { Buffer } from 'node:buffer';
export const SLOT_COUNT = 16_384;

// CRC16-CCITT (XModem), the checksum the cluster spec uses for key slots.
const TABLE = new Uint16Array(256);
for (let i = 0; i < 256; i++) {
  let crc = i << 8;
  for (let bit = 0; bit < 8; bit++) crc = crc & 0x8000 ? (crc << 1) ^ 0x1021 : crc << 1;
  TABLE[i] = crc & 0xffff;
}

function crc16(bytes: Uint8Array): number {
  let crc = 0;
  for (const byte of bytes) crc = ((crc << 8) & 0xffff) ^ (TABLE[((crc >> 8) ^ byte) & 0xff] ?? 0);
  return crc;
}

/**
 * The hash slot of `key`, as CLUSTER KEYSLOT computes it: only the part between the first `{`
 * and the next `}` counts when that part is not empty (the spec's hash-tag rule).
 */
export function keySlot(key: string | Uint8Array): number {
  const bytes = typeof key === 'string' ? Buffer.from(key) : key;
  const open = bytes.indexOf(0x7b);
  if (open !== -1) {
    const close = bytes.indexOf(0x7d, open + 1);
    if (close > open + 1) return crc16(bytes.subarray(open + 1, close)) % SLOT_COUNT;
  }
  return crc16(bytes) % SLOT_COUNT;
}

const tagCache = new Map<number, string>();

/**
 * A short hash tag whose keys land in `slot`: every key containing `{tag}` hashes there. Handy
 * to put test keys on a chosen node or slot.
 *
 * @example
 * const tag = hashTagForSlot(42);
 * await client.set(`{${tag}}:user`, 'x'); // lives in slot 42
 */
export function hashTagForSlot(slot: number): string {
  if (!Number.isInteger(slot) || slot < 0 || slot >= SLOT_COUNT) {
    throw new RangeError(`Slot must be an integer in 0-${SLOT_COUNT - 1}, got ${slot}`);
  }
  const cached = tagCache.get(slot);
  if (cached !== undefined) return cached;
  // CRC16 spreads short strings evenly, so about 16384 candidates find any slot.
  for (let i = 0; ; i++) {
    const tag = i.toString(36);
    const tagSlot = keySlot(tag);
    if (!tagCache.has(tagSlot)) tagCache.set(tagSlot, tag);
    if (tagSlot === slot) return tag;
  }
}
