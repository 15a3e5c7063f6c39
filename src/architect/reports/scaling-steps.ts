import type { ChainResult } from '../chain.js';
import { PEAK_CONCURRENT_SHARE, type ServiceSpec } from '../spec.js';
import type { TerraformFile } from '../terraform/index.js';
import { planTerraform } from '../terraform/plan.js';

/** Renders a design's Terraform (renderTerraform; tests pass a variant). */
export type TerraformRenderer = (result: ChainResult) => Record<TerraformFile, string>;

/** One input of variables.tf whose default moves between two phases, as HCL literals. */
export interface VariableChange {
  name: string;
  from: string;
  to: string;
}

/** One input whose default moves when the Terraform is re-rendered for the next phase, as HCL literals. */
export interface ValueChange {
  key: string;
  from: string;
  to: string;
}

/**
 * How to go from one phase's Terraform to the next: nothing, new values for inputs variables.tf
 * declares (a `terraform apply -var`), or a re-run of `soloops architect` because main.tf itself changes.
 */
export type ScalingStep =
  | { kind: 'none' }
  | { kind: 'variables'; changes: VariableChange[] }
  | { kind: 'rerun'; newPattern: boolean; values: ValueChange[]; added: string[]; removed: string[] };

/** The parts of a rendered design the comparison needs, rendered once per phase. */
export interface RenderedDesign {
  result: ChainResult;
  main: string;
  outputs: string;
  /** Each `variable "name" { … }` block's body, by name. */
  variables: Map<string, string>;
}

const VARIABLE_BLOCK = /^variable "([\w-]+)" \{\n([\s\S]*?)^\}/gm;
// Only a default written on one line at the block's top level: a list or map default is compared as a whole body.
const SCALAR_DEFAULT = /^ {2}default\s*=\s*([^[{\n][^\n]*)$/m;

export function renderDesign(result: ChainResult, render: TerraformRenderer): RenderedDesign {
  const files = render(result);
  const variables = new Map<string, string>();
  for (const [, name, body] of files['variables.tf'].matchAll(VARIABLE_BLOCK)) variables.set(name!, body!);
  return { result, main: files['main.tf'], outputs: files['outputs.tf'], variables };
}

/** The HCL literal a variable defaults to, when it is one line; undefined for a required input or a list. */
export function scalarDefault(body: string): string | undefined {
  return SCALAR_DEFAULT.exec(body)?.[1]?.trim();
}

/**
 * The step between two designs. Only when main.tf and outputs.tf render the same and every differing
 * variable differs in its one-line default alone is it a variable change: then `-var` reproduces the
 * next phase exactly. Anything else is written into main.tf, so only re-rendering gets there.
 */
export function stepBetween(before: RenderedDesign, after: RenderedDesign): ScalingStep {
  const newPattern = before.result.services.pattern !== after.result.services.pattern;
  if (newPattern || before.main !== after.main || before.outputs !== after.outputs) return rerun(before, after);
  const changes: VariableChange[] = [];
  const names = new Set([...before.variables.keys(), ...after.variables.keys()]);
  for (const name of names) {
    const a = before.variables.get(name);
    const b = after.variables.get(name);
    if (a === b) continue;
    const from = a === undefined ? undefined : scalarDefault(a);
    const to = b === undefined ? undefined : scalarDefault(b);
    const sameOtherwise =
      from !== undefined && to !== undefined && a!.replace(SCALAR_DEFAULT, '') === b!.replace(SCALAR_DEFAULT, '');
    if (!sameOtherwise) return rerun(before, after);
    changes.push({ name, from, to });
  }
  return changes.length > 0 ? { kind: 'variables', changes } : { kind: 'none' };
}

// RDS refuses to make allocated storage smaller, so a rollback keeps the larger volume.
/** Inputs that can only grow: a rollback keeps their new value. */
export const GROW_ONLY_VARIABLES: ReadonlySet<string> = new Set(['db_storage_gb']);

/** The changes a rollback applies: every input back to its old value, except those that can only grow. */
export function rollbackChanges(changes: VariableChange[]): VariableChange[] {
  return changes.map((c) => (GROW_ONLY_VARIABLES.has(c.name) ? { ...c, from: c.to } : c));
}

function rerun(before: RenderedDesign, after: RenderedDesign): ScalingStep {
  const a = planTerraform(before.result);
  const b = planTerraform(after.result);
  const values: ValueChange[] = [];
  for (const [key, body] of after.variables) {
    const old = before.variables.get(key);
    const from = old === undefined ? undefined : scalarDefault(old);
    const to = scalarDefault(body);
    if (from !== undefined && to !== undefined && from !== to) values.push({ key, from, to });
  }
  const blocksA = new Set(a.blocks.map((u) => u.block));
  const blocksB = new Set(b.blocks.map((u) => u.block));
  return {
    kind: 'rerun',
    newPattern: before.result.services.pattern !== after.result.services.pattern,
    values,
    added: [...blocksB].filter((x) => !blocksA.has(x)),
    removed: [...blocksA].filter((x) => !blocksB.has(x)),
  };
}

// On a shell command line a string variable takes its bare text; numbers and booleans as written.
function cliValue(literal: string): string {
  const bare = literal.startsWith('"') ? (JSON.parse(literal) as string) : literal;
  return bare.replace(/'/g, `'\\''`);
}

/** `terraform apply -var 'name=value' …` setting each variable to `side` of its change. */
export function applyCommand(changes: VariableChange[], side: 'from' | 'to'): string {
  return ['terraform apply', ...changes.map((c) => `-var '${c.name}=${cliValue(c[side])}'`)].join(' ');
}

/** The same values as terraform.tfvars lines, `=` aligned the way `terraform fmt` aligns them. */
export function tfvarsLines(changes: VariableChange[], side: 'from' | 'to'): string[] {
  const width = Math.max(...changes.map((c) => c.name.length));
  return changes.map((c) => `${c.name.padEnd(width)} = ${c[side]}`);
}

/**
 * `soloops architect` with flags that reproduce `spec` exactly (the peak only when it is not the
 * type's default share, the GPU machine and the design only when given), writing into `out`.
 */
export function architectCommand(spec: ServiceSpec, out: string, force: boolean): string {
  const defaultPeak = Math.max(1, Math.ceil(spec.usersMonth * PEAK_CONCURRENT_SHARE[spec.type]));
  const flags = [
    `--type ${spec.type}`,
    `--users-month ${spec.usersMonth}`,
    ...(spec.peakConcurrent === defaultPeak ? [] : [`--peak-concurrent ${spec.peakConcurrent}`]),
    `--budget ${spec.budgetUsd}`,
    `--region ${spec.region}`,
    ...(spec.features.length > 0 ? [`--features ${spec.features.join(',')}`] : []),
    `--spike ${spec.spike}x`,
    ...(spec.gpuMachineUsd === undefined ? [] : [`--gpu-machine-usd ${spec.gpuMachineUsd}`]),
    ...(spec.gpuMachineWatts === undefined ? [] : [`--gpu-machine-watts ${spec.gpuMachineWatts}`]),
    ...(spec.powerUsdPerKwh === undefined ? [] : [`--power-usd-per-kwh ${spec.powerUsdPerKwh}`]),
    ...(spec.design === undefined ? [] : [`--design ${spec.design}`]),
    ...(spec.lean ? ['--lean'] : []),
    `--out ${out}`,
    ...(force ? ['--force'] : []),
  ];
  return `soloops architect ${flags.join(' ')}`;
}
