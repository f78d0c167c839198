/**
 * Options of `createClient`. Today they are the connection's (address, credentials, TLS,
 * protocol, timeouts, reconnect); pool settings join them with the pool.
 */
import type { ConnectionOptions } from '@redwire/connection';

/** Everything `createClient` accepts besides a URL; see `ConnectionOptions` for each field. */
export interface ClientOptions extends ConnectionOptions {}
