import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseClusterNodes } from './cluster-nodes.js';
import { PromotionLog, promotionLogName, promotionLogOwner } from './promotion-log.js';

const dir = mkdtempSync(join(tmpdir(), 'promotion-log-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const view = (lines: string[]) => parseClusterNodes(lines.join('\n'));
const initial = view([
  'p 127.0.0.1:1@2 master - 0 0 1 connected 0-16383',
  'r 127.0.0.1:2@2 slave p 0 0 1 connected',
]);

describe('PromotionLog', () => {
  it('records primaries when first seen, and nothing for replicas', () => {
    const log = new PromotionLog(join(dir, 'a.json'));
    log.observe(initial, 1000);
    expect(log.promotedAt('p')).toBe(1000);
    expect(log.promotedAt('r')).toBeUndefined();
  });

  it('records a replica becoming primary, and keeps the time while nothing changes', () => {
    const log = new PromotionLog(join(dir, 'b.json'));
    log.observe(initial, 1000);
    const flipped = view([
      'p 127.0.0.1:1@2 slave r 0 0 2 connected',
      'r 127.0.0.1:2@2 master - 0 0 2 connected 0-16383',
    ]);
    log.observe(flipped, 5000);
    log.observe(flipped, 9000);
    expect(log.promotedAt('r')).toBe(5000);
    expect(log.promotedAt('p')).toBe(1000);
  });

  it('shares what it records with another instance on the same file (another process)', () => {
    const file = join(dir, 'c.json');
    new PromotionLog(file).observe(initial, 1234);
    expect(new PromotionLog(file).promotedAt('p')).toBe(1234);
  });
});

describe('promotion log names', () => {
  it('carry the owner PID for the reaper', () => {
    expect(promotionLogOwner(promotionLogName(4321, 15000))).toBe(4321);
    expect(promotionLogOwner('15000.json')).toBeUndefined();
  });
});
