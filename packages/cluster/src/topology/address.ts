/**
 * Node addresses: the `host:port` key nodes are known by, the address text of MOVED and ASK
 * replies, and `nodeAddressMap`.
 */
import { SLOT_COUNT } from './slot-ranges.js';
import type { NodeAddress, NodeAddressMap } from './types.js';

/**
 * The key a node is known by in the client: `host:port`, or `[host]:port` for an IPv6 host, so
 * the port never reads as part of the address.
 *
 * @example
 * ```ts
 * nodeKey({ host: '10.0.0.7', port: 6379 }); // '10.0.0.7:6379'
 * nodeKey({ host: '::1', port: 6379 }); // '[::1]:6379'
 * ```
 */
export function nodeKey(address: NodeAddress): string {
  return address.host.includes(':')
    ? `[${address.host}]:${address.port}`
    : `${address.host}:${address.port}`;
}

/**
 * Reads `host:port` as Redis writes it in MOVED and ASK replies and as {@link nodeKey} writes it:
 * `127.0.0.1:6381`, `redis-3.internal:6381`, `[::1]:6381`, and the bare `::1:6381` that Redis
 * itself writes for IPv6 (`"%s:%d"`, no brackets: the port is after the last colon).
 *
 * An empty host (`:6381`, a node configured with `cluster-preferred-endpoint-type
 * unknown-endpoint`) means "the host you reached me on": `sameHost` is used, or the address is
 * unknown when none is given. The host `?` (a node asked for hostnames that has none) is unknown.
 *
 * @returns the address, or `undefined` when the text is not an address or names no usable host
 */
export function parseAddress(text: string, sameHost?: string): NodeAddress | undefined {
  let host: string;
  let portText: string;
  if (text.startsWith('[')) {
    const close = text.indexOf(']');
    if (close === -1 || text[close + 1] !== ':') return undefined;
    host = text.slice(1, close);
    portText = text.slice(close + 2);
  } else {
    const colon = text.lastIndexOf(':');
    if (colon === -1) return undefined;
    host = text.slice(0, colon);
    portText = text.slice(colon + 1);
  }
  const port = parsePort(portText);
  if (port === undefined || host === '?') return undefined;
  if (host === '') {
    if (sameHost === undefined || sameHost === '') return undefined;
    host = sameHost;
  }
  return { host, port };
}

/** A redirection a node answered with instead of running the command. */
export interface Redirection {
  /** `MOVED`: the slot has a new owner for good. `ASK`: this one command goes there (migration). */
  readonly kind: 'MOVED' | 'ASK';
  readonly slot: number;
  /** The node to send to: as announced, or mapped when `parseRedirection` was given the map. */
  readonly address: NodeAddress;
}

/**
 * Reads the message of a `MOVED` or `ASK` error reply: `MOVED 3999 127.0.0.1:6381`,
 * `ASK 3999 [::1]:6381`.
 *
 * @param message - the error line (`ReplyError.message`) without the leading `-`
 * @param repliedHost - the host of the node that replied, for `MOVED 3999 :6381` (an empty
 *   host means "same host as me")
 * @param nodeAddressMap - applied to the address, so it can be dialled and compared with the
 *   map's nodes (which went through it too)
 * @returns the redirection, or `undefined` for any other error, a malformed one, or one whose
 *   host is `?` (the node does not know the owner's address: refresh the map instead)
 *
 * @example
 * ```ts
 * parseRedirection('MOVED 3999 :6381', '10.0.0.5');
 * // { kind: 'MOVED', slot: 3999, address: { host: '10.0.0.5', port: 6381 } }
 * ```
 */
export function parseRedirection(
  message: string,
  repliedHost?: string,
  nodeAddressMap?: NodeAddressMap,
): Redirection | undefined {
  const parts = message.split(' ');
  if (parts.length !== 3) return undefined;
  const [kind, slotText, addressText] = parts as [string, string, string];
  if (kind !== 'MOVED' && kind !== 'ASK') return undefined;
  if (!/^\d{1,5}$/.test(slotText)) return undefined;
  const slot = Number(slotText);
  if (slot >= SLOT_COUNT) return undefined;
  const address = parseAddress(addressText, repliedHost);
  if (address === undefined) return undefined;
  return { kind, slot, address: applyAddressMap(nodeAddressMap, address) };
}

/**
 * The address to dial for one a node announced: `map` applied (a record keyed by
 * {@link nodeKey}, or a function), the announced address itself when the map has no entry.
 */
export function applyAddressMap(
  map: NodeAddressMap | undefined,
  announced: NodeAddress,
): NodeAddress {
  if (map === undefined) return announced;
  if (typeof map === 'function') return map(announced) ?? announced;
  const key = nodeKey(announced);
  return Object.hasOwn(map, key) ? (map[key] ?? announced) : announced;
}

/**
 * A copy of `items` in random order (Fisher–Yates), so seeds and sampled nodes are tried
 * without favouring the first one listed.
 *
 * @param random - a source of numbers in [0, 1), for tests
 */
export function shuffle<T>(items: readonly T[], random: () => number = Math.random): T[] {
  const shuffled = [...items];
  for (let i = shuffled.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const swap = shuffled[i] as T;
    shuffled[i] = shuffled[j] as T;
    shuffled[j] = swap;
  }
  return shuffled;
}

function parsePort(text: string): number | undefined {
  if (!/^\d{1,5}$/.test(text)) return undefined;
  const port = Number(text);
  return port > 0 && port <= 65535 ? port : undefined;
}
