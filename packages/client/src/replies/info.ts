/**
 * INFO's text, parsed on request: `infoParsed()` on a client or batch, or `parseInfo` on text
 * already fetched (one node of a cluster fan-out, say). `info()` itself keeps the text.
 */
import type { Buffer } from 'node:buffer';
import type { RespValue } from '@redwire/protocol';
import { text } from './convert.js';

/**
 * INFO as sections of fields, both keyed as the server writes them lower-cased for sections
 * (`server`, `clients`, `keyspace`): `{ server: { redis_version: '7.0.15', ... }, ... }`.
 * Values stay strings (`keyspace.db0` is `'keys=1,expires=0,avg_ttl=0'`): INFO mixes
 * numbers, versions and lists, and only the reader knows which is which.
 */
export type InfoSections = Record<string, Record<string, string>>;

/**
 * Parses INFO's text (`# Section` headers, `field:value` lines).
 * @example `parseInfo(await redis.info('server')).server?.redis_version // '7.0.15'`
 */
export function parseInfo(info: string | Buffer | { toString(): string }): InfoSections {
  const sections: InfoSections = {};
  let current: Record<string, string> | undefined;
  for (const raw of info.toString().split('\n')) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line === '') continue;
    if (line.startsWith('#')) {
      current = {};
      sections[line.slice(1).trim().toLowerCase()] = current;
      continue;
    }
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    if (current === undefined) {
      current = {};
      sections[''] = current;
    }
    current[line.slice(0, colon)] = line.slice(colon + 1);
  }
  return sections;
}

/** The `infoParsed` transform: INFO's string or RESP3 verbatim string, parsed. */
export function infoSections(reply: RespValue): InfoSections {
  return parseInfo(text(reply));
}
