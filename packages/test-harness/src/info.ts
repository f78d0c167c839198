/**
 * Parses the `key:value` lines of INFO or CLUSTER INFO into a record; section headers
 * (`# Replication`) and blank lines are skipped. Values stay text.
 */
export function parseInfo(text: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const rawLine of text.split('\n')) {
    const line = rawLine.trim();
    if (line === '' || line.startsWith('#')) continue;
    const colon = line.indexOf(':');
    if (colon === -1) continue;
    fields[line.slice(0, colon)] = line.slice(colon + 1);
  }
  return fields;
}
