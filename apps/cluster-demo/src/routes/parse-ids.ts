/** The id list of `GET /products?ids=...`, checked beyond what its schema's pattern can say. */
import { MAX_ID } from './schemas.js';

/** The ids, distinct and in first-seen order, or why they are refused. */
export type ParsedIds = { ok: true; ids: number[] } | { ok: false; message: string };

/** Parses `1,2,3` (already matched against the schema's pattern) and bounds its size. */
export function parseIds(list: string, maxIds: number): ParsedIds {
  const ids = [...new Set(list.split(',').map(Number))];
  if (ids.length > maxIds) {
    return { ok: false, message: `at most ${maxIds} distinct ids per request, not ${ids.length}` };
  }
  const bad = ids.find((id) => id < 1 || id > MAX_ID);
  if (bad !== undefined) return { ok: false, message: `id ${bad} is not between 1 and ${MAX_ID}` };
  return { ok: true, ids };
}
