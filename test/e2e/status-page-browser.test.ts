import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/index.js';
import { SCREENSHOT_DIR, axeViolations, chromiumMissing, launchChromium, screenshot } from '../helpers/browser.js';
import { makeSandbox, runCli, type Sandbox } from '../helpers/cli.js';

// The built status page (soloops status build, 10 services, 90 days) in real Chromium: WCAG 2.1 AA
// by axe-core in light and dark, no sideways scroll at 390 px, bars reachable by keyboard with
// their tooltip, nothing run or fetched from the data. Screenshots go to SCREENSHOT_DIR.

const missing = chromiumMissing();
if (missing) console.warn(`[status-page-browser] skipped: ${missing}`);

const DAY = 86_400_000;
const XSS = '<img src=x onerror="window.__xss=1"><script>window.__xss=1</script>';

let sandbox: Sandbox;
let browser: Browser;
let pageUrl: string;

/** 10 services, one check each but the last (incidents only); a few bad days, one service down now. */
const CONFIG = [
  'status:',
  '  title: Acme Cloud status',
  'services:',
  ...Array.from({ length: 10 }, (_, i) => [
    `  - id: svc-${i}`,
    `    name: ${i === 1 ? 'Checkout "payments"' : `Service ${i}`}`,
    `    description: ${i === 0 ? JSON.stringify(`The public API ${XSS}`) : `What service ${i} does for customers`}`,
    ...(i === 9 ? [] : [`    checks: [check-${i}]`]),
  ]).flat(),
  'checks:',
  ...Array.from({ length: 9 }, (_, i) => [
    `  - name: check-${i}`,
    `    url: http://127.0.0.1:9/${i}`,
    `    service: svc-${i}`,
  ]).flat(),
].join('\n');

async function seed(home: string, now: number): Promise<void> {
  const store = await openStore({ home });
  try {
    const today = now - (now % DAY);
    for (let i = 0; i < 9; i += 1) {
      const days = i === 8 ? 30 : 90; // service 8 started a month ago: older bars grey
      for (let d = days - 1; d >= 0; d -= 1) {
        const start = today - d * DAY;
        // Service 2 had a bad day 10 days ago (red), service 3 a slightly bad one 20 days ago (amber).
        const probes = i === 3 && d === 20 ? 200 : 4;
        const failures = i === 2 && d === 10 ? 2 : i === 3 && d === 20 ? 1 : 0;
        for (let p = 0; p < probes; p += 1) {
          const at = start + Math.floor((p * DAY) / probes);
          if (at > now - 60_000) continue;
          await store.watch.recordCheckResult({
            check: `check-${i}`,
            at: new Date(at),
            ok: p >= failures,
            status: p >= failures ? 200 : 503,
            ms: 80,
            errorType: p >= failures ? null : 'http',
            error: p >= failures ? null : 'HTTP 503',
          });
        }
      }
    }
    // Service 1 is down right now: its last three probes failed.
    for (let k = 3; k >= 1; k -= 1)
      await store.watch.recordCheckResult({
        check: 'check-1',
        at: new Date(now - k * 10_000),
        ok: false,
        status: null,
        ms: 7000,
        errorType: 'timeout',
        error: 'no answer',
      });
    const base = { description: '', priority: 'P1' as const, priorityAuto: false, reporter: 'ana', detection: '' };
    const active = await store.incidents.create(
      { ...base, title: `Checkout errors ${XSS}`, severity: 'critical', services: ['svc-1'] },
      new Date(now - 2 * 3_600_000),
      'ana',
    );
    await store.incidents.updateStatus(
      active.id,
      { status: 'identified', note: `The payment provider times out. ${XSS}`, author: 'ana' },
      new Date(now - 3_600_000),
      () => {},
    );
    for (const [daysAgo, title, service] of [
      [3, 'Slow logins', 'svc-0'],
      [6, 'Databaseconnectionpoolexhaustedwhilemigratingthecustomersschemaforthenewbillingplan', 'svc-4'],
    ] as const) {
      const opened = await store.incidents.create(
        { ...base, title, severity: 'high', services: [service] },
        new Date(now - daysAgo * DAY),
        'ana',
      );
      await store.incidents.updateStatus(
        opened.id,
        { status: 'resolved', note: 'Fixed and watched for an hour.', author: 'ana' },
        new Date(now - daysAgo * DAY + 3_600_000),
        () => {},
      );
    }
  } finally {
    await store.close();
  }
}

beforeAll(async () => {
  if (missing) return;
  sandbox = makeSandbox();
  fs.writeFileSync(path.join(sandbox.dir, 'soloops.yaml'), `${CONFIG}\n`);
  await seed(sandbox.home, Date.now());
  const out = path.join(sandbox.dir, 'site');
  const built = await runCli(['--json', 'status', 'build', '--out', out], { sandbox });
  expect(built.exitCode, built.stderr).toBe(0);
  pageUrl = pathToFileURL(path.join(out, 'index.html')).href;
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  sandbox?.cleanup();
});

async function open(width: number, colorScheme: 'light' | 'dark'): Promise<Page> {
  const page = await browser.newPage({ viewport: { width, height: 900 } });
  await page.emulateMedia({ colorScheme });
  const external: string[] = [];
  page.on('request', (request) => {
    if (!request.url().startsWith('file:')) external.push(request.url());
  });
  await page.goto(pageUrl);
  // Nothing from config or incidents ran, and the page asked for nothing beyond itself.
  expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
  expect(external).toEqual([]);
  return page;
}

describe.skipIf(missing !== undefined)('the built status page in Chromium', () => {
  for (const scheme of ['light', 'dark'] as const) {
    it(`passes axe-core's WCAG 2.1 A and AA rules in ${scheme} mode, at 1280 and 390 px`, async () => {
      for (const width of [1280, 390]) {
        const page = await open(width, scheme);
        expect(await page.textContent('.banner')).toBe('Partial Outage');
        expect(await axeViolations(page)).toEqual([]);
        await screenshot(page, `status-${width}-${scheme}`);
        await page.close();
      }
    }, 60_000);
  }

  it('never scrolls sideways at 390 px, tooltips shown included', async () => {
    const page = await open(390, 'light');
    const overflow = () =>
      page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(await overflow()).toBeLessThanOrEqual(0);
    for (const which of ['first', 'last'] as const) {
      await page.locator('.bars i')[which]().focus();
      expect(await overflow()).toBeLessThanOrEqual(0);
    }
    await page.close();
  });

  it('reaches the bars with the keyboard: one tab stop per service, arrows between days, a tooltip', async () => {
    const page = await open(1280, 'light');
    /** Which bar has focus: its service row, its day (0 = 90 days ago) and its label. */
    const focused = () =>
      page.evaluate(() => {
        const bar = document.activeElement as Element;
        if (!bar.matches('.bars i')) return null;
        const rows = Array.from(document.querySelectorAll('.bars'));
        const row = rows.indexOf(bar.parentElement as Element);
        return {
          row,
          day: Array.from(bar.parentElement!.children).indexOf(bar),
          label: bar.getAttribute('aria-label'),
        };
      });
    let at = null;
    for (let tab = 0; tab < 5 && at === null; tab += 1) {
      await page.keyboard.press('Tab');
      at = await focused();
    }
    // The first stop is today's bar of the first service.
    expect(at).toMatchObject({ row: 0, day: 89 });
    expect(at!.label).toMatch(/^\d{1,2} [A-Z][a-z]{2} \d{4}: (\d+(\.\d\d)?% uptime|no data), /);
    const tip = await page.evaluate(() =>
      getComputedStyle(document.activeElement as Element, '::after').getPropertyValue('content'),
    );
    expect(tip).toBe(JSON.stringify(at!.label));
    await page.keyboard.press('ArrowLeft');
    expect(await focused()).toMatchObject({ row: 0, day: 88 });
    await page.keyboard.press('Home');
    expect(await focused()).toMatchObject({ row: 0, day: 0 });
    await page.keyboard.press('ArrowLeft'); // already the first day: stays
    expect(await focused()).toMatchObject({ row: 0, day: 0 });
    await page.keyboard.press('Tab');
    expect(await focused()).toMatchObject({ row: 1, day: 89 });
    await page.keyboard.press('Shift+Tab'); // back to the bar left last in that row
    expect(await focused()).toMatchObject({ row: 0, day: 0 });

    await page.locator('.bars i').nth(200).focus(); // a bar of service 2, past its bad day
    await screenshot(page, 'status-1280-tooltip');
    // Escape hides the tooltip (WCAG 1.4.13) without moving focus.
    await page.keyboard.press('Escape');
    expect(await focused()).toMatchObject({ row: 2, day: 20 });
    expect(await page.evaluate(() => getComputedStyle(document.activeElement as Element, '::after').display)).toBe(
      'none',
    );
    // Service 1's bar for today names the active incident.
    const today = page.locator('.bars').nth(1).locator('i').last();
    expect(await today.getAttribute('aria-label')).toMatch(/1 incident: Checkout errors <img/);
    await page.close();
    console.info(`[status-page-browser] screenshots in ${SCREENSHOT_DIR}`);
  });
});
