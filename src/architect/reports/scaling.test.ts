import { parse } from '@cdktf/hcl2json';
import { describe, expect, it } from 'vitest';
import { archetypes } from '../archetypes.js';
import { runChain } from '../chain.js';
import { PRICES } from '../prices.js';
import { parseSpec } from '../spec.js';
import { renderTerraform } from '../terraform/index.js';
import { scalingMarkdown, scalingPhases, type ScalingPhase } from './scaling.js';
import { GROW_ONLY_VARIABLES } from './scaling-steps.js';

const small = runChain({
  type: 'web',
  usersMonth: 500,
  budgetUsd: 200,
  region: 'eu-west-1',
  features: ['db', 'cache'],
});
const big = runChain({ type: 'web', usersMonth: 600_000, budgetUsd: 3_000, region: 'eu-west-1', features: ['db'] });
// Websockets bring RDS Proxy once the fleet opens enough connections: a block added in the same pattern.
const realtime = runChain({ ...small.spec, features: ['db', 'realtime'] });
// A Lambda API small enough to stay serverless for two phases.
const serverless = runChain({ type: 'api', usersMonth: 500, budgetUsd: 100, region: 'eu-west-1', features: ['db'] });

const money = (cell: string) => Number(cell.replace(/[*$,† ]/g, ''));
function table(markdown: string): string[][] {
  const lines = markdown.slice(markdown.search(/\| Phase \|/)).split('\n');
  const rows = lines.slice(
    2,
    lines.findIndex((l, i) => i > 0 && !l.startsWith('|')),
  );
  return rows.map((line) => line.slice(2, -2).split(' | '));
}
/** The body of `## Phase n` up to the next heading. */
function section(markdown: string, phase: number): string {
  const start = markdown.indexOf(`## Phase ${phase}:`);
  const end = markdown.indexOf('\n## ', start + 1);
  return markdown.slice(start, end < 0 ? undefined : end);
}
/** The text of each ```sh block in `text`. */
const shellBlocks = (text: string) => [...text.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]!);

/** A `soloops architect` command line turned back into a spec, as the CLI would read its flags. */
function specOfCommand(line: string) {
  const flag = (name: string) => line.match(new RegExp(`--${name} (\\S+)`))?.[1];
  const number = (name: string) => (flag(name) === undefined ? undefined : Number(flag(name)!.replace(/x$/, '')));
  return parseSpec({
    type: flag('type'),
    usersMonth: number('users-month'),
    peakConcurrent: number('peak-concurrent'),
    budgetUsd: number('budget'),
    region: flag('region'),
    features: flag('features')?.split(',') ?? [],
    spike: number('spike'),
    ...(flag('gpu-machine-usd') ? { gpuMachineUsd: number('gpu-machine-usd') } : {}),
  });
}

/** Names of the `variable` blocks of a rendered variables.tf, read by a real HCL parser. */
async function declared(variablesTf: string): Promise<Set<string>> {
  const parsed = (await parse('variables.tf', variablesTf)) as { variable?: Record<string, unknown> };
  return new Set(Object.keys(parsed.variable ?? {}));
}
async function defaults(variablesTf: string): Promise<Record<string, unknown>> {
  const parsed = (await parse('variables.tf', variablesTf)) as {
    variable?: Record<string, Array<{ default?: unknown }>>;
  };
  return Object.fromEntries(Object.entries(parsed.variable ?? {}).map(([name, [body]]) => [name, body!.default]));
}

/** The `name=value` pairs of a `terraform apply -var …` line, values as the shell passes them. */
function varsOf(command: string): Record<string, string> {
  return Object.fromEntries([...command.matchAll(/-var '([\w-]+)=([^']*)'/g)].map((m) => [m[1]!, m[2]!]));
}
/** Variable defaults as a shell would write them: strings bare, numbers and booleans as HCL has them. */
const asCli = (values: Record<string, unknown>, names: string[]) =>
  Object.fromEntries(names.map((n) => [n, String(values[n])]));

describe('SCALING.md phases', () => {
  it('plans phase 0 (the spec as given) and phases 1–5, 1K to 1M users, each triggered, priced and watched', () => {
    const md = scalingMarkdown(small, PRICES);
    const rows = table(md);
    expect(rows.map((r) => [r[0], r[1]])).toEqual([
      ['0', '500'],
      ['1', '1,000'],
      ['2', '10,000'],
      ['3', '100,000'],
      ['4', '500,000'],
      ['5', '1,000,000'],
    ]);
    for (const [i, row] of rows.entries()) {
      const [, users, , change, trigger, how, monthly, perUser] = row;
      expect(change).toBeTruthy();
      expect(how).toBeTruthy();
      // After day 0, each trigger is a CloudWatch namespace/metric, a threshold and a duration.
      if (i > 0) expect(trigger).toMatch(/AWS\/\w+ \w+ .*(>|>=) \d[\s\S]*for \d+ min/);
      expect(money(perUser!)).toBeCloseTo(money(monthly!) / money(users!), 4);
    }
    expect(md.match(/^## Phase \d/gm)).toHaveLength(6);
    expect(md.match(/^After the change, watch for \d+ h: .+ stays/gm)).toHaveLength(6);
    expect(md.match(/^This design runs out when: .*for \d+ min/gm)).toHaveLength(6);
    // Phase 0 is the plan itself, not a re-run of it.
    expect(scalingPhases(small, PRICES)[0]!.result).toBe(small);
    expect(md).not.toMatch(/skipped/);
  });

  it('skips the phases at or below the spec’s own users and says so', () => {
    const phases = scalingPhases(big, PRICES);
    expect(phases.map((p) => [p.phase, p.usersMonth])).toEqual([
      [0, 600_000],
      [5, 1_000_000],
    ]);
    const md = scalingMarkdown(big, PRICES);
    expect(md).toContain(
      'Phases 1–4 (1,000, 10,000, 100,000, 500,000 users/month) are skipped: the spec already plans for 600,000.',
    );
    expect(table(md).map((r) => r[0])).toEqual(['0', '5']);
    expect(md).toContain("Trigger, on phase 0's design:");
    const beyond = scalingMarkdown(runChain({ ...big.spec, usersMonth: 2_000_000, peakConcurrent: undefined }), PRICES);
    expect(beyond).toContain('Phases 1–5');
    expect(beyond.match(/^## Phase \d/gm)).toHaveLength(1);
  });

  it('draws the decision flow metric → check → apply → verify → roll back in Mermaid', () => {
    const flow = scalingMarkdown(small, PRICES).match(/```mermaid\nflowchart TD\n([\s\S]*?)```/);
    expect(flow).not.toBeNull();
    const nodes = ['metric', 'check', 'apply', 'verify', 'rollback'];
    for (const [from, to] of nodes.slice(0, -1).map((n, i) => [n, nodes[i + 1]]))
      expect(flow![1]).toMatch(new RegExp(`${from}[^\\n]*-->[\\s\\S]*${to}`));
    expect(flow![1]).toMatch(/verify -- no --> rollback/);
    expect(flow![1]).toMatch(/rollback --> metric/);
  });

  it('prices every phase with the table the plan was priced with, not the shipped one', () => {
    const dear = structuredClone(PRICES);
    for (const entry of Object.values(dear.regions['eu-west-1']!)) entry.usd *= 2;
    const shipped = scalingPhases(small, PRICES);
    const phases = scalingPhases(runChain(small.spec, dear), dear);
    for (const [i, phase] of phases.entries()) {
      for (const line of phase.result.cost.lines)
        expect(line.unitPriceUsd).toBe(dear.regions['eu-west-1']![line.priceKey]!.usd);
      expect(phase.result.cost.totalUsd).toBeGreaterThan(shipped[i]!.result.cost.totalUsd);
    }
  });
});

type VariablesPhase = ScalingPhase & { step: { kind: 'variables' } };
const byVariables = (p: ScalingPhase): p is VariablesPhase => p.step.kind === 'variables';

/**
 * A variable step is exact: main.tf and outputs.tf render the same for both phases, the scale-up sets each
 * changed variable to the new phase's default and the rollback (command and tfvars) to the previous one's.
 */
async function expectVariableStep(phases: ScalingPhase[], md: string, phase: VariablesPhase): Promise<void> {
  const where = `${phase.result.spec.type} ${phase.result.spec.usersMonth} phase ${phase.phase}`;
  const a = renderTerraform(phases[phases.indexOf(phase) - 1]!.result);
  const b = renderTerraform(phase.result);
  expect(b['main.tf'], where).toBe(a['main.tf']);
  expect(b['outputs.tf'], where).toBe(a['outputs.tf']);
  const before = await defaults(a['variables.tf']);
  const after = await defaults(b['variables.tf']);
  const names = phase.step.changes.map((c) => c.name);
  const moved = Object.keys(after).filter((n) => JSON.stringify(after[n]) !== JSON.stringify(before[n]));
  expect(names.sort(), where).toEqual(moved.sort());
  const text = section(md, phase.phase);
  const [up, down] = shellBlocks(text);
  expect(up, where).toMatch(/^cd \S+ && terraform apply( -var '[^']+')+\n$/);
  expect(varsOf(up!), where).toEqual(asCli(after, names));
  // RDS storage only grows: the rollback keeps the new volume and says so.
  const restored = {
    ...before,
    ...Object.fromEntries(names.filter((n) => GROW_ONLY_VARIABLES.has(n)).map((n) => [n, after[n]])),
  };
  expect(varsOf(down!), where).toEqual(asCli(restored, names));
  const rollback = text.slice(text.indexOf('Roll back'));
  for (const name of names)
    expect(rollback, where).toMatch(new RegExp(`^${name} += ${JSON.stringify(restored[name])}$`, 'm'));
  if (names.includes('db_storage_gb')) expect(rollback, where).toContain('RDS storage only grows');
}

describe('SCALING.md steps', () => {
  it('writes -var and tfvars lines only for variables the rendered variables.tf declares', async () => {
    for (const [name, archetype] of Object.entries(archetypes)) {
      const plan = runChain(archetype);
      const phases = scalingPhases(plan, PRICES);
      const md = scalingMarkdown(plan, PRICES);
      for (const phase of phases.slice(1)) {
        const names = await declared(renderTerraform(phase.result)['variables.tf']);
        const text = section(md, phase.phase);
        const vars = [...text.matchAll(/-var '([\w-]+)=/g)].map((m) => m[1]!);
        const tfvars = [...text.matchAll(/```hcl\n([\s\S]*?)```/g)].flatMap((m) =>
          m[1]!
            .trim()
            .split('\n')
            .map((l) => l.split(' ')[0]!),
        );
        for (const variable of [...vars, ...tfvars]) expect(names, `${name} phase ${phase.phase}`).toContain(variable);
      }
    }
  });

  it('scales by -var when only variables change, and rolls back to the previous phase’s values', async () => {
    let steps = 0;
    for (const plan of [small, realtime, serverless, ...Object.values(archetypes).map((a) => runChain(a))]) {
      const phases = scalingPhases(plan, PRICES);
      const md = scalingMarkdown(plan, PRICES);
      for (const phase of phases.filter(byVariables)) {
        await expectVariableStep(phases, md, phase);
        steps++;
      }
    }
    expect(steps).toBeGreaterThan(5);
  });

  it.each([
    ['webWithDb (containers)', archetypes.webWithDb!, ['max_capacity', 'db_instance_class', 'db_storage_gb']],
    ['a small Lambda API (serverless)', serverless.spec, ['lambda_max_concurrency', 'api_clients_at_spike']],
  ])('moves %s by -var on its real sizing variables, main.tf unchanged', async (_, spec, variables) => {
    const plan = runChain(spec);
    const phases = scalingPhases(plan, PRICES);
    const md = scalingMarkdown(plan, PRICES);
    const same = phases.filter(byVariables).filter((p) => p.result.services.pattern === plan.services.pattern);
    expect(same.length).toBeGreaterThan(0);
    const named = new Set(same.flatMap((p) => p.step.changes.map((c) => c.name)));
    for (const variable of variables) expect([...named]).toContain(variable);
    for (const phase of same) await expectVariableStep(phases, md, phase);
  });

  it('re-runs soloops architect when main.tf changes, and its rollback re-renders the previous phase exactly', () => {
    for (const plan of [small, realtime]) {
      const phases = scalingPhases(plan, PRICES);
      const md = scalingMarkdown(plan, PRICES);
      for (const phase of phases.slice(1)) {
        if (phase.step.kind !== 'rerun') continue;
        const previous = phases[phases.indexOf(phase) - 1]!;
        const blocks = shellBlocks(section(md, phase.phase));
        const up = blocks[0]!.split('\n')[0]!;
        expect(up).toMatch(/^soloops architect /);
        expect(specOfCommand(up)).toEqual(phase.result.spec);
        if (phase.step.newPattern) {
          // A new design goes beside the old one; rolling back removes it and leaves the old stack running.
          expect(up).toContain(`--out infra-phase-${phase.phase}`);
          expect(up).not.toContain('--force');
          expect(blocks[1]).toMatch(new RegExp(`^cd infra-phase-${phase.phase} && .*terraform destroy\\n$`));
        } else {
          const down = blocks[1]!.split('\n')[0]!;
          expect(specOfCommand(down)).toEqual(previous.result.spec);
          expect(runChain(specOfCommand(down), PRICES).cost.totalUsd).toBe(previous.result.cost.totalUsd);
        }
      }
    }
    // RDS Proxy joins the realtime design at 100K users: main.tf gains a block, so only re-rendering gets there.
    expect(scalingPhases(realtime, PRICES)[3]!.step).toMatchObject({ kind: 'rerun', newPattern: false });
    expect(scalingMarkdown(realtime, PRICES)).toMatch(/the design stays but its Terraform changes \(a block is added/);
    // The web app moves to containers at 500K users: a new folder, and phase 5's variables are set in it.
    const phases = scalingPhases(small, PRICES);
    expect(phases[4]!.step).toMatchObject({ kind: 'rerun', newPattern: true });
    expect(phases[5]!.step.kind).toBe('variables');
    expect(shellBlocks(section(scalingMarkdown(small, PRICES), 5))[0]).toMatch(
      /^cd infra-phase-4 && terraform apply -var/,
    );
  });

  it('tells the hybrid design to buy GPU machines as it grows, outside Terraform', () => {
    const md = scalingMarkdown(runChain(archetypes.aiHybrid!), PRICES);
    expect(md).toContain('| add GPU machines of your own: 4 → 8 (outside Terraform; see COST.md) |');
    expect(section(md, 0)).toContain(
      '- GPU machines of your own: 4; their price and power are not in the monthly cost',
    );
    expect(section(md, 4)).toMatch(/- GPU machines of your own: 39 \(was 8\)/);
  });

  it('keeps an explicit crowd in the re-run commands, scaled with the users', () => {
    const crowded = runChain({ ...small.spec, peakConcurrent: 50 });
    const md = scalingMarkdown(crowded, PRICES);
    expect(scalingPhases(crowded, PRICES)[4]!.step.kind).toBe('rerun');
    expect(shellBlocks(section(md, 4))[0]).toContain('--users-month 500000 --peak-concurrent 50000 ');
  });
});
