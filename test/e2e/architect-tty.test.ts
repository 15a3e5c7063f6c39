import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { binPath } from '../helpers/cli.js';
import { startFakeAnthropic, type FakeAnthropic } from '../helpers/fake-anthropic.js';
import { terminalTestsCanRun, useSandboxTerminal } from '../helpers/tmux.js';

const hasTmux = terminalTestsCanRun('architect');

let fake: FakeAnthropic;
beforeAll(async () => {
  fake = await startFakeAnthropic();
});
afterAll(() => fake.close());
const terminal = useSandboxTerminal();
const start = (args: string, env: Record<string, string> = {}) => terminal.start(`node ${binPath} ${args}`, env);
const infra = (name: string) => path.join(terminal.sandbox.dir, 'infra', name);

describe.skipIf(!hasTmux)('soloops architect on a real terminal', () => {
  it('asks for the missing fields, shows each agent as it finishes, and writes the plan', async () => {
    const term = start('architect --type web --features db');
    await term.waitFor(/Users per month/);
    term.keys('50000', 'Enter');
    await term.waitFor(/Monthly budget in USD/);
    term.keys('200', 'Enter');
    await term.waitFor(/AWS region/);
    // us-east-1, us-west-2, eu-west-1: two down.
    term.keys('Down', 'Down', 'Enter');
    expect(await term.exitCode()).toBe(0);
    const screen = term.screen();
    for (const step of [
      /✓ traffic: .*req\/s peak/,
      /✓ architecture: serverless behind api-gateway/,
      /✓ services: lambda, api-gateway/,
      /✓ cost: \$\d+\.\d\d\/month \(budget \$200\.00\)/,
    ])
      expect(screen).toMatch(step);
    expect(screen).toMatch(/serverless in eu-west-1: within budget/);
    const plan = JSON.parse(fs.readFileSync(infra('cost.json'), 'utf8'));
    expect(plan).toMatchObject({ region: 'eu-west-1', budgetUsd: 200 });
    expect(fs.existsSync(infra('main.tf'))).toBe(true);
  });

  it('Ctrl-C at a question exits 130 and writes nothing', async () => {
    const term = start('architect --type api');
    await term.waitFor(/Users per month/);
    term.keys('C-c');
    expect(await term.exitCode()).toBe(130);
    expect(fs.existsSync(path.join(terminal.sandbox.dir, 'infra'))).toBe(false);
  });

  it('shows the rationale step while Claude is asked, then whether its answer was used', async () => {
    fs.writeFileSync(
      path.join(terminal.sandbox.dir, 'soloops.yaml'),
      'architect:\n  llm:\n    enabled: true\n    timeout: 3s\n',
    );
    const env = { ANTHROPIC_API_KEY: 'test-key', ANTHROPIC_BASE_URL: fake.url };
    const args = 'architect --type api --users-month 20000 --budget 100 --region us-east-1 --force';

    // A request that never answers: the view shows the step running until the timeout gives up on it.
    fake.reply({ hang: true });
    const hung = start(args, env);
    await hung.waitFor(/… rationale: asking Claude…/);
    await hung.waitFor(/✗ rationale: Claude's answer was not usable/);
    expect(await hung.exitCode()).toBe(0);
    expect(fs.readFileSync(infra('README.md'), 'utf8')).not.toContain('Rationale');
    hung.close();

    fake.reply({
      text: JSON.stringify({
        traffic: 'Modest, steady traffic.',
        architecture: 'Serverless, so idle hours cost nothing.',
        services: 'Lambda behind API Gateway.',
        cost: 'Well inside the budget.',
      }),
    });
    const answered = start(args, env);
    await answered.waitFor(/✓ rationale: written by Claude into README.md/);
    expect(await answered.exitCode()).toBe(0);
    expect(fs.readFileSync(infra('README.md'), 'utf8')).toContain(
      '**Architecture.** Serverless, so idle hours cost nothing.',
    );
  });
});
