/** The few numbers `npm run demo:load` reads from the service's `/metrics`. */

/** The counters compared before and after a run. */
export interface ServiceCounters {
  readonly cacheHits: number;
  readonly cacheMisses: number;
  readonly originLookups: number;
  readonly failovers: number;
  readonly degraded: number;
}

/**
 * The sum of every sample of `name` (all label sets) whose labels include `labels`, e.g.
 * `sumSamples(text, 'demo_cache_events_total', { event: 'hit' })`. 0 when there is none.
 */
export function sumSamples(
  text: string,
  name: string,
  labels: Readonly<Record<string, string>> = {},
): number {
  let sum = 0;
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)/.exec(line);
    if (match?.[1] !== name) continue;
    const present = parseLabels(match[2] ?? '');
    if (Object.entries(labels).every(([key, value]) => present[key] === value)) {
      const value = Number(match[3]);
      if (Number.isFinite(value)) sum += value;
    }
  }
  return sum;
}

function parseLabels(text: string): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const match of text.matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) {
    labels[match[1] as string] = (match[2] as string).replace(/\\(.)/g, '$1');
  }
  return labels;
}

export function readCounters(text: string): ServiceCounters {
  return {
    cacheHits: sumSamples(text, 'demo_cache_events_total', { event: 'hit' }),
    cacheMisses: sumSamples(text, 'demo_cache_events_total', { event: 'miss' }),
    originLookups: sumSamples(text, 'demo_origin_lookups_total'),
    failovers: sumSamples(text, 'redwire_failovers_total'),
    degraded: sumSamples(text, 'demo_degraded_total'),
  };
}

/** GET `${url}/metrics` and read the counters. */
export async function fetchCounters(url: string): Promise<ServiceCounters> {
  const response = await fetch(`${url}/metrics`, { signal: AbortSignal.timeout(5_000) });
  if (!response.ok) throw new Error(`GET ${url}/metrics answered ${response.status}`);
  return readCounters(await response.text());
}
