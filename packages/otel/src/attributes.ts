/**
 * Payloads of the diagnostics channels -> OpenTelemetry attributes. Pure functions, so what a
 * metric is labelled with is pinned by unit tests without a server.
 */
import type { Attributes } from '@opentelemetry/api';
import { ATTR, DB_SYSTEM } from './semantic-conventions.js';

/**
 * The server fields of a payload (connection's `ServerAttributes`, all optional here: a cluster
 * command learns them late).
 */
type ServerFields = {
  readonly serverAddress?: string | undefined;
  readonly serverPort?: number | undefined;
  readonly database?: number | undefined;
};

/**
 * `db.system.name`, and `server.address`, `server.port` and `db.namespace` (the database index
 * as a string, as the conventions ask) for those the payload knows.
 */
export function serverAttributes(fields: ServerFields): Attributes {
  const attributes: Attributes = { [ATTR.dbSystemName]: DB_SYSTEM };
  if (fields.serverAddress !== undefined) attributes[ATTR.serverAddress] = fields.serverAddress;
  if (fields.serverPort !== undefined) attributes[ATTR.serverPort] = fields.serverPort;
  if (fields.database !== undefined) attributes[ATTR.dbNamespace] = String(fields.database);
  return attributes;
}

/**
 * `error.type` for a failure: the error's `code` when it has one (a server's `WRONGTYPE`,
 * redwire's `REDWIRE_TIMEOUT`), else its class name, else `_OTHER` as the conventions say for
 * a value with no better name. Low cardinality on purpose: never the message.
 */
export function errorType(error: unknown): string {
  if (typeof error === 'object' && error !== null) {
    const { code, name } = error as { code?: unknown; name?: unknown };
    if (typeof code === 'string' && code !== '') return code;
    if (typeof name === 'string' && name !== '') return name;
  }
  return '_OTHER';
}

/** The attributes of one command's duration: its name, its server, and `error.type` if it failed. */
export function commandAttributes(
  trace: ServerFields & { readonly command: string; readonly error?: unknown },
): Attributes {
  const attributes = serverAttributes(trace);
  attributes[ATTR.dbOperationName] = trace.command;
  if (trace.error !== undefined) attributes[ATTR.errorType] = errorType(trace.error);
  return attributes;
}

/**
 * The attributes of one batch's duration: `db.operation.name` `PIPELINE`, `MULTI` or `SPLIT`
 * (one name per kind, not per command list, to keep the series few) and its size.
 */
export function batchAttributes(
  trace: ServerFields & {
    readonly kind: string;
    readonly batchSize: number;
    readonly error?: unknown;
  },
): Attributes {
  const attributes = serverAttributes(trace);
  attributes[ATTR.dbOperationName] = trace.kind.toUpperCase();
  attributes[ATTR.dbBatchSize] = trace.batchSize;
  if (trace.error !== undefined) attributes[ATTR.errorType] = errorType(trace.error);
  return attributes;
}
