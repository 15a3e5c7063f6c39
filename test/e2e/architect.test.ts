import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeSandbox, repoRoot, runCli, type Sandbox } from '../helpers/cli.js';

const REPORTS = ['COST.md', 'README.md', 'SCALING.md', 'cost.json'];

let sandbox: Sandbox;
let spec: string;
beforeEach(() => {
  sandbox = makeSandbox();
  spec = path.join(sandbox.dir, 'service.yaml');
  fs.writeFileSync(
    spec,
    '# a small web app\ntype: web\nusersMonth: 50000\nbudgetUsd: 200\nregion: eu-west-1\nfeatures: [db, cache]\n',
  );
});
afterEach(() => sandbox.cleanup());
const infra = () => path.join(sandbox.dir, 'infra');

describe('soloops architect', () => {
  it('writes the reports (and Terraform) into infra/, refuses to overwrite, and --force overwrites', async () => {
    const first = await runCli(['architect', 'service.yaml'], { sandbox });
    expect(first.exitCode, first.stderr).toBe(0);
    const written = fs.readdirSync(infra());
    expect(written).toEqual(expect.arrayContaining(REPORTS));
    expect(written).toEqual(
      expect.arrayContaining(['main.tf', 'variables.tf', 'outputs.tf', 'versions.tf', 'terraform.tfvars.example']),
    );
    expect(first.stdout).toMatch(/^serverless in eu-west-1: within budget: \$185\.53\/month of a \$200\.00 budget/);
    expect(first.stdout).toContain(`files to ${infra()}`);
    // Progress goes to stderr, one line per agent.
    for (const agent of ['traffic:', 'architecture: serverless', 'services:', 'cost: $185.53/month (budget $200.00)'])
      expect(first.stderr).toContain(agent);

    fs.writeFileSync(path.join(infra(), 'COST.md'), 'mine\n');
    const again = await runCli(['architect', 'service.yaml'], { sandbox });
    expect(again.exitCode).toBe(2);
    expect(again.stderr).toMatch(/\d+ of the files already exist in /);
    expect(again.stderr).toContain(infra());
    expect(again.stderr).toContain('--force');
    expect(fs.readFileSync(path.join(infra(), 'COST.md'), 'utf8')).toBe('mine\n');

    const forced = await runCli(['architect', 'service.yaml', '--force'], { sandbox });
    expect(forced.exitCode, forced.stderr).toBe(0);
    expect(fs.readFileSync(path.join(infra(), 'COST.md'), 'utf8')).toMatch(/^# Monthly cost/);
  });

  it('lets flags override the file and --dry-run writes nothing', async () => {
    const result = await runCli(
      ['architect', 'service.yaml', '--users-month', '2000000', '--budget', '5000', '--out', 'plan', '--dry-run'],
      { sandbox },
    );
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^containers in eu-west-1/);
    expect(result.stdout).toMatch(/would write \(dry run\)/);
    expect(fs.existsSync(path.join(sandbox.dir, 'plan'))).toBe(false);
  });

  it('prints the whole plan as one JSON document with --json', async () => {
    const result = await runCli(['--json', 'architect', 'service.yaml', '--spike', '20x'], { sandbox });
    expect(result.exitCode, result.stderr).toBe(0);
    const plan = JSON.parse(result.stdout);
    expect(plan.input).toMatchObject({ type: 'web', usersMonth: 50_000, spike: 20 });
    expect(plan.spec.spike).toBe(20);
    for (const key of ['traffic', 'architecture', 'services', 'cost']) expect(plan[key]).toBeTypeOf('object');
    expect(plan.cost.lines.length).toBeGreaterThan(0);
    expect(plan.files).toEqual(expect.arrayContaining(REPORTS));
    expect(plan.written).toBe(true);
  });

  it('exits 3 with --fail-over-budget when the plan is over budget, after writing it', async () => {
    const result = await runCli(['--json', 'architect', 'service.yaml', '--budget', '5', '--fail-over-budget'], {
      sandbox,
    });
    expect(result.exitCode).toBe(3);
    expect(result.stderr).toMatch(/over budget/);
    expect(JSON.parse(result.stdout).cost.overBudget).toBe(true);
    expect(fs.readFileSync(path.join(infra(), 'COST.md'), 'utf8')).toMatch(/\*\*over budget/);
    // A dry run over an existing folder previews instead of refusing.
    const within = await runCli(['architect', 'service.yaml', '--fail-over-budget', '--dry-run'], { sandbox });
    expect(within.exitCode, within.stderr).toBe(0);
    expect(within.stdout).toMatch(/already exist: a real run needs --force/);
  });

  it('without a terminal, names the flags for missing fields instead of asking', async () => {
    const result = await runCli(['architect', '--type', 'api'], { sandbox });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/lacks usersMonth, budgetUsd, region/);
    expect(result.stderr).toMatch(/--users-month N --budget USD --region us-east-1/);
    expect(fs.existsSync(infra())).toBe(false);
  });

  it('names a bad region and the regions it knows', async () => {
    const result = await runCli(['architect', 'service.yaml', '--region', 'mars-north-1'], { sandbox });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('"mars-north-1"');
    expect(result.stderr).toContain('eu-west-1');
  });

  it('rejects unknown fields and bad numbers with exit 2', async () => {
    fs.writeFileSync(spec, 'type: web\nusers_month: 5\n');
    const unknown = await runCli(
      ['architect', 'service.yaml', '--users-month', '5', '--budget', '10', '--region', 'us-east-1'],
      { sandbox },
    );
    expect(unknown.exitCode).toBe(2);
    expect(unknown.stderr).toContain('"users_month"');
    const notNumber = await runCli(['architect', '--type', 'web', '--users-month', 'lots'], { sandbox });
    expect(notNumber.exitCode).toBe(2);
    expect(notNumber.stderr).toMatch(/--users-month "lots" is not a number/);
  });

  it('prices with the refreshed copy in the --home data folder, unmarked as checked', async () => {
    const shipped = JSON.parse(
      (await runCli(['--json', 'architect', 'service.yaml', '--dry-run'], { sandbox })).stdout,
    );
    const line = shipped.cost.lines.find((l: { priceKey: string }) => l.priceKey === 'lambda.requests');
    const table = JSON.parse(fs.readFileSync(path.join(repoRoot, 'src/architect/prices/aws-prices.json'), 'utf8'));
    table.regions['eu-west-1']['lambda.requests'] = {
      unit: 'million requests',
      usd: 0.5,
      asOf: '2026-12-01',
      source: 'AWS Price List API GetProducts',
    };
    const home = path.join(sandbox.dir, 'elsewhere');
    fs.mkdirSync(home);
    fs.writeFileSync(path.join(home, 'aws-prices.json'), JSON.stringify(table));

    const result = await runCli(['--home', home, 'architect', 'service.yaml'], { sandbox });
    expect(result.exitCode, result.stderr).toBe(0);
    const cost = JSON.parse(fs.readFileSync(path.join(infra(), 'cost.json'), 'utf8'));
    const refreshed = cost.lines.find((l: { priceKey: string }) => l.priceKey === 'lambda.requests');
    expect(refreshed.unitPriceUsd).toBe(0.5);
    expect(refreshed.monthlyUsd).not.toBe(line.monthlyUsd);
    const row = fs
      .readFileSync(path.join(infra(), 'COST.md'), 'utf8')
      .split('\n')
      .find((l) => l.startsWith(`| ${refreshed.component} |`))!;
    expect(row).toContain('| $0.5 |');
    expect(row).not.toContain('†');
  });

  it('prices your own GPU machine with --gpu-machine-usd in the hybrid payback', async () => {
    fs.writeFileSync(
      spec,
      'type: ai\nusersMonth: 50000\nbudgetUsd: 300\nregion: us-east-1\nfeatures: [gpu, db, queue, uploads]\n',
    );
    const roi = async (...flags: string[]) => {
      const result = await runCli(['architect', 'service.yaml', '--force', ...flags], { sandbox });
      expect(result.exitCode, result.stderr).toBe(0);
      return {
        json: JSON.parse(fs.readFileSync(path.join(infra(), 'cost.json'), 'utf8')).gpuRoi,
        md: fs.readFileSync(path.join(infra(), 'COST.md'), 'utf8'),
      };
    };
    const assumed = await roi();
    expect(assumed.json).toMatchObject({ machines: 4, hardwareUsd: 12_000, breakEvenMonth: 5 });
    expect(assumed.md).toContain('pays for itself in month 5');
    const mine = await roi('--gpu-machine-usd', '$6000');
    expect(mine.json).toMatchObject({ machineUsd: 6_000, hardwareUsd: 24_000 });
    expect(mine.json.breakEvenMonth).toBe(Math.ceil(24_000 / mine.json.savingUsdMonth));
    expect(mine.md).toContain(`pays for itself in month ${mine.json.breakEvenMonth}`);
    const bad = await runCli(['architect', 'service.yaml', '--power-usd-per-kwh', '0'], { sandbox });
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toMatch(/--power-usd-per-kwh 0 is out of range: it must be from 0.01 to 10/);
  });

  it("names the cheaper design's flags when over budget; --design --lean builds it at that price", async () => {
    const over = await runCli(['--json', 'architect', 'service.yaml', '--budget', '150', '--dry-run'], { sandbox });
    const plan = JSON.parse(over.stdout) as {
      alternative: { pattern: string; cost: { totalUsd: number } };
      candidates: Array<{ pattern: string; lean: boolean; totalUsd: number; chosen: boolean; flags: string }>;
    };
    expect(plan.candidates.map((c) => c.flags)).toContain(`--design ${plan.alternative.pattern} --lean`);
    const human = await runCli(['architect', 'service.yaml', '--budget', '150', '--dry-run'], { sandbox });
    expect(human.stdout).toContain(`build it with --design ${plan.alternative.pattern} --lean`);

    const built = await runCli(
      ['architect', 'service.yaml', '--budget', '150', '--design', plan.alternative.pattern, '--lean'],
      { sandbox },
    );
    expect(built.exitCode, built.stderr).toBe(0);
    const cost = JSON.parse(fs.readFileSync(path.join(infra(), 'cost.json'), 'utf8'));
    expect(cost.pattern).toBe(plan.alternative.pattern);
    expect(cost.totalUsd).toBe(plan.alternative.cost.totalUsd);
    const md = fs.readFileSync(path.join(infra(), 'COST.md'), 'utf8');
    expect(md).toMatch(/\| Design \| Monthly \| Within budget\? \| Survives the spike\? \| Chosen \|/);
    expect(md).toContain(`| ${plan.alternative.pattern} (lean) |`);
  });

  it('refuses a design that cannot serve the spec with exit 2, listing the ones that can', async () => {
    const result = await runCli(['architect', 'service.yaml', '--design', 'static-cdn'], { sandbox });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('design "static-cdn" cannot serve type "web" with cache, db');
    expect(result.stderr).toContain('use --design with one of: serverless, containers');
    const unknown = await runCli(['architect', 'service.yaml', '--design', 'kubernetes'], { sandbox });
    expect(unknown.exitCode).toBe(2);
    expect(unknown.stderr).toMatch(/design "kubernetes" is not one soloops builds/);
    expect(fs.existsSync(infra())).toBe(false);
  });

  it('names a bad architect key in soloops.yaml before asking or planning anything', async () => {
    fs.writeFileSync(path.join(sandbox.dir, 'soloops.yaml'), 'architect:\n  llm:\n    enabled: "yes"\n');
    const result = await runCli(['architect', 'service.yaml'], { sandbox });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/architect\.llm\.enabled/);
    expect(fs.existsSync(infra())).toBe(false);
  });
});
