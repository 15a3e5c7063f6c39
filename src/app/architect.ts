import fs from 'node:fs';
import path from 'node:path';
import { runChain, type ChainResult } from '../architect/chain.js';
import { renderReports } from '../architect/reports/index.js';
import { UserError } from '../core/errors.js';
import type { AskClaude } from '../triage/anthropic-client.js';

/** A plan: the chain's decisions and every file to write, by name relative to the output folder. */
export interface ArchitecturePlan {
  result: ChainResult;
  files: Record<string, string>;
  /** False when this build has no Terraform renderer yet: the reports are still written. */
  terraform: boolean;
}

type RenderTerraform = (result: ChainResult) => Record<string, string>;

// The renderer is imported lazily: it carries the HCL templates, which the reports do not need.
// A build without it (it landed after the reports) still writes the reports: esbuild leaves an
// unresolved import() inside try/catch to fail at run time, where it is caught.
async function loadTerraform(): Promise<RenderTerraform | undefined> {
  try {
    const module: { renderTerraform?: RenderTerraform } = await import('../architect/terraform/index.js');
    return module.renderTerraform;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND') return undefined;
    throw error;
  }
}

/** Where Claude's rationale comes from: `ask` (tests), else the environment (SOLOOPS_ARCHITECT_LLM=1 with ANTHROPIC_API_KEY). */
export interface PlanOptions {
  ask?: AskClaude;
  env?: NodeJS.ProcessEnv;
}

/**
 * Runs the chain on a service description and renders the reports and, when available, the
 * Terraform. When enabled, Claude adds a rationale to README.md; the numbers stay the chain's.
 */
export async function planArchitecture(input: unknown, options: PlanOptions = {}): Promise<ArchitecturePlan> {
  const result = runChain(input);
  const renderTerraform = await loadTerraform();
  const terraform = renderTerraform ? renderTerraform(result) : {};
  const reports = renderReports(result);
  const rationale = await rationaleFor(result, options);
  if (rationale && reports['README.md'] !== undefined) reports['README.md'] = withRationale(reports['README.md'], rationale);
  return { result, files: { ...terraform, ...reports }, terraform: renderTerraform !== undefined };
}

// Loaded only when asked for, so a plain run never loads the narrative (or the SDK).
async function rationaleFor(result: ChainResult, options: PlanOptions): Promise<string> {
  const env = options.env ?? process.env;
  if (!options.ask && env.SOLOOPS_ARCHITECT_LLM !== '1') return '';
  const { narrate, narrativeMarkdown, narratorFromEnv } = await import('../architect/narrative.js');
  const ask = options.ask ?? narratorFromEnv(env);
  return ask ? narrativeMarkdown(await narrate(result, ask)) : '';
}

/** The rationale goes right after the README's "Why this design" section, or at the end without one. */
function withRationale(readme: string, rationale: string): string {
  const at = readme.indexOf('\n## Apply');
  return at < 0 ? `${readme.replace(/\n*$/, '\n\n')}${rationale}` : `${readme.slice(0, at + 1)}${rationale}\n${readme.slice(at + 1)}`;
}

/** Options for writing a plan. */
export interface WriteOptions {
  force?: boolean;
  dryRun?: boolean;
}

/** What `writePlan` wrote (or, with dryRun, would write): absolute paths, sorted. */
export interface WrittenPlan {
  outDir: string;
  files: string[];
  /** Files that were already there (overwritten with force; a dry run only reports them). */
  existing: string[];
  written: boolean;
}

/**
 * Writes every file into `outDir`. Existing files are checked before anything is written, so a
 * refusal leaves the folder exactly as it was; `force` overwrites. `dryRun` writes nothing and
 * never refuses: it is how a person previews a plan over a folder they already have.
 */
export function writePlan(files: Record<string, string>, outDir: string, options: WriteOptions = {}): WrittenPlan {
  const root = path.resolve(outDir);
  const targets = Object.keys(files)
    .sort()
    .map((name) => ({ name, file: path.join(root, name) }));
  const existing = targets.filter((t) => fs.existsSync(t.file)).map((t) => t.file);
  if (options.dryRun) return { outDir: root, files: targets.map((t) => t.file), existing, written: false };
  if (existing.length > 0 && !options.force) {
    const shown = existing.slice(0, 3).join(', ') + (existing.length > 3 ? ` and ${existing.length - 3} more` : '');
    throw new UserError(`${shown} already exist${existing.length === 1 ? 's' : ''}`, 'pass --force to overwrite, or choose another folder with --out');
  }
  for (const { name, file } of targets) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, files[name]!);
  }
  return { outDir: root, files: targets.map((t) => t.file), existing, written: true };
}

/** The fields a service description cannot do without, with the flag that supplies each. */
export const REQUIRED_FIELDS = { type: '--type', usersMonth: '--users-month', budgetUsd: '--budget', region: '--region' } as const;
/** A required field of the service description. */
export type RequiredField = keyof typeof REQUIRED_FIELDS;

/** The required fields `input` lacks, in a stable order. */
export function missingFields(input: Record<string, unknown>): RequiredField[] {
  return (Object.keys(REQUIRED_FIELDS) as RequiredField[]).filter((key) => input[key] === undefined || input[key] === '');
}

/**
 * Reads a service description from a YAML or JSON file (YAML is a superset of JSON, so one
 * parser reads both). Field checking is left to the spec schema, which names each bad key.
 */
export async function loadSpecFile(file: string): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new UserError(`cannot read the service description ${file}: ${(error as Error).message}`, 'pass the path of a YAML or JSON file, or describe the service with flags');
  }
  const { parse } = await import('yaml');
  let data: unknown;
  try {
    data = parse(text);
  } catch (error) {
    throw new UserError(`${file} is not valid YAML or JSON: ${(error as Error).message}`, 'fix the file and run again');
  }
  if (data === null || data === undefined) return {};
  if (typeof data !== 'object' || Array.isArray(data)) throw new UserError(`${file} must hold a mapping of fields (type, usersMonth, budgetUsd, region, …)`, 'see `soloops architect --help` for an example');
  return data as Record<string, unknown>;
}
