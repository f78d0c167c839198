import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { commandBuilders, commandSpecs } from './generated/index.js';

interface Snapshot {
  readonly server: { readonly version: string };
  readonly commands: Record<string, { readonly subcommands?: readonly string[] }>;
}

const snapshot = JSON.parse(
  readFileSync(new URL('../../data/commands.json', import.meta.url), 'utf8'),
) as Snapshot;
const names = Object.keys(snapshot.commands);

/** `CLUSTER COUNT-FAILURE-REPORTS` -> `clusterCountFailureReports`. */
function methodName(command: string): string {
  return command
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .map((word, i) => (i === 0 ? word : word.charAt(0).toUpperCase() + word.slice(1)))
    .join('');
}

describe('every command in the snapshot', () => {
  it('has a spec keyed by its upper-case name', () => {
    const missing = names.filter((name) => commandSpecs[name]?.name !== name);
    expect(missing).toEqual([]);
    expect(Object.keys(commandSpecs).sort()).toEqual([...names].sort());
  });

  it('that is not a bare container has a builder named after it', () => {
    const builders = commandBuilders as unknown as Record<string, unknown>;
    const commands = names.filter((name) => snapshot.commands[name]?.subcommands === undefined);
    const missing = commands.filter((name) => typeof builders[methodName(name)] !== 'function');
    expect(missing).toEqual([]);
    expect(Object.keys(commandBuilders)).toHaveLength(commands.length);
  });

  it('gives bare containers no builder', () => {
    const builders = commandBuilders as unknown as Record<string, unknown>;
    expect(builders.client).toBeUndefined();
    expect(builders.config).toBeUndefined();
    expect(typeof builders.clientSetname).toBe('function');
    expect(typeof builders.clusterCountFailureReports).toBe('function');
    expect(typeof builders.xinfoStream).toBe('function');
  });
});
