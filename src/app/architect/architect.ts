import fs from 'node:fs';
import path from 'node:path';
import { runChain, type ChainResult } from '../../architect/chain.js';
import { activePrices, PRICES, type PriceTable } from '../../architect/prices.js';
import { renderKit, type KitListing } from '../../architect/kit/index.js';

export type { KitListing } from '../../architect/kit/index.js';
import { renderTerraform } from '../../architect/terraform/index.js';
import { claudeSettings } from '../../core/claude-settings.js';
import { UserError } from '../../core/errors.js';
import type { AskClaude } from '../../llm/anthropic-client.js';
import type { AppContext } from '../context.js';
import { makeDirSync } from '../../core/make-dir.js';

/** A plan: the chain's decisions and every file to write, by name relative to the output folder. */
export interface ArchitecturePlan {
  result: ChainResult;
  files: Record<string, string>;
  /** Every file with one line on what it is for, in the README's order. */
  listing: KitListing[];
}

/** What a plan is priced with and who may narrate it. */
export interface PlanOptions {
  /** Default: the shipped table. */
  prices?: PriceTable;
  /** When given, Claude writes the README's rationale; the numbers stay the chain's. */
  narrator?: { ask: AskClaude; model?: string | undefined };
  /** Told as each step ends (and before the one slow step, asking Claude, starts). */
  onProgress?: (event: PlanEvent) => void;
  /** The output folder relative to the repository root (default `infra`), for the CI workflow's paths. */
  outDir?: string;
}

/** A step of {@link planArchitecture}, for the progress view. */
export type PlanEvent =
  | { step: 'chain'; result: ChainResult }
  | { step: 'rationale'; state: 'asking' | 'written' | 'unusable' };

/**
 * The options a data folder and config call for: the user's refreshed prices when
 * `soloops architect prices refresh` wrote them, and Claude when `architect.llm.enabled` is on
 * and ANTHROPIC_API_KEY is set.
 */
export async function planOptionsFor(app: Pick<AppContext, 'config' | 'home' | 'env'>): Promise<PlanOptions> {
  const prices = activePrices(app.home);
  const settings = claudeSettings(app.config.architect.llm, app.env);
  if (!settings) return { prices };
  // Loaded only when enabled, so a plain run never loads the SDK.
  const { createClaudeClient } = await import('../../llm/anthropic-client.js');
  return { prices, narrator: { ask: createClaudeClient(settings), model: settings.model } };
}

/** Runs the chain on a service description and renders the Terraform and the reports. */
export async function planArchitecture(input: unknown, options: PlanOptions = {}): Promise<ArchitecturePlan> {
  const progress = options.onProgress ?? (() => {});
  const prices = options.prices ?? PRICES;
  const result = runChain(input, prices);
  progress({ step: 'chain', result });
  const kit = renderKit(result, prices, options.outDir);
  const files: Record<string, string> = { ...renderTerraform(result), ...kit.files };
  if (options.narrator) {
    progress({ step: 'rationale', state: 'asking' });
    const { narrate, narrativeMarkdown } = await import('../../architect/narrative.js');
    const rationale = narrativeMarkdown(await narrate(result, options.narrator.ask, options.narrator.model));
    if (rationale && files['README.md'] !== undefined)
      files['README.md'] = withRationale(files['README.md'], rationale);
    progress({ step: 'rationale', state: rationale ? 'written' : 'unusable' });
  }
  return { result, files, listing: kit.listing };
}

/** The rationale goes right after the README's "Why this design" section, or at the end without one. */
function withRationale(readme: string, rationale: string): string {
  const at = readme.indexOf('\n## Apply');
  return at < 0
    ? `${readme.replace(/\n*$/, '\n\n')}${rationale}`
    : `${readme.slice(0, at + 1)}${rationale}\n${readme.slice(at + 1)}`;
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
    // Named relative to the folder: a kit has a dozen files, and the folder is said once.
    const names = existing.map((file) => path.relative(root, file));
    const shown = names.slice(0, 4).join(', ') + (names.length > 4 ? ` and ${names.length - 4} more` : '');
    throw new UserError(
      `${existing.length} of the files already exist in ${root}: ${shown}`,
      'pass --force to overwrite, or choose another folder with --out',
    );
  }
  for (const { name, file } of targets) {
    makeDirSync(path.dirname(file));
    fs.writeFileSync(file, files[name]!);
  }
  return { outDir: root, files: targets.map((t) => t.file), existing, written: true };
}

/** The fields a service description cannot do without, with the flag that supplies each. */
export const REQUIRED_FIELDS = {
  type: '--type',
  usersMonth: '--users-month',
  budgetUsd: '--budget',
  region: '--region',
} as const;
/** A required field of the service description. */
export type RequiredField = keyof typeof REQUIRED_FIELDS;

/** The required fields `input` lacks, in a stable order. */
export function missingFields(input: Record<string, unknown>): RequiredField[] {
  return (Object.keys(REQUIRED_FIELDS) as RequiredField[]).filter(
    (key) => input[key] === undefined || input[key] === '',
  );
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
    throw new UserError(
      `cannot read the service description ${file}: ${(error as Error).message}`,
      'pass the path of a YAML or JSON file, or describe the service with flags',
    );
  }
  const { parse } = await import('yaml');
  let data: unknown;
  try {
    data = parse(text);
  } catch (error) {
    throw new UserError(`${file} is not valid YAML or JSON: ${(error as Error).message}`, 'fix the file and run again');
  }
  if (data === null || data === undefined) return {};
  if (typeof data !== 'object' || Array.isArray(data))
    throw new UserError(
      `${file} must hold a mapping of fields (type, usersMonth, budgetUsd, region, …)`,
      'see `soloops architect --help` for an example',
    );
  return data as Record<string, unknown>;
}
