import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { DigestGroup } from '../core/digest.js';
import { startFakeAnthropic, type FakeAnthropic } from '../../test/helpers/fake-anthropic.js';
import { DEFAULT_LLM_MODEL } from '../triage/llm.js';
import { createGroupSummarizer, MAX_SUMMARY_CHARS, type GroupSummarizerOptions } from './llm-summary.js';

const API_KEY = `sk-ant-test-${randomUUID()}`;
const context = { service: 'payments', timezone: 'Asia/Seoul' };
const at = (hhmmUtc: string) => new Date(`2026-11-22T${hhmmUtc}:00Z`);

const fakes: FakeAnthropic[] = [];
afterEach(async () => {
  await Promise.all(fakes.splice(0).map((f) => f.close()));
});

async function setup(options: Partial<GroupSummarizerOptions> = {}) {
  const fake = await startFakeAnthropic();
  fakes.push(fake);
  return {
    fake,
    summarizer: createGroupSummarizer({ apiKey: API_KEY, baseURL: fake.url, timeoutMs: 5_000, ...options }),
  };
}

function group(over: Partial<DigestGroup> = {}): DigestGroup {
  const alerts = Array.from({ length: 25 }, (_, i) => ({
    id: `a${i}`,
    receivedAt: new Date(at('18:10').getTime() + i * 60_000),
    source: 'prometheus',
    title: `card payments failing #${i}`,
    body: `decline rate ${90 + (i % 8)}% on pay-1 ${'x'.repeat(400)}TAIL`,
    labels: { host: 'pay-1', region: 'ap-northeast-2' },
    status: 'firing' as const,
    severity: 'critical' as const,
    link: null,
  }));
  return {
    groupId: 7,
    ref: '#7',
    totalCount: 25,
    title: 'card payments failing',
    severity: 'critical',
    count: 25,
    firstSeen: at('18:10'),
    lastSeen: at('18:34'),
    resolvedAt: at('18:40'),
    durationMinutes: 30,
    summary: 'rules text',
    summaryBy: 'rules',
    pattern: { nights: 5, outOf: 7, tonight: 25, reason: 'fired on 5 of the last 7 nights', suggestion: 'soloops …' },
    woke: null,
    alerts,
    ...over,
  };
}

const GOOD =
  'Card payments failed 25 times on pay-1 between 03:10 and 03:34, with decline rates up to 97%. ' +
  'It resolved at 03:40 after 30 minutes.';

describe('group summarizer against a local fake of the Messages API', () => {
  it('sends the group (times in the zone, up to 20 alerts, bodies cut) and uses a good answer', async () => {
    const { fake, summarizer } = await setup();
    fake.reply({ text: `  ${GOOD}\n` });
    expect(await summarizer.summarize(group(), context)).toBe(GOOD);

    expect(fake.requests).toHaveLength(1);
    const [request] = fake.requests;
    expect(request!.path).toBe('/v1/messages');
    expect(request!.headers['x-api-key']).toBe(API_KEY);
    expect(request!.body).toMatchObject({ model: DEFAULT_LLM_MODEL, max_tokens: 150, thinking: { type: 'disabled' } });
    expect(request!.text).not.toContain(API_KEY);
    const sent = JSON.parse(request!.body!.messages![0]!.content as string) as {
      alerts: Array<{ title: string; body: string; labels: Record<string, string> }>;
      [key: string]: unknown;
    };
    expect(sent).toMatchObject({
      service: 'payments',
      title: 'card payments failing',
      severity: 'critical',
      alert_count: 25,
      first_seen: '2026-11-23 03:10',
      last_seen: '2026-11-23 03:34',
      resolved_at: '2026-11-23 03:40',
      pattern: 'fired on 5 of the last 7 nights',
    });
    expect(sent.alerts).toHaveLength(20);
    expect(sent.alerts[0]).toMatchObject({
      title: 'card payments failing #0',
      labels: { host: 'pay-1', region: 'ap-northeast-2' },
    });
    expect(sent.alerts[0]!.body).toHaveLength(300);
    expect(request!.text).toContain('decline rate 90% on pay-1');
    expect(request!.text).not.toContain('TAIL');
    expect(JSON.stringify(request!.body!.system)).toContain('tired on-call engineer');
  });

  it('uses the configured model, and reads the text after a thinking block', async () => {
    const { fake, summarizer } = await setup({ model: 'claude-haiku-4-5' });
    fake.reply({ thinking: 'let me see', text: GOOD });
    expect(await summarizer.summarize(group(), context)).toBe(GOOD);
    expect(fake.requests[0]!.body?.model).toBe('claude-haiku-4-5');
  });

  it('returns null on HTTP 500', async () => {
    const { fake, summarizer } = await setup();
    fake.reply({ status: 500, errorMessage: 'Internal server error' });
    expect(await summarizer.summarize(group(), context)).toBeNull();
  });

  it('returns null when the API does not answer in time', async () => {
    const { fake, summarizer } = await setup({ timeoutMs: 200 });
    fake.reply({ hang: true });
    expect(await summarizer.summarize(group(), context)).toBeNull();
    expect(fake.requests).toHaveLength(1);
  });

  it.each([
    ['an empty answer', { text: '' }],
    ['a blank answer', { text: ' \n\t ' }],
    ['an overlong answer', { text: `${GOOD} `.repeat(4) }],
    ['an answer cut at max_tokens', { text: 'Card payments failed 25 times on', stopReason: 'max_tokens' as const }],
    ['a refusal', { text: GOOD, stopReason: 'refusal' as const }],
    ['an answer echoing the key', { text: `Key ${API_KEY} seen.` }],
  ])('returns null for %s', async (_name, reply) => {
    const { fake, summarizer } = await setup();
    fake.reply(reply);
    expect(await summarizer.summarize(group(), context)).toBeNull();
  });

  it('accepts an answer right at the length limit, with line breaks and escapes made spaces', async () => {
    const { fake, summarizer } = await setup();
    fake.reply({ text: `A\n\u001b[31mB ${'c'.repeat(MAX_SUMMARY_CHARS - 10)}` });
    const text = await summarizer.summarize(group(), context);
    expect(text).toMatch(/^A \[31mB c+$/);
    expect(text!.length).toBeLessThanOrEqual(MAX_SUMMARY_CHARS);
  });

  it('stops asking once the key is rejected', async () => {
    const { fake, summarizer } = await setup();
    fake.reply({ status: 401, errorMessage: 'invalid x-api-key' });
    expect(await summarizer.summarize(group(), context)).toBeNull();
    expect(await summarizer.summarize(group({ groupId: 8 }), context)).toBeNull();
    expect(fake.requests).toHaveLength(1);
  });
});
