import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';

/** The system's Chromium (Debian's `chromium` package; CI installs it). Tests never download a browser. */
export const CHROMIUM = process.env.SOLOOPS_CHROMIUM ?? '/usr/bin/chromium';

/** Where the browser tests put their screenshots: outside the repository, kept after the run for a look. */
export const SCREENSHOT_DIR = path.join(os.tmpdir(), 'soloops-screenshots');

/** Why the browser tests cannot run here, or undefined when they can. */
export function chromiumMissing(): string | undefined {
  return fs.existsSync(CHROMIUM) ? undefined : `no Chromium at ${CHROMIUM} (apt-get install chromium)`;
}

/** Starts the system Chromium headless through playwright-core. */
export async function launchChromium(): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    // Containers often run as root without user namespaces; the page is our own file.
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
  });
}

/** One axe-core violation, as much as a failing assertion needs to name it. */
export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

const AXE_SOURCE = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/**
 * Runs axe-core in the page with the WCAG 2.0/2.1 A and AA rules; returns the violations. axe is
 * evaluated through the DevTools protocol, not added as a <script>: a page with a strict CSP
 * (the console's `script-src 'self'`) would refuse an inline script tag, and would rightly log it.
 */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  const loaded = await page.evaluate(() => 'axe' in window);
  if (!loaded) await page.evaluate(AXE_SOURCE);
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: unknown, options: unknown) => Promise<AxeResults> } })
      .axe;
    const results = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
      resultTypes: ['violations'],
    });
    return results.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')),
    }));
  });
}

interface AxeResults {
  violations: Array<{ id: string; impact: string | null; help: string; nodes: Array<{ target: string[] }> }>;
}

/**
 * Saves `<name>.png` (the whole page) and `<name>-top.png` (the first screenful, readable at a
 * glance) under {@link SCREENSHOT_DIR}; returns the first one's path.
 */
export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}-top.png`) });
  return file;
}
