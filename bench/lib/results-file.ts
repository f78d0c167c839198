/**
 * bench/RESULTS.md holds one section per benchmark between `<!-- name:start -->` and
 * `<!-- name:end -->` markers, so each benchmark rewrites its own section and leaves the
 * others (and any prose around them) as they were.
 */

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const RESULTS_PATH = fileURLToPath(new URL('../RESULTS.md', import.meta.url));

const HEADER = `# redwire benchmark results

Written by \`pnpm bench <name> --write\`; see README.md for how to run and read them.
Each section is regenerated on its own, so edit prose outside the markers only.
`;

/**
 * Prints a benchmark's section to the terminal and, with `--write`, puts it in RESULTS.md
 * under the markers of `name`.
 */
export function showSection(name: string, section: string, write: boolean): void {
  console.log(`\n${section}\n`);
  if (write) {
    writeResultsSection(name, section);
    console.log(`wrote the ${name} section of bench/RESULTS.md`);
  }
}

export function writeResultsSection(name: string, body: string, path = RESULTS_PATH): void {
  const current = existsSync(path) ? readFileSync(path, 'utf8') : HEADER;
  writeFileSync(path, replaceSection(current, name, body));
}

/** Replaces the marked section `name` in `document`, or appends it if it is not there yet. */
export function replaceSection(document: string, name: string, body: string): string {
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const section = `${start}\n${body.trim()}\n${end}`;

  const from = document.indexOf(start);
  const to = document.indexOf(end);
  if (from === -1 || to < from) return `${document.trimEnd()}\n\n${section}\n`;
  return document.slice(0, from) + section + document.slice(to + end.length);
}
