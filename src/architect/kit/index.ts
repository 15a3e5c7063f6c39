import type { ChainResult } from '../chain.js';
import type { PriceTable } from '../prices.js';
import { costJson, costMarkdown } from '../reports/cost.js';
import { readmeMarkdown } from '../reports/readme.js';
import { scalingMarkdown } from '../reports/scaling.js';
import { TERRAFORM_PURPOSES } from '../terraform/index.js';
import { planTerraform } from '../terraform/plan.js';
import { ciWorkflowFile } from './ci-workflow.js';
import { disasterRecoveryFile } from './disaster-recovery.js';
import type { KitContext, KitFile, KitListing } from './kit.js';
import { loadTestFile } from './load-test.js';
import { gitleaksFile, preCommitFile, securityFile } from './secrets.js';
import { postmortemFile } from './postmortem.js';
import { runbookFile } from './runbook.js';

/** `soloops architect`'s default `--out`. */
export const DEFAULT_OUT_DIR = 'infra';

export type { KitContext, KitFile, KitListing } from './kit.js';

/**
 * Every file of the day-0 kit besides the Terraform and the README, in the order the README lists
 * them. Adding a file is one module in this folder and one line here.
 */
export const KIT_FILES: KitFile[] = [
  {
    path: 'COST.md',
    purpose: 'every priced line of the monthly bill',
    render: (c) => costMarkdown(c.result, c.prices),
  },
  {
    path: 'cost.json',
    purpose: 'the same cost report for scripts and CI',
    render: (c) => costJson(c.result, c.prices),
  },
  {
    path: 'SCALING.md',
    purpose: 'phases from day 0 to 1M users: triggers, variable changes, cost per user',
    render: (c) => scalingMarkdown(c.result, c.prices),
  },
  disasterRecoveryFile,
  runbookFile,
  postmortemFile,
  securityFile,
  ciWorkflowFile,
  gitleaksFile,
  preCommitFile,
  loadTestFile,
];

/** What the kit's files are rendered from, for one plan. */
export function kitContext(result: ChainResult, prices: PriceTable, outDir = DEFAULT_OUT_DIR): KitContext {
  return { result, prices, terraform: planTerraform(result), outDir };
}

/** The kit's files by path, and the list of every file the plan writes (Terraform included) with its purpose. */
export interface RenderedKit {
  files: Record<string, string>;
  listing: KitListing[];
}

/** The kit for one plan: the README, which lists every file the plan writes, and each registered file it needs. */
export function renderKit(result: ChainResult, prices: PriceTable, outDir = DEFAULT_OUT_DIR): RenderedKit {
  const context = kitContext(result, prices, outDir);
  const files: Record<string, string> = {};
  const listing: KitListing[] = [
    { path: 'README.md', purpose: 'this file: the design, why, how to apply it and what each file is for' },
    ...Object.entries(TERRAFORM_PURPOSES).map(([path, purpose]) => ({ path, purpose })),
  ];
  for (const file of KIT_FILES) {
    const text = file.render(context);
    if (text === null) continue;
    files[file.path] = text;
    listing.push({ path: file.path, purpose: file.purpose });
  }
  const backups = context.terraform.blocks.some((use) => use.block === 'backup');
  return { files: { 'README.md': readmeMarkdown(result, listing, { backups }), ...files }, listing };
}
