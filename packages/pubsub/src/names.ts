/**
 * Channel and pattern names as the user gives them (strings or Buffers) and as keys for maps.
 * A name is its bytes: `'café'` and `Buffer.from('café')` are the same channel to the server,
 * so they must be the same key here, whichever form the frames arrive in.
 */
import { Buffer } from 'node:buffer';

/** A channel, pattern or shard channel name: text, or arbitrary bytes as a Buffer. */
export type ChannelName = string | Buffer;

/** One name or several, as the subscribe methods take them. */
export type ChannelNames = ChannelName | readonly ChannelName[];

/**
 * A map key naming `name` by its bytes: the string itself when it is ASCII (the common case,
 * no allocation), otherwise its UTF-8 bytes read as latin1, which is what a Buffer of the same
 * bytes gives.
 */
export function nameKey(name: ChannelName): string {
  if (typeof name !== 'string') return name.toString('latin1');
  for (let i = 0; i < name.length; i++) {
    if (name.charCodeAt(i) > 0x7f) return Buffer.from(name, 'utf8').toString('latin1');
  }
  return name;
}

/**
 * The names of a subscribe or unsubscribe call as a list.
 * @throws TypeError for a name that is neither a string nor a Buffer, or an empty list
 */
export function nameList(names: ChannelNames, method: string): ChannelName[] {
  const list: readonly unknown[] = Array.isArray(names) ? names : [names];
  if (list.length === 0) throw new TypeError(`${method} needs at least one name, got none`);
  list.forEach((name, index) => {
    if (typeof name !== 'string' && !Buffer.isBuffer(name)) {
      const got = name === null ? 'null' : typeof name;
      throw new TypeError(`${method}: name ${index} must be a string or a Buffer, got ${got}`);
    }
  });
  return list as ChannelName[];
}
