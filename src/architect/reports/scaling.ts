import { hasDeletionProtection } from '../agents/services.js';
import type { ChainResult } from '../chain.js';
import type { PriceTable } from '../prices.js';
import { gpuMachinesFor } from './gpu-roi.js';
import { scalingPhases, SCALING_PHASES, type ScalingOptions, type ScalingPhase } from './scaling-phases.js';
import {
  applyCommand,
  architectCommand,
  GROW_ONLY_VARIABLES,
  rollbackChanges,
  tfvarsLines,
  type VariableChange,
} from './scaling-steps.js';
import { markdownTable, rate, usd } from './table.js';

export { scalingPhases, SCALING_PHASES, watchFor, type ScalingOptions, type ScalingPhase } from './scaling-phases.js';

/** Where the commands assume the Terraform lives: `soloops architect`'s default --out. */
const OUT = 'infra';

/** The decision flow every phase follows, from the alarm to the rollback. */
export const SCALING_FLOW = [
  '```mermaid',
  'flowchart TD',
  '  metric["Trigger: the metric over its threshold for its duration"] --> check{"Sustained growth?<br/>not a bug, ' +
    'a bot or a one-off spike"}',
  '  check -- no --> fix["Fix the cause; stay on this phase"]',
  '  check -- yes --> plan["terraform plan with the next phase\'s values"]',
  '  plan --> apply["terraform apply: -var values, or the re-rendered Terraform"]',
  '  apply --> verify{"Watch window clean?<br/>errors normal, metric under threshold, budget quiet"}',
  '  verify -- yes --> stay["Stay: the new phase\'s trigger is the next alarm to set"]',
  '  verify -- no --> rollback["Roll back: apply the previous phase\'s values"]',
  '  rollback --> metric',
  '```',
].join('\n');

/** SCALING.md: phase 0 (the spec as given), then 1K → 1M users, each with trigger, commands, rollback and cost. */
export function scalingMarkdown(result: ChainResult, prices: PriceTable, options: ScalingOptions = {}): string {
  const phases = scalingPhases(result, prices, options);
  const table = markdownTable(
    ['Phase', 'Users/month', 'Pattern', 'Change', 'Trigger', 'How', 'Monthly', 'Per user', 'Budget'],
    phases.map((p) => [
      p.phase,
      p.usersMonth.toLocaleString('en-US'),
      p.result.architecture.pattern,
      p.change,
      p.trigger,
      how(p),
      usd(p.result.cost.totalUsd),
      perUser(p.costPerUserUsd),
      p.result.cost.overBudget ? 'over' : 'within',
    ]),
    ['right', 'right', 'left', 'left', 'left', 'left', 'right', 'right', 'left'],
  );
  // A new design is applied into a folder of its own, and the phases after it work there.
  const folders: string[] = [];
  for (const p of phases)
    folders.push(p.step.kind === 'rerun' && p.step.newPattern ? `${OUT}-phase-${p.phase}` : (folders.at(-1) ?? OUT));
  const details = phases.flatMap((p, i) =>
    phaseSection(p, phases[i - 1] && { phase: phases[i - 1]!, folder: folders[i - 1]! }, folders[i]!),
  );
  return [
    `# Scaling plan — ${result.spec.type} in ${result.spec.region}`,
    '',
    `Phase 0 is the design as generated, for ${result.spec.usersMonth.toLocaleString('en-US')} users/month. ` +
      'Each later phase re-runs the whole plan with only the monthly users changed ' +
      `(budget ${usd(result.spec.budgetUsd)}, features: ${result.spec.features.join(', ') || 'none'}, ` +
      `${result.spec.spike}× spike). Prices as of ${result.cost.pricesAsOf}.`,
    ...skipped(phases),
    "A trigger is the CloudWatch metric, threshold and duration on the previous phase's design " +
      'that says it is time for the next one; put them on your alarms. ' +
      `Commands assume the Terraform is in \`${OUT}/\` (the default --out); use your own folder.`,
    ...rerenderNote(phases),
    '',
    table,
    '',
    '## Decision flow',
    '',
    SCALING_FLOW,
    '',
    ...details,
  ].join('\n');
}

function how(p: ScalingPhase): string {
  if (p.phase === 0) return 'terraform apply';
  switch (p.step.kind) {
    case 'none':
      return 'nothing to apply';
    case 'variables':
      return `-var ${p.step.changes.map((c) => c.name).join(', ')}`;
    case 'rerun':
      return p.step.newPattern ? 'new design: re-run architect' : 're-run architect';
  }
}

function skipped(phases: ScalingPhase[]): string[] {
  const shown = new Set(phases.map((p) => p.phase));
  const missing = SCALING_PHASES.map((users, i) => ({ phase: i + 1, users })).filter((p) => !shown.has(p.phase));
  if (missing.length === 0) return [];
  const numbers = missing.map((p) => p.phase);
  const range = numbers.length === 1 ? `Phase ${numbers[0]}` : `Phases ${numbers[0]}–${numbers.at(-1)}`;
  const users = missing.map((p) => p.users.toLocaleString('en-US')).join(', ');
  return [
    `${range} (${users} users/month) ${numbers.length === 1 ? 'is' : 'are'} skipped: ` +
      `the spec already plans for ${phases[0]!.usersMonth.toLocaleString('en-US')}.`,
  ];
}

// Said once, so a reader does not look for a -var that the generated variables.tf does not declare.
function rerenderNote(phases: ScalingPhase[]): string[] {
  const inMain = phases.filter((p) => p.step.kind === 'rerun' && !p.step.newPattern).map((p) => p.phase);
  if (inMain.length === 0) return [];
  return [
    `In phase${inMain.length === 1 ? '' : 's'} ${inMain.join(', ')} the design stays but its Terraform ` +
      'changes (a block is added or removed), so the step re-renders it in place and `terraform plan` ' +
      'shows exactly what moves.',
  ];
}

interface Previous {
  phase: ScalingPhase;
  folder: string;
}

function phaseSection(p: ScalingPhase, before: Previous | undefined, folder: string): string[] {
  const previous = before?.phase;
  const { result } = p;
  const scale = result.architecture.autoscaling;
  return [
    `## Phase ${p.phase}: ${p.usersMonth.toLocaleString('en-US')} users/month — ${result.architecture.pattern}`,
    '',
    `- Change: ${p.change}`,
    previous ? `- Trigger, on phase ${previous.phase}'s design: ${p.trigger}` : `- Trigger: ${p.trigger}`,
    `- Peak ${rate(result.traffic.peakRps)} req/s, spike ${rate(result.traffic.spikeRps)} req/s; ` +
      `scales ${scale.min}–${scale.max} ${scale.unit}`,
    `- Monthly cost ${usd(result.cost.totalUsd)}, ${perUser(p.costPerUserUsd)} per user, ` +
      `${result.cost.overBudget ? 'over' : 'within'} the ${usd(result.spec.budgetUsd)} budget`,
    ...ownGpus(p, previous),
    '',
    ...commands(p, before, folder),
    '',
    `After the change, watch for ${p.afterChange.hours} h: ${p.afterChange.check}.`,
    '',
    `This design runs out when: ${p.watch}.`,
    '',
  ];
}

// The hybrid design's machines are bought, not applied: said in every phase, whichever change leads it.
function ownGpus(p: ScalingPhase, previous: ScalingPhase | undefined): string[] {
  if (p.result.services.pattern !== 'hybrid-gpu') return [];
  const machines = gpuMachinesFor(p.result.traffic.gpuHoursMonth);
  const was =
    previous?.result.services.pattern === 'hybrid-gpu' && gpuMachinesFor(previous.result.traffic.gpuHoursMonth);
  return [
    `- GPU machines of your own: ${machines}${was && was !== machines ? ` (was ${was})` : ''}; ` +
      'their price and power are not in the monthly cost (COST.md has the payback)',
  ];
}

function commands(p: ScalingPhase, before: Previous | undefined, folder: string): string[] {
  const sh = (...lines: string[]) => ['```sh', ...lines, '```'];
  const hcl = (lines: string[]) => ['```hcl', ...lines, '```'];
  if (!before)
    return [
      'Apply (copy terraform.tfvars.example to terraform.tfvars and fill it in first):',
      '',
      ...sh(`cd ${folder} && terraform init && terraform apply`),
      '',
      'Roll back: nothing ran before it; `terraform destroy` removes it (see README.md, Destroy).',
    ];
  const step = p.step;
  const spec = p.result.spec;
  const previous = before.phase;
  switch (step.kind) {
    case 'none':
      return ['Scale up: nothing to apply, the same Terraform serves it. Roll back: nothing to undo.'];
    case 'variables':
      return [
        'Scale up:',
        '',
        ...sh(`cd ${folder} && ${applyCommand(step.changes, 'to')}`),
        '',
        'or set them in terraform.tfvars and run `terraform apply`:',
        '',
        ...hcl(tfvarsLines(step.changes, 'to')),
        '',
        `Roll back to phase ${previous.phase}'s values:`,
        '',
        ...sh(`cd ${folder} && ${applyCommand(rollbackChanges(step.changes), 'from')}`),
        '',
        ...hcl(tfvarsLines(rollbackChanges(step.changes), 'from')),
        ...growOnlyNote(step.changes),
      ];
    case 'rerun': {
      const moved = step.values.map((v) => `\`${v.key}\` ${v.from} → ${v.to}`);
      const blocks = [
        ...(step.added.length ? [`adds ${step.added.join(', ')}`] : []),
        ...(step.removed.length ? [`removes ${step.removed.join(', ')}`] : []),
      ];
      // A new design changes nearly every value: the blocks say more than the list would.
      const what = [
        ...(moved.length && !step.newPattern
          ? [
              `Inputs whose defaults change: ${moved.join(', ')}. Lines you set in terraform.tfvars override ` +
                'the new defaults: remove them (or set the new values) before applying.',
            ]
          : []),
        ...(blocks.length ? [`The Terraform ${blocks.join(' and ')}.`] : []),
      ];
      if (!step.newPattern)
        return [
          'Scale up: re-render the Terraform in place and apply it:',
          '',
          ...sh(architectCommand(spec, folder, true), `cd ${folder} && terraform plan && terraform apply`),
          '',
          ...what,
          '',
          `Roll back to phase ${previous.phase}'s values: re-render it and apply ` +
            '(or restore the folder from version control and apply):',
          '',
          ...sh(
            architectCommand(previous.result.spec, folder, true),
            `cd ${folder} && ${applyCommand(keptGrowOnly(step.values), 'to')}`,
          ),
          ...growOnlyNote(step.values.map((v) => ({ name: v.key, from: v.from, to: v.to }))),
        ];
      const next = folder;
      const unprotect = hasDeletionProtection(p.result.services)
        ? 'terraform apply -var deletion_protection=false && '
        : '';
      return [
        `Scale up: a new design, not a variable change. Re-run \`soloops architect\` into a new folder, ` +
          'apply it beside the running one, then move traffic and data to it:',
        '',
        ...sh(architectCommand(spec, next, false), `cd ${next} && terraform init && terraform apply`),
        '',
        ...what,
        '',
        `Roll back: phase ${previous.phase}'s stack is still running from \`${before.folder}/\`; ` +
          'send traffic (and any data ' +
          'written since the switch) back to it, then remove the new one:',
        '',
        ...sh(`cd ${next} && ${unprotect}terraform destroy`),
      ];
    }
  }
}

// A re-rendered rollback would shrink the database volume, which RDS refuses: keep it with -var.
function keptGrowOnly(values: Array<{ key: string; to: string }>): VariableChange[] {
  return values.filter((v) => GROW_ONLY_VARIABLES.has(v.key)).map((v) => ({ name: v.key, from: v.to, to: v.to }));
}

function growOnlyNote(changes: VariableChange[]): string[] {
  const kept = changes.filter((c) => GROW_ONLY_VARIABLES.has(c.name));
  if (kept.length === 0) return [];
  return ['', `RDS storage only grows: the rollback keeps ${kept.map((c) => `\`${c.name}\` at ${c.to}`).join(', ')}.`];
}

// Cost per user is often a fraction of a cent: four decimals keep it readable and comparable.
function perUser(amount: number): string {
  return `$${amount.toFixed(4)}`;
}
