import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeAnthropic, type FakeAnthropic } from '../../../test/helpers/fake-anthropic.js';
import os from 'node:os';
import path from 'node:path';
import { planArchitecture, planOptionsFor } from './architect.js';
import { configSchema } from '../config-schema.js';
import { createClaudeClient, type AskClaude } from '../../llm/anthropic-client.js';
import { runChain } from '../../architect/chain.js';
import { checkNarrative, narrate, numberTokens, unsupportedNumbers } from '../../architect/narrative.js';

const spec = {
  type: 'web',
  usersMonth: 500_000,
  budgetUsd: 2_000,
  region: 'eu-west-1',
  features: ['db', 'cache', 'uploads'],
} as const;
const result = runChain(spec);
const source = JSON.stringify(result);
// A data folder with no refreshed prices in it: the shipped table is used.
const emptyHome = path.join(os.tmpdir(), `soloops-no-home-${process.pid}`);

/** An answer whose every number is copied from the chain, formatted the way a person writes them. */
function goodAnswer(): Record<string, string> {
  const { traffic, architecture, cost } = result;
  return {
    traffic:
      `About ${traffic.requestsMonth.toLocaleString('en-US')} requests a month, peaking at ${traffic.peakRps} req/s ` +
      `and surviving a spike of ${traffic.spikeRps.toLocaleString('en-US')} req/s.`,
    architecture:
      `The ${architecture.pattern} pattern scales between ${architecture.autoscaling.min} ` +
      `and ${architecture.autoscaling.max} ${architecture.autoscaling.unit}.`,
    services:
      'Fargate tasks behind an Application Load Balancer, PostgreSQL on RDS and a Redis cache, all behind CloudFront.',
    cost:
      `The bill comes to $${cost.totalUsd.toLocaleString('en-US')} a month ` +
      `against a budget of $${cost.budgetUsd.toLocaleString('en-US')}.`,
  };
}

describe('numbers in the narrative', () => {
  it('normalises formatting so 1,234 and 1234 are the same figure', () => {
    expect(numberTokens('$1,234.50, then 1234 and 0.12; 2–10 tasks.')).toEqual(['1234.5', '1234', '0.12', '2', '10']);
    expect(unsupportedNumbers('costs $1,234 or 99', '{"a":1234,"b":"x"}')).toEqual(['99']);
  });

  it('accepts a paragraph whose figures are all in the chain, and rejects one that is not', () => {
    expect(checkNarrative(JSON.stringify(goodAnswer()), source)).toEqual(goodAnswer());
    expect(checkNarrative(JSON.stringify({ ...goodAnswer(), cost: 'About $123,456.78 a month.' }), source)).toEqual({});
    const fenced = ['```json', JSON.stringify({ traffic: 'Steady traffic.' }), '```'].join('\n');
    expect(checkNarrative(fenced, source)).toEqual({
      traffic: 'Steady traffic.',
    });
    expect(checkNarrative('Here is the rationale you asked for.', source)).toEqual({});
    expect(checkNarrative(JSON.stringify({ traffic: 42 }), source)).toEqual({});
    expect(checkNarrative(JSON.stringify(['a']), source)).toEqual({});
  });
});

describe('narrate against a local fake of the API', () => {
  let fake: FakeAnthropic;
  let ask: AskClaude;
  beforeAll(async () => {
    fake = await startFakeAnthropic();
    ask = createClaudeClient({ apiKey: 'test-key', baseURL: fake.url, timeoutMs: 5_000 });
  });
  afterAll(() => fake.close());
  beforeEach(() => {
    fake.requests.length = 0;
  });

  it('uses a good answer, asking one question with the chain’s JSON', async () => {
    fake.reply({ text: JSON.stringify(goodAnswer()) });
    expect(await narrate(result, ask)).toEqual(goodAnswer());
    expect(fake.requests).toHaveLength(1);
    const body = fake.requests[0]!.body!;
    const user = String(body.messages![0]!.content as string);
    expect(user).toContain(String(result.cost.totalUsd));
    expect(user).toContain(`"pattern": "${result.architecture.pattern}"`);
    expect(String(body.system)).toMatch(/"traffic".*"architecture".*"services".*"cost"/);
  });

  it('rejects the whole answer when a paragraph has a number the chain does not', async () => {
    fake.reply({
      text: JSON.stringify({
        ...goodAnswer(),
        cost: `Roughly $${Math.round(result.cost.totalUsd) + 1_000_001} a month.`,
      }),
    });
    expect(await narrate(result, ask)).toEqual({});
    fake.reply({ text: JSON.stringify({ ...goodAnswer(), traffic: 'It serves 31337 users at once.' }) });
    expect(await narrate(result, ask)).toEqual({});
  });

  it('gives {} on a 500, prose instead of JSON, or a cut-off answer', async () => {
    fake.reply({ status: 500, errorMessage: 'boom' });
    expect(await narrate(result, ask)).toEqual({});
    fake.reply({ text: 'Sure! The design is great.' });
    expect(await narrate(result, ask)).toEqual({});
    fake.reply({ text: JSON.stringify(goodAnswer()), stopReason: 'max_tokens' });
    expect(await narrate(result, ask)).toEqual({});
  });

  it('puts the rationale in README.md after "Why this design" when enabled, and nothing otherwise', async () => {
    fake.reply({ text: JSON.stringify(goodAnswer()) });
    const env = { ANTHROPIC_API_KEY: 'test-key', ANTHROPIC_BASE_URL: fake.url };
    const optionsFor = (llm: Record<string, unknown>) =>
      planOptionsFor({ config: configSchema.parse({ architect: { llm } }), home: emptyHome, env });
    const enabled = await optionsFor({ enabled: true, model: 'claude-test' });
    const readme = (await planArchitecture(spec, enabled)).files['README.md']!;
    expect(fake.requests.at(-1)!.body!.model).toBe('claude-test');
    const at = readme.indexOf('## Rationale (written by Claude from the numbers above)');
    expect(at).toBeGreaterThan(readme.indexOf('## Why this design'));
    expect(at).toBeLessThan(readme.indexOf('## Apply'));
    expect(readme).toContain(`**Cost.** ${goodAnswer().cost}`);

    const plain = (await planArchitecture(spec, await optionsFor({ enabled: false }))).files['README.md']!;
    expect(plain).not.toContain('Rationale');
    fake.reply({ status: 500 });
    const failed = (await planArchitecture(spec, enabled)).files['README.md']!;
    expect(failed).toBe(plain);
  });
});
