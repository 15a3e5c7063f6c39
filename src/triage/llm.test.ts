import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { NormalizedAlert } from '../core/alert.js';
import { startFakeAnthropic, type FakeAnthropic } from '../../test/helpers/fake-anthropic.js';
import { createLlmClassifier, DEFAULT_LLM_MODEL, type LlmClassifierOptions } from './llm.js';

const API_KEY = `sk-ant-test-${randomUUID()}`;

const fakes: FakeAnthropic[] = [];
afterEach(async () => {
  await Promise.all(fakes.splice(0).map((f) => f.close()));
});

async function setup(options: Partial<LlmClassifierOptions> = {}) {
  const fake = await startFakeAnthropic();
  fakes.push(fake);
  const llm = createLlmClassifier({ apiKey: API_KEY, baseURL: fake.url, ...options });
  return { fake, llm };
}

function alert(overrides: Partial<NormalizedAlert> = {}): NormalizedAlert {
  return {
    id: randomUUID(),
    source: 'generic',
    service: 'checkout',
    title: 'Checkout latency p99 above 8s',
    body: 'p99 latency of POST /checkout is 8.4s (threshold 2s)',
    labels: { env: 'prod' },
    status: 'firing',
    severityHint: null,
    severityText: null,
    fingerprint: 'fp-checkout-latency',
    receivedAt: new Date().toISOString(),
    raw: {},
    ...overrides,
  };
}

const unsureWarning = { severity: 'warning', confidence: 0.55 } as const;

describe('LLM classifier against a local fake of the Messages API', () => {
  it('raises an unsure warning to critical, sending the key, version header and the alert', async () => {
    const { fake, llm } = await setup();
    fake.reply({ text: '```json\n{"severity": "CRITICAL", "reason": "checkout\\u001b[31m is unusable"}\n```' });
    const verdict = await llm.classify(alert(), unsureWarning);
    expect(verdict).toEqual({
      severity: 'critical',
      confidence: expect.any(Number),
      reason: 'checkout [31m is unusable',
    });
    expect(verdict!.confidence).toBeGreaterThan(0);
    expect(verdict!.confidence).toBeLessThanOrEqual(1);

    expect(fake.requests).toHaveLength(1);
    const [request] = fake.requests;
    expect(request!.method).toBe('POST');
    expect(request!.path).toBe('/v1/messages');
    expect(request!.headers['x-api-key']).toBe(API_KEY);
    expect(request!.headers['anthropic-version']).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(request!.headers.authorization).toBeUndefined();
    expect(request!.body?.model).toBe(DEFAULT_LLM_MODEL);
    expect(request!.body?.thinking).toEqual({ type: 'disabled' });
    expect(JSON.stringify(request!.body?.messages)).toContain('Checkout latency p99 above 8s');
  });

  it('reads the text block after a thinking block', async () => {
    const { fake, llm } = await setup({ model: 'claude-haiku-4-5' });
    fake.reply({ thinking: 'hmm {"severity":"info"}', text: 'Answer: {"severity":"critical","reason":"outage"}' });
    expect(await llm.classify(alert(), { severity: 'info', confidence: 0.4 })).toMatchObject({
      severity: 'critical',
      reason: 'outage',
    });
    expect(fake.requests[0]!.body?.model).toBe('claude-haiku-4-5');
  });

  it('never lowers a critical: does not even ask', async () => {
    const { fake, llm } = await setup();
    fake.reply({ text: '{"severity":"info","reason":"noise"}' });
    expect(await llm.classify(alert(), { severity: 'critical', confidence: 0.51 })).toBeNull();
    expect(fake.requests).toHaveLength(0);
    expect(llm.stats().requests).toBe(0);
  });

  it('returns null for an answer below the local verdict (the local one stands)', async () => {
    const { fake, llm } = await setup();
    fake.reply({ text: '{"severity":"info","reason":"noise"}' });
    expect(await llm.classify(alert(), unsureWarning)).toBeNull();
    expect(await llm.classify(alert({ fingerprint: 'other' }), { severity: 'info', confidence: 0.3 })).toMatchObject({
      severity: 'info',
      reason: 'noise',
    });
  });

  it('returns null when the API does not answer in time', async () => {
    const { fake, llm } = await setup({ timeoutMs: 200 });
    fake.reply({ hang: true });
    expect(await llm.classify(alert(), unsureWarning)).toBeNull();
    expect(fake.requests).toHaveLength(1);
    expect(llm.stats()).toMatchObject({ requests: 1, failures: 1 });
  });

  it.each([500, 529, 429, 400])('returns null on HTTP %i', async (status) => {
    const { fake, llm } = await setup();
    fake.reply({ status, errorMessage: 'Overloaded' });
    expect(await llm.classify(alert(), unsureWarning)).toBeNull();
    expect(fake.requests).toHaveLength(1);
    expect(llm.stats().lastError).toContain(String(status));
  });

  it('retries once when allowed, within the same budget', async () => {
    const { fake, llm } = await setup({ maxRetries: 1, timeoutMs: 20_000 });
    let calls = 0;
    fake.reply(() =>
      ++calls === 1
        ? { status: 529, errorMessage: 'Overloaded' }
        : { text: '{"severity":"critical","reason":"db down"}' },
    );
    expect(await llm.classify(alert(), unsureWarning)).toMatchObject({ severity: 'critical' });
    expect(fake.requests).toHaveLength(2);
  });

  it.each([
    ['prose', 'I think this is bad.'],
    ['an unknown severity', '{"severity":"urgent","reason":"x"}'],
    ['broken JSON', '{"severity": "critical", "reason": '],
    ['an empty reply', ''],
    ['a JSON array', '["critical"]'],
  ])('returns null for %s', async (_name, text) => {
    const { fake, llm } = await setup();
    fake.reply({ text });
    expect(await llm.classify(alert(), unsureWarning)).toBeNull();
    expect(llm.stats().failures).toBe(1);
  });

  it('returns null when the model refuses', async () => {
    const { fake, llm } = await setup();
    fake.reply({ text: '{"severity":"critical","reason":"x"}', stopReason: 'refusal' });
    expect(await llm.classify(alert(), unsureWarning)).toBeNull();
  });

  it('asks once per fingerprint: repeats, even concurrent ones, come from the cache', async () => {
    const { fake, llm } = await setup();
    fake.reply({ text: '{"severity":"critical","reason":"payments failing"}' });
    const same = () => alert({ id: randomUUID(), fingerprint: 'fp-payments' });
    const [a, b] = await Promise.all([llm.classify(same(), unsureWarning), llm.classify(same(), unsureWarning)]);
    const c = await llm.classify(same(), { severity: 'info', confidence: 0.2 });
    expect([a, b, c].map((v) => v?.severity)).toEqual(['critical', 'critical', 'critical']);
    expect(fake.requests).toHaveLength(1);
    expect(llm.stats()).toMatchObject({ requests: 1, cacheHits: 2 });

    await llm.classify(alert({ fingerprint: 'fp-other' }), unsureWarning);
    expect(fake.requests).toHaveLength(2);
  });

  it('never shows the API key, and stops asking once the key is rejected', async () => {
    const { fake, llm } = await setup();
    fake.reply({ status: 401, errorMessage: `invalid x-api-key ${API_KEY}` });
    expect(await llm.classify(alert(), unsureWarning)).toBeNull();
    const { lastError } = llm.stats();
    expect(lastError).toContain('401');
    expect(lastError).not.toContain(API_KEY);
    expect(await llm.classify(alert({ fingerprint: 'fp-2' }), unsureWarning)).toBeNull();
    expect(fake.requests).toHaveLength(1);

    const second = await setup();
    second.fake.reply({ text: `{"severity":"critical","reason":"key is ${API_KEY}"}` });
    const verdict = await second.llm.classify(alert(), unsureWarning);
    expect(JSON.stringify(verdict)).not.toContain(API_KEY);
    expect(JSON.stringify(second.llm.stats())).not.toContain(API_KEY);
  });

  it('fails fast (null) when nothing listens at the base URL', async () => {
    const { fake, llm } = await setup();
    await fake.close();
    fakes.splice(fakes.indexOf(fake), 1);
    expect(await llm.classify(alert(), unsureWarning)).toBeNull();
    expect(llm.stats().lastError).not.toContain(API_KEY);
  });
});
