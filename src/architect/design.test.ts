import { describe, expect, it } from 'vitest';
import { UserError } from '../core/errors.js';
import { archetypes } from './archetypes.js';
import { runChain } from './chain.js';
import { budgetVerdict, costJson, costMarkdown } from './reports/index.js';

// A web app whose standard design is over its budget, so the chain names a cheaper one.
const tight = { type: 'web', usersMonth: 50_000, budgetUsd: 150, region: 'eu-west-1', features: ['db', 'cache'] };

describe('--design: building a chosen design', () => {
  it('plans the requested pattern, lean when asked, and marks it chosen among the candidates', () => {
    const result = runChain({ ...tight, design: 'containers', lean: true });
    expect(result.architecture).toMatchObject({ pattern: 'containers', lean: true });
    expect(result.candidates.filter((c) => c.chosen)).toEqual([
      expect.objectContaining({ pattern: 'containers', lean: true, flags: '--design containers --lean' }),
    ]);
  });

  it('builds exactly the cheaper design the over-budget plan names, at the price it names', () => {
    const over = runChain(tight);
    expect(over.cost.overBudget).toBe(true);
    const alt = over.alternative!;
    const built = runChain({ ...tight, design: alt.pattern, lean: true });
    expect(built.cost.totalUsd).toBe(alt.cost.totalUsd);
    expect(built.architecture.pattern).toBe(alt.pattern);
  });

  it('refuses a design that cannot serve the spec, naming the ones that can', () => {
    const run = () => runChain({ ...archetypes.serverlessApi, design: 'static-cdn' });
    expect(run).toThrow(UserError);
    expect(run).toThrow(/design "static-cdn" cannot serve type "api" with db/);
    try {
      run();
    } catch (error) {
      expect((error as UserError).hint).toBe('use --design with one of: serverless, containers');
    }
    expect(() => runChain({ ...archetypes.static, design: 'serverless' })).toThrow(/static-cdn$|cannot serve/);
  });

  it('rejects a name that is no design at all', () => {
    expect(() => runChain({ ...tight, design: 'kubernetes' })).toThrow(UserError);
  });

  it('prices every buildable design, standard and lean, with the spike check and one chosen', () => {
    const result = runChain(tight);
    expect(result.candidates.map((c) => c.flags)).toEqual([
      '--design serverless',
      '--design serverless --lean',
      '--design containers',
      '--design containers --lean',
    ]);
    expect(result.candidates.filter((c) => c.chosen)).toHaveLength(1);
    const chosen = result.candidates.find((c) => c.chosen)!;
    expect(chosen.totalUsd).toBe(result.cost.totalUsd);
    for (const c of result.candidates) {
      expect(c.survivesSpike).toBe(true);
      expect(c.withinBudget).toBe(c.totalUsd <= tight.budgetUsd);
    }
    // The alternative is the cheapest surviving lean candidate.
    const lean = result.candidates.filter((c) => c.lean && c.survivesSpike);
    expect(result.alternative?.cost.totalUsd).toBe(Math.min(...lean.map((c) => c.totalUsd)));
  });
});

describe('COST.md and cost.json: the candidates', () => {
  it('tables every candidate with its monthly cost, budget, spike and chosen columns', () => {
    const result = runChain(tight);
    const md = costMarkdown(result);
    expect(md).toContain('| Design | Monthly | Within budget? | Survives the spike? | Chosen | Flags |');
    const chosen = result.candidates.find((c) => c.chosen)!;
    expect(md).toMatch(
      new RegExp(`\\| ${chosen.pattern} \\| \\$[0-9,.]+ \\| (yes|no) \\| yes \\| \\*\\*yes\\*\\* \\|`),
    );
    expect(md).toContain('| containers (lean) |');
    const json = JSON.parse(costJson(result)) as { candidates: unknown[] };
    expect(json.candidates).toEqual(result.candidates);
  });

  it('names the exact flags that build the cheaper design', () => {
    const result = runChain(tight);
    const alt = result.alternative!;
    expect(costMarkdown(result)).toContain(`\`--design ${alt.pattern} --lean\` builds it`);
  });

  it('suggests nothing when the plan already is the cheapest design', () => {
    const over = runChain(tight);
    const cheapest = runChain({ ...tight, design: over.alternative!.pattern, lean: true });
    const md = costMarkdown(cheapest);
    if (cheapest.cost.overBudget) expect(md).toContain('No cheaper design survives the spike');
    expect(md).not.toContain('builds it');
  });
});

describe('budget verdict of the hybrid design', () => {
  it('says the total is AWS only and points to the payback section', () => {
    const verdict = budgetVerdict(runChain(archetypes.aiHybrid));
    expect(verdict).toMatch(/^within budget: \$[0-9,.]+\/month/);
    expect(verdict).toContain('AWS only: your own GPU machines are not in it');
    expect(verdict).toContain('see "Your own GPU: payback" in COST.md');
    expect(costMarkdown(runChain(archetypes.aiHybrid))).toContain('## Your own GPU: payback');
  });

  it('says nothing of owned hardware for designs without any', () => {
    expect(budgetVerdict(runChain(archetypes.aiGpu))).not.toContain('GPU');
  });
});
