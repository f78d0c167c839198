/**
 * Writes `data/commands.json`: what a Redis server says about its commands (COMMAND DOCS and
 * COMMAND INFO), one entry per command, subcommands flattened as `CONTAINER SUB`, keys sorted so
 * that re-running against the same server version gives the same file byte for byte.
 *
 * Usage: `pnpm --filter @redwire/client snapshot:commands` (starts a throwaway redis-server), or
 * with `REDIS_URL=redis://host:port` to ask an existing server.
 */
import { execFileSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  installExitCleanup,
  killOwnedServersSync,
  RedisServer,
  RespClient,
  type RespTarget,
  type RespValue,
  ServerRegistry,
} from '@redwire/test-harness/servers';
import { commandInfoName, parseCommandInfo } from '../src/command-info.js';

const OUTPUT = join(dirname(fileURLToPath(import.meta.url)), '..', 'data', 'commands.json');

/** One argument of a command, from COMMAND DOCS. */
export interface SnapshotArgument {
  name: string;
  type: string;
  token?: string;
  displayText?: string;
  keySpecIndex?: number;
  summary?: string;
  since?: string;
  deprecatedSince?: string;
  value?: string;
  flags?: string[];
  arguments?: SnapshotArgument[];
}

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** A RESP2 map arrives as a flat array of alternating keys and values. */
function pairs(value: RespValue | undefined): [string, RespValue][] {
  if (!Array.isArray(value)) return [];
  const out: [string, RespValue][] = [];
  for (let i = 0; i + 1 < value.length; i += 2) out.push([String(value[i]), value[i + 1] ?? null]);
  return out;
}

function camel(name: string): string {
  return name.replace(/[-_]([a-z])/g, (_, c: string) => c.toUpperCase());
}

function strings(value: RespValue | undefined): string[] {
  return Array.isArray(value) ? value.map(String) : [];
}

function argument(value: RespValue): SnapshotArgument {
  const out: Record<string, Json> = {};
  for (const [key, field] of pairs(value)) {
    if (key === 'arguments')
      out.arguments = (field as RespValue[]).map(argument) as unknown as Json;
    else if (key === 'flags') out.flags = strings(field);
    else out[camel(key)] = field as Json;
  }
  return out as unknown as SnapshotArgument;
}

function docs(name: string, value: RespValue, into: Map<string, Record<string, Json>>): void {
  const entry: Record<string, Json> = {};
  for (const [key, field] of pairs(value)) {
    if (key === 'arguments')
      entry.arguments = (field as RespValue[]).map(argument) as unknown as Json;
    else if (key === 'history') entry.history = (field as RespValue[]).map(strings);
    else if (key === 'doc_flags') entry.docFlags = strings(field);
    else if (key === 'subcommands') {
      const subs = pairs(field);
      entry.subcommands = subs.map(([sub]) => commandInfoName(sub)).sort();
      for (const [sub, subDocs] of subs) docs(sub, subDocs, into);
    } else entry[camel(key)] = field as Json;
  }
  into.set(commandInfoName(name), entry);
}

/** Sorts object keys recursively so the file does not depend on the server's hash order. */
function sorted(value: Json): Json {
  if (Array.isArray(value)) return value.map(sorted);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, Json> = {};
  for (const key of Object.keys(value).sort()) out[key] = sorted(value[key] as Json);
  return out;
}

async function snapshot(target: RespTarget): Promise<string> {
  const client = await RespClient.connect(target, 30_000);
  try {
    const serverInfo = String(await client.command(['INFO', 'server']));
    const version = /redis_version:([^\r\n]+)/.exec(serverInfo)?.[1] ?? 'unknown';
    const docsByName = new Map<string, Record<string, Json>>();
    for (const [name, value] of pairs(await client.command(['COMMAND', 'DOCS']))) {
      docs(name, value, docsByName);
    }
    const infoByName = new Map<string, Record<string, Json>>();
    for (const { name, ...info } of parseCommandInfo(await client.command(['COMMAND', 'INFO']))) {
      infoByName.set(name, info as unknown as Record<string, Json>);
    }
    const commands: Record<string, Json> = {};
    const names = [...new Set([...docsByName.keys(), ...infoByName.keys()])].sort();
    for (const name of names) {
      commands[name] = { ...docsByName.get(name), ...infoByName.get(name) };
    }
    const file = {
      source: 'COMMAND DOCS + COMMAND INFO',
      server: { version },
      commandCount: names.length,
      commands: sorted(commands),
    };
    return `${JSON.stringify(file, null, 2)}\n`;
  } finally {
    client.close();
  }
}

function targetFromUrl(url: string): RespTarget {
  const parsed = new URL(url);
  const password = decodeURIComponent(parsed.password);
  const username = decodeURIComponent(parsed.username);
  return {
    host: parsed.hostname,
    port: Number(parsed.port || 6379),
    ...(password === '' ? {} : { auth: username === '' ? { password } : { username, password } }),
  } as RespTarget;
}

async function main(): Promise<void> {
  const url = process.env.REDIS_URL;
  let text: string;
  if (url !== undefined && url !== '') {
    text = await snapshot(targetFromUrl(url));
  } else {
    const registry = new ServerRegistry();
    const uninstall = installExitCleanup(registry);
    try {
      const server = await RedisServer.start({ label: 'snapshot', registry });
      try {
        text = await snapshot(server.target);
      } finally {
        await server.stop();
      }
    } finally {
      killOwnedServersSync(registry, process.pid);
      uninstall();
    }
  }
  await writeFile(OUTPUT, text);
  // In the repo's JSON style, so `biome check` passes on the file as written.
  const root = join(dirname(OUTPUT), '..', '..', '..');
  execFileSync(join(root, 'node_modules', '.bin', 'biome'), ['format', '--write', OUTPUT], {
    cwd: root,
    stdio: 'inherit',
  });
  const count = (JSON.parse(text) as { commandCount: number }).commandCount;
  console.log(`wrote ${OUTPUT}: ${count} commands`);
}

await main();
