import { describe, expect, it } from 'vitest';
import { cents } from '../agents/cost.js';
import { runChain } from '../chain.js';
import { archetypes } from '../archetypes.js';
import { isVerifiedSource } from '../prices.js';
import { costJson, costMarkdown, readmeMarkdown } from './index.js';

const web = runChain({
  type: 'web',
  usersMonth: 50_000,
  budgetUsd: 200,
  region: 'eu-west-1',
  features: ['db', 'cache'],
});
const tight = runChain({
  type: 'web',
  usersMonth: 50_000,
  budgetUsd: 20,
  region: 'eu-west-1',
  features: ['db', 'cache'],
});
const game = runChain({
  type: 'game',
  usersMonth: 200_000,
  budgetUsd: 2_000,
  region: 'us-east-1',
  features: ['db', 'realtime'],
});

const money = (cell: string) => Number(cell.replace(/[*$,† ]/g, ''));
/** The rows of the first Markdown table under `heading`, as arrays of cells. */
function tableUnder(markdown: string, heading: RegExp): string[][] {
  const section = markdown.slice(markdown.search(heading));
  const lines = section.split('\n').filter((l) => l.startsWith('|'));
  const rows: string[][] = [];
  for (const line of lines.slice(2)) rows.push(line.slice(2, -2).split(' | '));
  return rows;
}

describe('COST.md', () => {
  const md = costMarkdown(web);
  const rows = tableUnder(md, /\| Component \| Unit/);

  it('prints every line as quantity × unit price, rounded to cents, and the total', () => {
    const lineRows = rows.filter((r) => !r[0]!.includes('Total')).slice(0, web.cost.lines.length);
    expect(lineRows.map((r) => r[0])).toEqual(web.cost.lines.map((l) => l.component));
    for (const [, unit, quantity, price, monthly] of lineRows) {
      expect(unit).toBeTruthy();
      expect(money(monthly!)).toBe(cents(money(quantity!) * money(price!)));
    }
    const total = rows.find((r) => r[0] === '**Total**')!;
    expect(money(total[4]!)).toBe(web.cost.totalUsd);
    expect(money(total[4]!)).toBe(cents(lineRows.reduce((sum, r) => sum + money(r[4]!), 0)));
  });

  it('marks each unit price nobody has checked against AWS, and says how many there are', () => {
    const lineRows = rows.slice(0, web.cost.lines.length);
    const unverified = web.cost.lines.filter((l) => !isVerifiedSource(l.priceSource));
    expect(unverified.length).toBeGreaterThan(0);
    expect(lineRows.filter((r) => r[3]!.endsWith(' †'))).toHaveLength(unverified.length);
    expect(md).toContain(
      `† ${unverified.length} of ${web.cost.lines.length} unit prices have not been checked against AWS yet`,
    );
    const allChecked = {
      ...web,
      cost: {
        ...web.cost,
        lines: web.cost.lines.map((l) => ({ ...l, priceSource: 'AWS Price List API GetProducts' })),
      },
    };
    expect(costMarkdown(allChecked)).not.toContain('†');
  });

  it('shows the free tier separately and never subtracts it', () => {
    expect(md).toMatch(/## Free tier \(shown, not subtracted\)/);
    const free = tableUnder(md, /## Free tier/);
    expect(free.length).toBe(web.cost.freeTier.length);
    expect(free.length).toBeGreaterThan(0);
    // The total is still the sum of list-price lines.
    expect(web.cost.totalUsd).toBe(cents(web.cost.lines.reduce((s, l) => s + l.monthlyUsd, 0)));
  });

  it('gives the budget verdict, the spike day and the prices date', () => {
    expect(md).toMatch(/within budget: \$185\.53\/month of a \$200\.00 budget/);
    expect(md).toContain(`Prices as of ${web.cost.pricesAsOf}`);
    expect(md).toMatch(new RegExp(`10× spike day[\\s\\S]*\\$${web.cost.spikeDayUsd}`));
  });

  it('says when the plan is over budget and offers the cheapest survivable design', () => {
    const over = costMarkdown(tight);
    expect(over).toMatch(/\*\*over budget: \$[\d.,]+\/month is \$[\d.,]+ more than the \$20\.00 budget/);
    expect(over).toContain(`**${tight.alternative!.pattern}** (lean)`);
    for (const t of tight.alternative!.tradeOffs) expect(over).toContain(t);
  });

  it('has a JSON twin with the same figures', () => {
    const json = JSON.parse(costJson(tight));
    expect(json).toMatchObject({
      totalUsd: tight.cost.totalUsd,
      overBudget: true,
      pricesAsOf: tight.cost.pricesAsOf,
      currency: 'USD',
    });
    expect(json.lines).toEqual(tight.cost.lines);
    expect(json.alternative.pattern).toBe(tight.alternative!.pattern);
  });
});

// SCALING.md has its own tests in scaling.test.ts.

describe('README.md', () => {
  it('draws the architecture as a Mermaid flowchart and explains each choice', () => {
    const md = readmeMarkdown(web);
    const diagram = md.match(/```mermaid\nflowchart LR\n([\s\S]*?)```/);
    expect(diagram).not.toBeNull();
    expect(diagram![1]).toMatch(/RDS Proxy/);
    expect(diagram![1]).toMatch(/ElastiCache/);
    for (const reason of web.architecture.reasons) expect(md).toContain(reason);
    expect(md).toContain('terraform init && terraform plan && terraform apply');
    expect(md).toContain('terraform destroy');
    expect(md).toMatch(/soloops_webhook_url[\s\S]*soloops watch|soloops watch[\s\S]*soloops_webhook_url/);
  });

  it('draws the game fleet behind an NLB with DynamoDB and direct realtime traffic', () => {
    const md = readmeMarkdown(game);
    expect(md).toMatch(/Network Load Balancer/);
    expect(md).toMatch(/DynamoDB/);
    expect(md).toMatch(/users -\. realtime \.-> front/);
  });
});

describe('README.md: destroy', () => {
  it('lifts deletion protection before terraform destroy only where something is protected', () => {
    const destroy = (md: string) => md.slice(md.indexOf('## Destroy'), md.indexOf('## Alerts'));
    const withDb = destroy(readmeMarkdown(web));
    expect(withDb).toContain('terraform apply -var deletion_protection=false\nterraform destroy');
    expect(withDb).toContain('final snapshot');
    const site = destroy(readmeMarkdown(runChain(archetypes.static)));
    expect(site).not.toContain('deletion_protection');
    expect(site).toContain('terraform destroy');
  });
});
