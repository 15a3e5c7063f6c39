import { describe, expect, it } from 'vitest';
import type { Digest, DigestGroup } from '../../core/digest.js';
import { LONG_TOKEN, nightDigest, quietDigest } from '../../../test/helpers/digest-fixture.js';
import { discordDigest, renderDigest, renderHtml, renderMarkdown, renderText, slackDigest } from './index.js';

const plain = (digest: Digest) => renderText(digest, { color: false });

/** Asserts that the needles appear in this order. */
function expectOrder(haystack: string, needles: string[]): void {
  const positions = needles.map((n) => haystack.indexOf(n));
  for (const [i, p] of positions.entries()) expect(p, `"${needles[i]}" missing`).toBeGreaterThanOrEqual(0);
  expect(positions).toEqual([...positions].sort((a, b) => a - b));
}

/** 40 services × 30 groups with long titles and summaries: far past every chat limit. */
function hugeDigest(): Digest {
  const night = nightDigest();
  const template = night.services[0]!.groups[0]!;
  const groups = (s: number): DigestGroup[] =>
    Array.from({ length: 30 }, (_, g) => ({
      ...template,
      groupId: s * 100 + g,
      title: `Very long alert title ${'&<>'.repeat(60)}`,
      summary: 'word '.repeat(200),
      pattern: {
        nights: 7,
        outOf: 7,
        tonight: 3,
        reason: 'fired every night',
        suggestion: `soloops silence add ${'x'.repeat(200)}`,
      },
    }));
  const services = Array.from({ length: 40 }, (_, s) => ({ service: `service-${s}`, count: 30, groups: groups(s) }));
  return {
    ...night,
    window: { ...night.window, label: `Night ${'of many words '.repeat(20)}` },
    services,
    stillFiring: groups(99),
    deliveryProblems: Array.from({ length: 80 }, (_, i) => `send ${i} failed: ${'x'.repeat(80)}`),
  };
}

describe('renderText', () => {
  it('shows the header, totals and sections in order', () => {
    const text = plain(nightDigest());
    const lines = text.split('\n');
    expect(lines[0]).toBe('Morning digest · Night of 22 Nov, 23:00–08:00 Asia/Seoul');
    expect(lines[1]).toBe('47 alerts · 1 woke you · 2 waited · this month: 4 calls, 3 SMS, $0.1532');
    expectOrder(text, [
      '\nWoke you\n',
      '\nStill firing\n',
      '\napi (21 alerts)\n',
      '\ndb (15 alerts)\n',
      '\npayments (11 alerts)\n',
      '\nHealth checks\n',
      '\nProblems\n',
    ]);
  });

  it('shows times in the window zone, whatever the machine zone', () => {
    const text = plain(nightDigest());
    expect(text).toContain('woke you 03:10 · 2 calls, 1 SMS · acknowledged 03:12 by call');
    expect(text).toContain('#13 Stripe webhook retries · 10 alerts · 23:05–07:40 · resolved after 515 min');
    expect(text).toContain('#30 Replication lag on db-1 · 15 alerts · 05:02–07:58 · still firing');
    expect(text).toContain('slowest 2840 ms at 03:09');
    expect(text).not.toContain('18:10'); // 03:10 in Seoul, as UTC
    const newYork = nightDigest();
    newYork.window.timezone = 'America/New_York';
    expect(plain(newYork)).toContain('woke you 13:10');
  });

  it('lists still-firing groups critical first, with the day when they opened before the window', () => {
    const text = plain(nightDigest());
    const still = text.slice(text.indexOf('Still firing'), text.indexOf('api (21'));
    expectOrder(still, [
      'CRITICAL #40 Disk 95% full on backup-1 · firing since 21 Nov 21:00',
      'WARNING  #30 db: Replication lag',
    ]);
  });

  it('shows the pattern and its command on its own line, and says when nothing acknowledged', () => {
    const digest = nightDigest();
    digest.services[2]!.groups[1]!.woke!.ackedAt = null;
    const lines = plain(digest).split('\n');
    const reason = lines.indexOf('    fires often: fired on 6 of the last 7 nights');
    expect(lines[reason + 1]).toBe(
      "      soloops triage rules add --match 'title~Stripe webhook retried' --severity info",
    );
    expect(lines).toContain('    woke you 03:10 · 2 calls, 1 SMS · not acknowledged');
  });

  it('keeps lines within 100 characters and colours only when asked', () => {
    const text = plain(hugeDigest());
    const long = text.split('\n').filter((l) => l.length > 100 && !l.startsWith('      soloops'));
    expect(long).toEqual([]);
    expect(text).not.toContain('\x1b[');
    const coloured = renderText(nightDigest(), { color: true });
    expect(coloured).toContain('\x1b[31m');
    expect(coloured).toContain('\x1b[33m');
  });

  it('says a quiet night is quiet, and still shows the checks', () => {
    const lines = plain(quietDigest()).split('\n');
    expect(lines[1]).toBe('Quiet night: nothing fired.');
    expect(lines).toContain('Health checks');
    expect(lines).not.toContain('Woke you');
  });
});

describe('renderMarkdown', () => {
  it('has the same sections as headings, the suggestion in backticks, and escaped alert text', () => {
    const md = renderMarkdown(nightDigest());
    expectOrder(md, [
      '# Morning digest',
      '## Woke you',
      '## Still firing',
      '## api (21 alerts)',
      '## payments (11 alerts)',
      '## Health checks',
      '## Problems',
    ]);
    expect(md).toContain("  - `soloops triage rules add --match 'title~Stripe webhook retried' --severity info`");
    expect(md).toContain('`#12` payments: Payment failures');
    expect(md).not.toContain('<script>');
    expect(md).toContain('\\<script\\>');
  });
});

describe('renderHtml', () => {
  const html = renderHtml(nightDigest());

  it('escapes alert text and never links anything but http(s)', () => {
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain('&#60;script&#62;alert(1)&#60;/script&#62;');
    expect(html).toContain('&#34;quoted&#34; &#38; &#60;b&#62;bold&#60;/b&#62;');
    const hrefs = [...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1]!);
    expect(hrefs.filter((h) => !/^(https?:\/\/|#group-\d+$)/.test(h))).toEqual([]);
    expect(hrefs).toContain('https://sentry.example.com/organizations/acme/issues/4211/');
    expect(html).toContain('<code>javascript:alert(1)</code>');
  });

  it('makes every alert reachable, once, in a details block', () => {
    const digest = nightDigest();
    const groups = new Map(
      [...digest.services.flatMap((s) => s.groups), ...digest.stillFiring].map((g) => [g.groupId, g]),
    );
    const ids = [...groups.values()].flatMap((g) => g.alerts.map((a) => a.id));
    expect(ids).toHaveLength(48);
    expect(ids.filter((id) => !html.includes(`<code>${id}</code>`))).toEqual([]);
    expect(html.match(/<details class="alert">/g)).toHaveLength(48);
    expect(html).toContain(`<pre>Stack trace follows\n${LONG_TOKEN}`);
  });

  it('is one self-contained page for phones, light and dark', () => {
    expect(html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    expect(html).toContain('prefers-color-scheme: dark');
    expect(html).toMatch(/pre \{[^}]*white-space: pre-wrap;[^}]*overflow-wrap: anywhere/);
    expect(html).not.toMatch(/<link|<img|src=|@import|url\(/i);
    expect(html).not.toMatch(/\{\{\w+\}\}/);
    expect(html).toMatch(/<title>Morning digest · Night of 22 Nov/);
  });

  it('inserts text with $ patterns literally', () => {
    const digest = nightDigest();
    digest.services[0]!.groups[0]!.title = "cost $& $' $1";
    expect(renderHtml(digest)).toContain('cost $&#38; $&#39; $1');
  });
});

describe('slackDigest', () => {
  it('keeps Block Kit limits and escapes mrkdwn', () => {
    for (const digest of [nightDigest(), hugeDigest(), quietDigest()]) {
      const { text, blocks } = slackDigest(digest);
      expect(blocks.length).toBeLessThanOrEqual(50);
      const all = blocks as Array<{ type: string; text?: { text: string }; elements?: Array<{ text: string }> }>;
      expect(all[0]!.type).toBe('header');
      expect(all[0]!.text!.text.length).toBeLessThanOrEqual(150);
      for (const block of all) {
        for (const t of [block.text?.text, ...(block.elements ?? []).map((e) => e.text)]) {
          if (t !== undefined) expect(t.length).toBeGreaterThan(0);
          if (t !== undefined) expect(t.length).toBeLessThanOrEqual(3000);
        }
      }
      expect(JSON.stringify({ text, blocks })).not.toMatch(/<script|<>/);
    }
    const night = JSON.stringify(slackDigest(nightDigest()));
    expect(night).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    const huge = JSON.stringify(slackDigest(hugeDigest()));
    expect(huge).toContain('… and 30 more services');
    expect(huge).toMatch(/… and \d+ more alert types/);
  });
});

describe('discordDigest', () => {
  const size = (e: { title: string; description: string; footer?: { text: string } }) =>
    e.title.length + e.description.length + (e.footer?.text.length ?? 0);

  it('keeps Discord limits and pings nobody', () => {
    for (const digest of [nightDigest(), hugeDigest(), quietDigest()]) {
      const payload = discordDigest(digest);
      expect(payload.allowed_mentions).toEqual({ parse: [] });
      expect(payload.embeds.length).toBeLessThanOrEqual(10);
      for (const e of payload.embeds) {
        expect(e.title.length).toBeLessThanOrEqual(256);
        expect(e.description.length).toBeLessThanOrEqual(4096);
      }
      expect(payload.embeds.reduce((n, e) => n + size(e), 0)).toBeLessThanOrEqual(6000);
    }
    expect(discordDigest(hugeDigest()).embeds[0]!.footer?.text).toMatch(/… and \d+ more services/);
  });

  it('colours the summary by what happened', () => {
    const colour = (d: Digest) => discordDigest(d).embeds[0]!.color;
    const stillOnly = nightDigest();
    stillOnly.totals.woke = 0;
    expect([colour(nightDigest()), colour(stillOnly), colour(quietDigest())]).toEqual([0xd32f2f, 0xf0a202, 0x2e7d32]);
    expect(
      discordDigest(nightDigest())
        .embeds.slice(1)
        .map((e) => e.title),
    ).toEqual(['api (21 alerts)', 'db (15 alerts)', 'payments (11 alerts)']);
  });
});

describe('renderDigest', () => {
  it('dispatches on the format', () => {
    const digest = nightDigest();
    expect(renderDigest(digest, 'md', { color: false })).toBe(renderMarkdown(digest));
    expect(renderDigest(digest, 'text', { color: false })).toBe(plain(digest));
    expect(renderDigest(digest, 'html', { color: false })).toBe(renderHtml(digest));
    expect(JSON.parse(renderDigest(digest, 'json', { color: false })).window.from).toBe('2025-11-22T14:00:00.000Z');
  });
});
