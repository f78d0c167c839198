/**
 * The dashboard in a real browser: Debian's Chromium, headless, driven by playwright-core (no
 * browser download; `npm test` installs the `chromium` package when it runs as root on Debian,
 * `REDWIRE_CHROMIUM` points elsewhere). Against the harness's cluster, the page shows the six
 * nodes and a non-zero hit rate once there was traffic, and its "fail over a primary" button
 * kills a primary whose replica the page then shows promoted. A service that did not start its
 * cluster shows the button disabled, with a note; the page's event stream ends when the page
 * leaves and when the service closes. The last screenshot is kept in `artifacts/dashboard.png`.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getTestServers } from '@redwire/test-harness';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerKillPrimaryRoute } from '../kill-primary.js';
import { openPgliteDatabase } from '../origin/pglite-database.js';
import type { SqlDatabase } from '../origin/sql-database.js';
import { startTestService, type TestService, waitFor } from '../test-helpers/test-service.js';
import { FAILOVER_DISABLED_NOTE } from './dashboard.js';

const CHROMIUM = process.env.REDWIRE_CHROMIUM || '/usr/bin/chromium';
const ARTIFACTS = join(import.meta.dirname, '..', '..', 'artifacts');
/** Promotion takes the cluster's node timeout plus an election; a loaded CI is given plenty. */
const PROMOTION_BOUND_MS = 30_000;

const { faults } = getTestServers();

/** A row of the page's node table. */
interface Row {
  readonly address: string;
  readonly role: string;
  readonly slots: string;
  readonly failing: boolean;
}

/** The table's rows, read through locators (this file is type-checked without the DOM's types). */
async function rows(page: Page): Promise<Row[]> {
  const trs = await page.locator('#nodes tr.node').all();
  return Promise.all(
    trs.map(async (tr) => ({
      address: (await tr.getAttribute('data-address')) ?? '',
      role: (await tr.getAttribute('data-role')) ?? '',
      slots: (await tr.locator('td').nth(2).textContent()) ?? '',
      failing: ((await tr.getAttribute('class')) ?? '').includes('failing'),
    })),
  );
}

/** Waits until `expression`, evaluated in the page, is true. */
async function until(page: Page, expression: string, timeout = 10_000): Promise<void> {
  await page.waitForFunction(expression, undefined, { timeout });
}

const SIX_NODES = "document.querySelectorAll('#nodes tr.node').length === 6";

/** GETs of products 1 to 20, ten rounds: the first round loads, the rest are cache hits. */
async function readSomeProducts(service: TestService): Promise<void> {
  for (let round = 0; round < 10; round++) {
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, i) => service.request(`/products/${i + 1}`)),
    );
    for (const response of responses) await response.arrayBuffer();
  }
}

describe('the dashboard in headless Chromium', () => {
  let db: SqlDatabase;
  let demo: TestService;
  let profile: string;
  let browser: BrowserContext;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(
        `Chromium is not at ${CHROMIUM}: npm test installs Debian's chromium package when it runs as root on Debian; otherwise install it, or set REDWIRE_CHROMIUM to a Chromium executable.`,
      );
    }
    db = await openPgliteDatabase();
    // As under `npm run demo`: this service may kill a primary of the cluster it runs on.
    demo = await startTestService(db, { productCount: 1_000 }, registerKillPrimaryRoute);
    profile = mkdtempSync(join(tmpdir(), 'redwire-chromium-'));
    browser = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1100, height: 1000 },
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  });

  afterAll(async () => {
    await browser?.close();
    await demo?.service.close();
    await db?.close();
    if (profile !== undefined) rmSync(profile, { recursive: true, force: true });
    // Later test files find the cluster as it started: the killed node back, as primary.
    await faults.restore();
  }, 90_000);

  it('shows the six nodes with their roles and slots, and a non-zero hit rate after traffic', async () => {
    await readSomeProducts(demo);
    const page = await browser.newPage();
    await page.goto(demo.url);
    await until(page, SIX_NODES);
    const nodes = await rows(page);
    expect(nodes.filter((node) => node.role === 'primary' && node.slots !== '–')).toHaveLength(3);
    expect(nodes.filter((node) => node.role === 'replica')).toHaveLength(3);
    expect(nodes.some((node) => node.failing)).toBe(false);
    await until(page, "Number.parseFloat(document.getElementById('hit-rate').textContent) > 0");
    // 180 hits of 200 reads; a read that waited past the Redis timeout on a busy machine is a
    // miss (the origin answered), so only most of the rest must be hits.
    const hitRate = Number.parseFloat((await page.textContent('#hit-rate')) ?? '');
    expect(hitRate).toBeGreaterThanOrEqual(50);
    expect(hitRate).toBeLessThanOrEqual(90);
    expect(await page.textContent('#errors')).toBe('0');
    expect(await page.isEnabled('#failover')).toBe(true);
    expect(await page.textContent('#connection')).toBe('live');
    await page.close();
  });

  it('fails over a primary from the button: the page shows its replica promoted', async () => {
    const page = await browser.newPage();
    await page.goto(demo.url);
    await until(page, SIX_NODES);
    const before = await rows(page);
    const replicas = new Set(before.filter((n) => n.role === 'replica').map((n) => n.address));

    // Traffic while it happens, so the service's client meets the failover and says so.
    let running = true;
    const traffic = (async () => {
      while (running) await readSomeProducts(demo).catch(() => {});
    })();
    try {
      await page.click('#failover');
      await until(
        page,
        "document.getElementById('failover-result').textContent.startsWith('Killed')",
      );
      const result = (await page.textContent('#failover-result')) ?? '';
      const killed = /^Killed (\S+) /.exec(result)?.[1];
      expect(before.find((n) => n.address === killed)?.role).toBe('primary');

      const wasReplica = JSON.stringify([...replicas]);
      await until(
        page,
        `[...document.querySelectorAll('#nodes tr.node')].some((tr) => ${wasReplica}.includes(tr.dataset.address) && tr.dataset.role === 'primary')`,
        PROMOTION_BOUND_MS,
      );
      const after = await rows(page);
      const promoted = after.filter((n) => replicas.has(n.address) && n.role === 'primary');
      expect(promoted).toHaveLength(1);
      expect(promoted[0]?.slots).not.toBe('–');
      expect(after.find((n) => n.address === killed)?.failing).toBe(true);
      // The service's own client saw the slots change primary, and the page lists it. Usually
      // as a promotion; a refresh that ran while the dead primary's replica was between roles
      // sees it added as a primary instead, which the list shows as a slot-map change.
      const sawIt = () =>
        demo.service.dashboard
          .snapshot()
          .events.some(
            (event) =>
              event.text.includes(`${promoted[0]?.address} promoted to primary`) ||
              event.text.includes('slots changed primary'),
          );
      await waitFor(sawIt, PROMOTION_BOUND_MS).catch((error: unknown) => {
        const events = JSON.stringify(demo.service.dashboard.snapshot().events);
        throw new Error(`${error}; the dashboard's events: ${events}`);
      });
      await until(
        page,
        "document.querySelector('#events li.failover, #events li.topology') !== null",
      );
      expect(await page.textContent('#events li.action')).toContain(`killed primary ${killed}`);
      mkdirSync(ARTIFACTS, { recursive: true });
      await page.screenshot({ path: join(ARTIFACTS, 'dashboard.png'), fullPage: true });
    } finally {
      running = false;
      await traffic;
      await page.close();
    }
  }, 60_000);

  it('disables the button, with a note, where the service did not start its cluster; its streams end with the page and on close', async () => {
    const plain = await startTestService(db, { productCount: 1_000 });
    try {
      const page = await browser.newPage();
      await page.goto(plain.url);
      await until(page, SIX_NODES);
      expect(await page.isEnabled('#failover')).toBe(false);
      expect(await page.textContent('#failover-note')).toBe(FAILOVER_DISABLED_NOTE);
      expect(plain.service.dashboard.streams).toBe(1);
      await page.close();
      await waitFor(() => plain.service.dashboard.streams === 0);

      // A page left open does not hold the drain: close() ends its stream.
      const open = await browser.newPage();
      await open.goto(plain.url);
      await waitFor(() => plain.service.dashboard.streams === 1);
      const started = performance.now();
      await plain.service.close();
      expect(performance.now() - started).toBeLessThan(5_000);
      expect(plain.service.dashboard.streams).toBe(0);
      await open.close();
    } finally {
      await plain.service.close();
    }
  });
});
