/**
 * The keys of the connection's options objects, for the run-time check every public entry
 * point runs (`checkOptionKeys` from `@redwire/protocol`). Each table lists every field of its
 * type, which the type-checker enforces, so a new option cannot skip the check.
 */
import {
  checkOptionKeys,
  type OptionKeySet,
  optionKeys,
  unknownOptionKey,
} from '@redwire/protocol';
import type { SendOptions } from './connection-types.js';
import type { ConnectionOptions } from './options.js';
import { RECONNECT_OPTION_KEYS } from './reconnect.js';
import type { PubSubModeOptions } from './subscriber-mode.js';
import { TRACKING_OPTION_KEYS } from './tracking.js';

/** Every key of {@link ConnectionOptions}. */
export const CONNECTION_OPTION_KEYS: OptionKeySet = optionKeys<ConnectionOptions>({
  url: true,
  host: true,
  port: true,
  path: true,
  tls: true,
  username: true,
  password: true,
  db: true,
  name: true,
  protocol: true,
  readOnly: true,
  connectTimeout: true,
  commandTimeout: true,
  blockingTimeoutMargin: true,
  pingInterval: true,
  reconnect: true,
  maxOfflineCommands: true,
  offlineQueue: true,
  maxPendingCommands: true,
  maxWriteBytes: true,
  maxArgumentBytes: true,
  keepAlive: true,
  noDelay: true,
  tracking: true,
});

export { RECONNECT_OPTION_KEYS, TRACKING_OPTION_KEYS };

/** Every key of {@link SendOptions}. */
export const SEND_OPTION_KEYS: OptionKeySet = optionKeys<SendOptions>({
  timeout: true,
  signal: true,
  returnBuffers: true,
  blockingMs: true,
  retryOnReconnect: true,
});

/** Every key of {@link PubSubModeOptions}. */
export const PUB_SUB_MODE_OPTION_KEYS: OptionKeySet = optionKeys<PubSubModeOptions>({
  buffers: true,
});

/**
 * Checks the keys of an object of connection options, and of its `reconnect` and `tracking`
 * objects when it has them; `tls` is Node's own and left to `tls.connect`. Non-objects are left to the value
 * checks, which name what was expected.
 *
 * @param options - what the caller passed
 * @param where - the function the caller called: `createClient()`
 * @param known - the keys `where` accepts, when it takes more than the connection's own
 * @throws UnknownOptionError (a TypeError) for the first unknown key
 */
export function checkConnectionOptionKeys(
  options: unknown,
  where: string,
  known: OptionKeySet = CONNECTION_OPTION_KEYS,
): void {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) return;
  checkOptionKeys(options, known, where);
  const reconnect = (options as ConnectionOptions).reconnect;
  if (typeof reconnect === 'object' && reconnect !== null) {
    checkOptionKeys(reconnect, RECONNECT_OPTION_KEYS, where, 'reconnect.');
  }
  const tracking = (options as ConnectionOptions).tracking;
  if (typeof tracking === 'object' && tracking !== null) {
    checkOptionKeys(tracking, TRACKING_OPTION_KEYS, where, 'tracking.');
  }
}

/**
 * The unknown-key check of per-command options, remembering the object it last passed: a client
 * hands the same options object to command after command, and checking it once is enough.
 */
export class SendOptionsCheck {
  #checked: SendOptions | undefined;

  /**
   * The error for an unknown key in `options`, to reject with (nothing is sent then), or
   * undefined when every key is known.
   * @param method - the method called, for the message: `send()`
   */
  refusal(options: SendOptions | undefined, method: string): Error | undefined {
    if (options === undefined || options === this.#checked) return undefined;
    const refused = unknownOptionKey(options, SEND_OPTION_KEYS, `Connection.${method}`);
    if (refused === undefined) this.#checked = options;
    return refused;
  }
}
