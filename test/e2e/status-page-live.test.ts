import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serviceSchema, statusSettingsDefaults } from '../../src/core/incident-config.js';
import { buildStatusModel } from '../../src/incident/status/build.js';
import type { StatusModel } from '../../src/incident/status/model.js';
import { renderStatusPage } from '../../src/incident/status/render.js';
import { chromiumMissing, launchChromium } from '../helpers/browser.js';

// The live page's own script in Chromium, against a local server that speaks what watch's /status
// speaks: the page with { live: true } at /status, Server-Sent Events at /status/events. On an
// `update` event the open page fetches itself again and swaps <main>, keeping keyboard focus.

const missing = chromiumMissing();
if (missing) console.warn(`[status-page-live] skipped: ${missing}`);

const NOW = new Date('2026-12-04T12:00:00Z');
const service = serviceSchema.parse({ id: 'api', name: 'API', checks: ['api'] });

function model(ok: number): StatusModel {
  return buildStatusModel({
    title: 'Live status',
    bars: statusSettingsDefaults.bars,
    services: [service],
    checks: new Map([['api', { check: 'api', state: ok === 10 ? 'up' : 'down' }]]),
    checkDays: [{ check: 'api', day: '2026-12-04', total: 10, ok }],
    incidents: [],
    updates: new Map(),
    now: NOW,
  });
}

let current = model(10);
let browser: Browser;
let server: http.Server;
let base: string;
const streams = new Set<http.ServerResponse>();
let connected: () => void = () => {};

beforeAll(async () => {
  if (missing) return;
  server = http.createServer((request, response) => {
    if (request.url === '/status') {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      response.end(renderStatusPage(current, { live: true }));
    } else if (request.url === '/status/events') {
      response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store' });
      response.write(': hello\n\n');
      streams.add(response);
      request.on('close', () => streams.delete(response));
      connected();
    } else {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  for (const stream of streams) stream.end();
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
});

describe.skipIf(missing !== undefined)('the live status page', () => {
  it('swaps in the new page on an `update` event and keeps focus on the same bar', async () => {
    const page = await browser.newPage();
    const subscribed = new Promise<void>((resolve) => {
      connected = resolve;
    });
    await page.goto(`${base}/status`);
    await subscribed;
    expect(await page.textContent('.banner')).toBe('All Systems Operational');
    await page.locator('.bars i').nth(89).focus();

    current = model(4);
    for (const stream of streams) stream.write('event: update\ndata: {}\n\n');
    await page.waitForFunction(() => document.querySelector('.banner')?.textContent === 'Major Outage');
    const focused = await page.evaluate(() => ({
      index: Array.from(document.querySelectorAll('.bars i')).indexOf(document.activeElement as Element),
      label: document.activeElement?.getAttribute('aria-label'),
    }));
    expect(focused).toEqual({ index: 89, label: '4 Dec 2026: 40.00% uptime, no incidents' });
    expect(await page.locator('main').count()).toBe(1);
    await page.close();
  });
});
