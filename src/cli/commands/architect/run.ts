import path from 'node:path';
import {
  loadSpecFile,
  missingFields,
  planArchitecture,
  planOptionsFor,
  REQUIRED_FIELDS,
  writePlan,
  type ArchitecturePlan,
  type KitListing,
  type PlanEvent,
  type RequiredField,
  type WrittenPlan,
} from '../../../app/architect/architect.js';
import {
  budgetVerdict,
  type ChainResult,
  describeRange,
  designFlags,
  isPlanned,
  PATTERNS,
  rate,
  REGIONS,
  SERVICE_TYPES,
  type Services,
  SPEC_LIMITS,
  usd,
} from '../../../app/architect/vocabulary.js';
import { ThresholdError, UserError } from '../../../core/errors.js';
import type { CliContext } from '../../context.js';
import { prompt, type Prompts } from '../../output/prompt.js';
import { colorEnabled } from '../../output/policy.js';
import type { ProgressStep, ProgressView } from '../../ui/architect-progress.js';

interface ArchitectOptions {
  type?: string;
  usersMonth?: string;
  peakConcurrent?: string;
  budget?: string;
  region?: string;
  features?: string;
  spike?: string;
  gpuMachineUsd?: string;
  gpuMachineWatts?: string;
  powerUsdPerKwh?: string;
  design?: string;
  lean?: boolean;
  out: string;
  force?: boolean;
  dryRun?: boolean;
  failOverBudget?: boolean;
}

/** `soloops architect [SPEC]`: service description → Terraform, COST.md, SCALING.md and README.md in --out. */
export async function run(context: CliContext<ArchitectOptions>): Promise<void> {
  const { options, reporter } = context;
  const [specFile] = context.args as [string | undefined];
  // Config first: a broken soloops.yaml is reported before any question is asked.
  const app = await context.app();
  const fromFile = specFile ? await loadSpecFile(path.resolve(context.cwd, specFile)) : {};
  // Flags override the file, field by field.
  let input: Record<string, unknown> = { ...fromFile, ...flagFields(options) };
  checkRegion(input.region);
  checkDesign(input.design);
  const missing = missingFields(input);
  if (missing.length > 0) {
    const refusal = {
      message: `the service description lacks ${missing.join(', ')} and there is no terminal to ask on`,
      hint: `pass ${missing.map(flagHint).join(' ')} (or put them in a SPEC file)`,
    };
    input = { ...input, ...(await prompt(context, refusal, (prompts, signal) => ask(prompts, missing, signal))) };
  }

  const progress = await startProgress(context);
  let plan: ArchitecturePlan;
  try {
    plan = await planArchitecture(input, {
      ...(await planOptionsFor(app)),
      onProgress: progress.onEvent,
      outDir: repositoryPath(context.cwd, options.out),
    });
  } finally {
    progress.stop();
  }
  const { result } = plan;
  const { cost } = result;

  const written = writePlan(plan.files, path.resolve(context.cwd, options.out), {
    force: Boolean(options.force),
    dryRun: Boolean(options.dryRun),
  });
  const names = Object.keys(plan.files).sort();
  reporter.result(
    {
      input,
      ...result,
      files: names,
      listing: plan.listing,
      outDir: written.outDir,
      written: written.written,
      existing: written.existing.map((f) => path.basename(f)),
    },
    summary(result, budgetVerdict(result), plan.listing, written),
  );
  if (options.failOverBudget && cost.overBudget) {
    throw new ThresholdError(
      `the plan is over budget: ${usd(cost.totalUsd)}/month against ${usd(cost.budgetUsd)}`,
      result.alternative?.withinBudget && !isPlanned(result, result.alternative.pattern)
        ? `build the cheaper design with ${designFlags(result.alternative.pattern, true)}, or raise --budget`
        : 'raise --budget, lower the traffic, or consider the alternative in COST.md',
    );
  }
}

// The CI workflow names the folder from the repository root, which is usually where architect runs;
// a folder outside the working directory falls back to its own name (the workflow says how to change it).
function repositoryPath(cwd: string, out: string): string {
  const relative = path.relative(cwd, path.resolve(cwd, out));
  if (relative === '') return '.';
  return relative.startsWith('..') || path.isAbsolute(relative)
    ? path.basename(relative)
    : relative.split(path.sep).join('/');
}

// Flags arrive as strings; numbers are checked here so the error names the flag, not the field.
function flagFields(options: ArchitectOptions): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  if (options.type !== undefined) fields.type = options.type;
  if (options.usersMonth !== undefined)
    fields.usersMonth = numberFlag('--users-month', options.usersMonth, 'usersMonth');
  if (options.peakConcurrent !== undefined)
    fields.peakConcurrent = numberFlag('--peak-concurrent', options.peakConcurrent, 'peakConcurrent');
  if (options.budget !== undefined)
    fields.budgetUsd = numberFlag('--budget', options.budget.replace(/^\$/, ''), 'budgetUsd');
  if (options.region !== undefined) fields.region = options.region;
  if (options.features !== undefined)
    fields.features = options.features
      .split(',')
      .map((f) => f.trim())
      .filter(Boolean);
  if (options.spike !== undefined) fields.spike = numberFlag('--spike', options.spike.replace(/x$/i, ''), 'spike');
  if (options.gpuMachineUsd !== undefined)
    fields.gpuMachineUsd = numberFlag('--gpu-machine-usd', options.gpuMachineUsd.replace(/^\$/, ''), 'gpuMachineUsd');
  if (options.gpuMachineWatts !== undefined)
    fields.gpuMachineWatts = numberFlag(
      '--gpu-machine-watts',
      options.gpuMachineWatts.replace(/w$/i, ''),
      'gpuMachineWatts',
    );
  if (options.powerUsdPerKwh !== undefined)
    fields.powerUsdPerKwh = numberFlag(
      '--power-usd-per-kwh',
      options.powerUsdPerKwh.replace(/^\$/, ''),
      'powerUsdPerKwh',
    );
  // The schema names the allowed designs; the chain then refuses one that cannot serve this spec.
  if (options.design !== undefined) fields.design = options.design;
  if (options.lean) fields.lean = true;
  return fields;
}

// A value in range for each flag whose usual example (50000) would itself be refused.
const FLAG_EXAMPLES: Record<string, string> = {
  '--spike': '10x',
  '--gpu-machine-watts': '550',
  '--power-usd-per-kwh': '0.17',
};

function numberFlag(flag: string, raw: string, field: keyof typeof SPEC_LIMITS): number {
  // Underscores and commas as thousands separators: --users-month 1_000_000 or 1,000,000.
  const value = Number(raw.replace(/[_,]/g, ''));
  const example = `for example ${flag} ${FLAG_EXAMPLES[flag] ?? '50000'}`;
  if (raw.trim() === '' || !Number.isFinite(value)) throw new UserError(`${flag} "${raw}" is not a number`, example);
  const { min, max } = SPEC_LIMITS[field];
  if (value < min || value > max)
    throw new UserError(`${flag} ${raw} is out of range: it must be from ${describeRange(field)}`, example);
  return value;
}

// The schema's enum message lists the choices but not the value given; name both.
function checkRegion(region: unknown): void {
  if (region === undefined || (REGIONS as readonly unknown[]).includes(region)) return;
  throw new UserError(
    `region "${String(region)}" is not in the shipped price table`,
    `use --region with one of: ${REGIONS.join(', ')}`,
  );
}

// Same for a design soloops does not build; one it builds but not for this spec is refused by the chain.
function checkDesign(design: unknown): void {
  if (design === undefined || (PATTERNS as readonly unknown[]).includes(design)) return;
  throw new UserError(
    `design "${String(design)}" is not one soloops builds`,
    `use --design with one of: ${PATTERNS.join(', ')} (COST.md lists the ones that fit your spec)`,
  );
}

function flagHint(field: RequiredField): string {
  const values: Record<RequiredField, string> = {
    type: SERVICE_TYPES.join('|'),
    usersMonth: 'N',
    budgetUsd: 'USD',
    region: REGIONS[0],
  };
  return `${REQUIRED_FIELDS[field]} ${values[field]}`;
}

async function ask(
  { number, select }: Prompts,
  missing: RequiredField[],
  signal: AbortSignal,
): Promise<Record<string, unknown>> {
  const answers: Record<string, unknown> = {};
  for (const field of missing) {
    if (field === 'type')
      answers.type = await select(
        { message: 'What kind of service?', choices: SERVICE_TYPES.map((value) => ({ value })) },
        { signal },
      );
    if (field === 'region')
      answers.region = await select(
        { message: 'AWS region', choices: REGIONS.map((value) => ({ value })) },
        { signal },
      );
    if (field === 'usersMonth')
      answers.usersMonth = await number(
        { message: 'Users per month', required: true, min: 1, max: SPEC_LIMITS.usersMonth.max, step: 1 },
        { signal },
      );
    if (field === 'budgetUsd')
      answers.budgetUsd = await number(
        { message: 'Monthly budget in USD', required: true, min: 1, max: SPEC_LIMITS.budgetUsd.max, step: 'any' },
        { signal },
      );
  }
  return answers;
}

/** Progress on stderr: an ink view on a terminal, plain lines otherwise (none with -q or --json on a terminal). */
async function startProgress(
  context: CliContext<ArchitectOptions>,
): Promise<{ onEvent: (event: PlanEvent) => void; stop: () => void }> {
  const { reporter, globals, env } = context;
  const live = Boolean(process.stderr.isTTY) && context.interactive && !globals.json && !globals.quiet;
  let view: ProgressView | undefined;
  if (live) {
    const { renderArchitectProgress } = await import('../../ui/architect-progress.js');
    view = renderArchitectProgress({
      color: colorEnabled({ isTTY: true, env, noColor: globals.color === false, json: false }),
      stream: process.stderr,
    });
  }
  const steps: ProgressStep[] = [];
  const show = (step: ProgressStep): void => {
    const at = steps.findIndex((s) => s.name === step.name);
    if (at >= 0) steps[at] = step;
    else steps.push(step);
    if (view) view.show(steps);
    else if (step.state !== 'running') reporter.info(`${step.name}: ${step.detail}`);
  };
  return {
    onEvent(event) {
      if (event.step === 'chain') for (const step of chainSteps(event.result)) show(step);
      else if (event.state === 'asking') show({ name: 'rationale', detail: 'asking Claude…', state: 'running' });
      else if (event.state === 'written')
        show({ name: 'rationale', detail: 'written by Claude into README.md', state: 'done' });
      else
        show({
          name: 'rationale',
          detail: "Claude's answer was not usable: README.md has the planner's reasons only",
          state: 'failed',
        });
    },
    stop: () => view?.stop(),
  };
}

/** One line per agent, in chain order, saying what it decided. */
function chainSteps(result: ChainResult): ProgressStep[] {
  const { traffic, architecture, services, cost, alternative } = result;
  const overBudget = cost.overBudget ? ' — over budget' : '';
  const steps: ProgressStep[] = [
    {
      name: 'traffic',
      detail:
        `${rate(traffic.peakRps)} req/s peak, ${rate(traffic.spikeRps)} req/s in a ${result.spec.spike}× spike, ` +
        `${traffic.requestsMonth.toLocaleString('en-US')} requests/month`,
      state: 'done',
    },
    {
      name: 'architecture',
      detail:
        `${architecture.pattern} behind ${architecture.front}, ` +
        `${architecture.autoscaling.min}–${architecture.autoscaling.max} ${architecture.autoscaling.unit}`,
      state: 'done',
    },
    { name: 'services', detail: serviceSummary(services), state: 'done' },
    {
      name: 'cost',
      detail: `${usd(cost.totalUsd)}/month (budget ${usd(cost.budgetUsd)})${overBudget}`,
      state: cost.overBudget ? 'failed' : 'done',
    },
  ];
  if (alternative)
    steps.push({
      name: 'alternative',
      detail:
        `${alternative.pattern} (lean) at ${usd(alternative.cost.totalUsd)}/month` +
        (alternative.withinBudget ? '' : ', still over budget'),
      state: 'done',
    });
  return steps;
}

function serviceSummary(plan: Services): string {
  const parts = [plan.compute.kind === 'none' ? 'no compute' : plan.compute.kind, plan.front.kind, 'cloudfront'];
  if (plan.database)
    parts.push(plan.database.engine === 'dynamodb' ? 'dynamodb' : `rds ${plan.database.instanceClass}`);
  if (plan.cache) parts.push(`elasticache ${plan.cache.nodeType}×${plan.cache.nodes}`);
  if (plan.queue) parts.push('sqs');
  if (plan.gpu) parts.push(`gpu 0–${plan.gpu.max}`);
  if (plan.waf) parts.push('waf');
  return parts.join(', ');
}

// Paths are padded to this width so the purposes line up; longer paths push their purpose right.
const LISTING_WIDTH = 34;

function summary(result: ChainResult, verdict: string, listing: KitListing[], written: WrittenPlan): string {
  const names = listing.map((f) => f.path).sort();
  const lines = [`${result.architecture.pattern} in ${result.spec.region}: ${verdict}`];
  const alt = result.alternative;
  if (alt && isPlanned(result, alt.pattern))
    lines.push('no cheaper design survives the spike: raise --budget or lower the expected traffic');
  else if (alt)
    lines.push(
      `cheapest design that survives the spike: ${alt.pattern} (lean) at ${usd(alt.cost.totalUsd)}/month` +
        `${alt.withinBudget ? '' : ', still over budget'}; build it with ${designFlags(alt.pattern, true)} ` +
        '(COST.md compares every design)',
    );
  if (written.written) lines.push(`wrote ${names.length} files to ${written.outDir}: ${names.join(', ')}`);
  else
    lines.push(
      `would write (dry run) ${names.length} files to ${written.outDir}:`,
      ...listing.map((f) => `  ${f.path.padEnd(LISTING_WIDTH)} ${f.purpose}`),
    );
  if (!written.written && written.existing.length > 0)
    lines.push(`${written.existing.length} of them already exist: a real run needs --force`);
  return lines.join('\n');
}
