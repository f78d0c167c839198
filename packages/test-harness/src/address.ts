/** Where a server listens. */
export interface ServerAddress {
  readonly host: string;
  readonly port: number;
}

/** `host:port`, as redis-cli and CLUSTER NODES write it (IPv6 hosts in brackets). */
export function formatAddress(address: ServerAddress): string {
  const host = address.host.includes(':') ? `[${address.host}]` : address.host;
  return `${host}:${address.port}`;
}

/**
 * Parses `host:port` (or `[v6]:port`).
 *
 * @throws TypeError when the text has no valid port.
 */
export function parseAddress(text: string): ServerAddress {
  const colon = text.lastIndexOf(':');
  const port = Number(text.slice(colon + 1));
  if (colon <= 0 || !Number.isInteger(port) || port <= 0 || port > 65_535) {
    throw new TypeError(`Expected host:port, got ${JSON.stringify(text)}`);
  }
  let host = text.slice(0, colon);
  if (host.startsWith('[') && host.endsWith(']')) host = host.slice(1, -1);
  return { host, port };
}
