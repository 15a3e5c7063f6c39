import type { ChainResult } from '../chain.js';
import type { PriceTable } from '../prices.js';
import type { TerraformPlan } from '../terraform/plan.js';

/** What every file of the day-0 kit is rendered from. */
export interface KitContext {
  result: ChainResult;
  /** The table `result` was priced with (SCALING.md and the ROI re-price with it). */
  prices: PriceTable;
  /** The Terraform partials and values of the design, to name the variables and resources it has. */
  terraform: TerraformPlan;
  /**
   * The output folder relative to the repository root as the person named it (`--out`, default
   * `infra`); `.` when it is the root. The CI workflow runs Terraform there.
   */
  outDir: string;
}

/** One file `architect` writes besides the Terraform itself. */
export interface KitFile {
  /** Path relative to the output folder, `/`-separated, e.g. `.github/workflows/terraform.yml`. */
  path: string;
  /** One line for the generated README's file list: what the file is for. */
  purpose: string;
  /** Its contents for this plan, or null when the plan does not need it. */
  render: (context: KitContext) => string | null;
}

/** A file the plan writes and its one-line purpose, for the README's list and `--dry-run`. */
export interface KitListing {
  path: string;
  purpose: string;
}
