/** The installed version of a peer library, for the results header. */

import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** Reads `version` from the package.json of `name`, as resolved from bench/. */
export function packageVersion(name: string): string {
  return (require(`${name}/package.json`) as { version: string }).version;
}
