import { fillTemplate, readOptionalTemplate, readTemplate } from '../../core/templates.js';
import type { ChainResult } from '../chain.js';
import { AWS_PROVIDER_VERSION, MODULES, moduleValues, modulesUsedBy, TERRAFORM_REQUIRED_VERSION } from './modules.js';
import { planTerraform, type BlockUse } from './plan.js';

export { MODULES } from './modules.js';
export { planTerraform, type TerraformPlan } from './plan.js';

/** The files `renderTerraform` writes, by name. */
export const TERRAFORM_FILES = [
  'versions.tf',
  'main.tf',
  'variables.tf',
  'outputs.tf',
  'terraform.tfvars.example',
] as const;
export type TerraformFile = (typeof TERRAFORM_FILES)[number];

/** One line per Terraform file for the generated README's file list. */
export const TERRAFORM_PURPOSES: Record<TerraformFile, string> = {
  'versions.tf': 'Terraform and AWS provider versions, providers, and the registry modules pinned',
  'main.tf': 'every resource and module of the design',
  'variables.tf': 'the inputs you tune: sizes, limits, alarm address, deletion protection',
  'outputs.tf': 'addresses and names you need after apply',
  'terraform.tfvars.example': 'copy to terraform.tfvars and set your values',
};

// Each building block is a partial per output file; only blocks/ is required, the others are optional
// because many blocks add resources but no inputs or outputs.
const PARTS: Record<Exclude<TerraformFile, 'versions.tf'>, (block: string) => string> = {
  'main.tf': (b) => `terraform/blocks/${b}.tf.tmpl`,
  'variables.tf': (b) => `terraform/variables/${b}.tf.tmpl`,
  'outputs.tf': (b) => `terraform/outputs/${b}.tf.tmpl`,
  'terraform.tfvars.example': (b) => `terraform/tfvars/${b}.tfvars.tmpl`,
};

/**
 * Terraform for the design the chain chose, as file name → contents, already in `terraform fmt`
 * style. Pure apart from reading the shipped templates; the caller decides where to write it.
 */
export function renderTerraform(result: ChainResult): Record<TerraformFile, string> {
  const plan = planTerraform(result);
  const base = { ...plan.values, ...moduleValues() };
  const render = (path: (block: string) => string, required: boolean) =>
    plan.blocks.flatMap((use: BlockUse) => {
      const template = required ? readTemplate(path(use.block)) : readOptionalTemplate(path(use.block));
      return template === null
        ? []
        : [{ template, text: fillTemplate(template, { ...base, ...use.values }, `terraform ${use.block}`) }];
    });
  const main = render(PARTS['main.tf'], true);
  // A block used twice (WAF at the edge and at the ALB) declares its variables and outputs once.
  const once = (parts: Array<{ text: string }>) => [...new Set(parts.map((p) => p.text))];
  const join = (texts: string[]) => texts.join('\n');
  const pins = modulesUsedBy(main.map((p) => p.template)).map(
    (key) => `#   ${MODULES[key].source.padEnd(40)} ${MODULES[key].version}`,
  );
  const versions = fillTemplate(
    readTemplate('terraform/versions.tf.tmpl'),
    {
      ...base,
      terraform_version: TERRAFORM_REQUIRED_VERSION,
      aws_version: AWS_PROVIDER_VERSION,
      module_pins: pins.join('\n'),
    },
    'terraform versions',
  );
  return {
    'versions.tf': versions,
    'main.tf': join(main.map((p) => p.text)),
    'variables.tf': join(once(render(PARTS['variables.tf'], false))),
    'outputs.tf': join(once(render(PARTS['outputs.tf'], false))),
    'terraform.tfvars.example': join(once(render(PARTS['terraform.tfvars.example'], false))),
  };
}
