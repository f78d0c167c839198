import { AbortError } from '@redwire/connection';
import type { CommandArgument, RespValue } from '@redwire/protocol';
import { describe, expect, it } from 'vitest';
import {
  parseScore,
  readPage,
  type ScanSource,
  scanHash,
  scanKeys,
  scanSortedSet,
} from './scan.js';

/** A source that answers each command with the next page and records what was sent. */
function pagedSource(pages: RespValue[]): ScanSource & { sent: (readonly CommandArgument[])[] } {
  const sent: (readonly CommandArgument[])[] = [];
  return {
    sent,
    sendCommand(args) {
      sent.push(args);
      const page = pages.shift();
      return page === undefined
        ? Promise.reject(new Error('no more pages'))
        : Promise.resolve(page);
    },
  };
}

describe('scan iterators', () => {
  it('follow the cursor until 0, sending MATCH, COUNT and TYPE', async () => {
    const source = pagedSource([
      ['7', ['a', 'b']],
      ['3', []],
      ['0', ['c']],
    ]);
    const keys: unknown[] = [];
    for await (const key of scanKeys(source, { match: 'x*', count: 5, type: 'string' })) {
      keys.push(key);
    }
    expect(keys).toEqual(['a', 'b', 'c']);
    expect(source.sent.map((args) => args.map(String))).toEqual([
      ['SCAN', '0', 'MATCH', 'x*', 'COUNT', '5', 'TYPE', 'string'],
      ['SCAN', '7', 'MATCH', 'x*', 'COUNT', '5', 'TYPE', 'string'],
      ['SCAN', '3', 'MATCH', 'x*', 'COUNT', '5', 'TYPE', 'string'],
    ]);
  });

  it('fetch the next page only once the consumer has taken the current one', async () => {
    const source = pagedSource([
      ['5', ['a', 'b']],
      ['0', ['c']],
    ]);
    const iterator = scanKeys(source);
    expect(source.sent).toHaveLength(0);
    await iterator.next();
    await iterator.next();
    expect(source.sent).toHaveLength(1);
    expect(await iterator.next()).toEqual({ done: false, value: 'c' });
    expect(source.sent).toHaveLength(2);
    expect((await iterator.next()).done).toBe(true);
  });

  it('send nothing more after the consumer breaks out', async () => {
    const source = pagedSource([['5', ['a', 'b']]]);
    for await (const key of scanKeys(source)) {
      expect(key).toBe('a');
      break;
    }
    expect(source.sent).toHaveLength(1);
  });

  it('stop with AbortError when the signal aborts between items or pages', async () => {
    const controller = new AbortController();
    const source = pagedSource([
      ['5', ['a', 'b']],
      ['0', ['c']],
    ]);
    const seen: unknown[] = [];
    const loop = async () => {
      for await (const key of scanKeys(source, { signal: controller.signal })) {
        seen.push(key);
        controller.abort();
      }
    };
    await expect(loop()).rejects.toBeInstanceOf(AbortError);
    expect(seen).toEqual(['a']);
    expect(source.sent).toHaveLength(1);
    // Already aborted: nothing is sent at all.
    const idle = pagedSource([]);
    await expect(scanKeys(idle, { signal: controller.signal }).next()).rejects.toBeInstanceOf(
      AbortError,
    );
    expect(idle.sent).toHaveLength(0);
  });

  it('reject a bad option with a TypeError before anything is sent', async () => {
    const source = pagedSource([]);
    await expect(scanKeys(source, { count: 1.5 }).next()).rejects.toBeInstanceOf(TypeError);
    expect(source.sent).toHaveLength(0);
  });

  it('pair hash fields with values and sorted-set members with numeric scores', async () => {
    const hash = pagedSource([
      ['9', ['f1', 'v1']],
      ['0', [Buffer.from('f2'), Buffer.from('v2')]],
    ]);
    const entries: unknown[] = [];
    for await (const entry of scanHash(hash, 'h')) entries.push(entry);
    expect(entries).toEqual([
      { field: 'f1', value: 'v1' },
      { field: Buffer.from('f2'), value: Buffer.from('v2') },
    ]);
    expect(hash.sent[0]?.map(String)).toEqual(['HSCAN', 'h', '0']);

    const zset = pagedSource([['0', ['a', '1.5', 'b', 'inf', 'c', Buffer.from('-inf')]]]);
    const members: unknown[] = [];
    for await (const entry of scanSortedSet(zset, 'z')) members.push(entry);
    expect(members).toEqual([
      { member: 'a', score: 1.5 },
      { member: 'b', score: Infinity },
      { member: 'c', score: -Infinity },
    ]);
  });
});

describe('readPage', () => {
  it('reads RESP2/RESP3 arrays, Buffer cursors and normalised shapes alike', () => {
    expect(readPage(['0', ['a']])).toEqual({ cursor: '0', items: ['a'] });
    expect(readPage([Buffer.from('42'), [Buffer.from('a')]])).toEqual({
      cursor: '42',
      items: [Buffer.from('a')],
    });
    expect(readPage({ cursor: '3', keys: ['a', 'b'] })).toEqual({ cursor: '3', items: ['a', 'b'] });
    expect(readPage({ cursor: 0, entries: [['f', 'v']] })).toEqual({
      cursor: '0',
      items: ['f', 'v'],
    });
    expect(readPage(['0', new Map([['f', 'v']])])).toEqual({ cursor: '0', items: ['f', 'v'] });
    expect(() => readPage('OK')).toThrow(TypeError);
  });

  it('parses scores as Redis spells them', () => {
    expect(parseScore('-2.25')).toBe(-2.25);
    expect(parseScore(3)).toBe(3);
    expect(parseScore('+inf')).toBe(Infinity);
    expect(() => parseScore('nan?')).toThrow(TypeError);
  });
});
