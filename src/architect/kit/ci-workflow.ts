import { fillTemplate, readTemplate } from '../../core/templates.js';
import { renderTerraform } from '../terraform/index.js';
import { TERRAFORM_REQUIRED_VERSION } from '../terraform/modules.js';
import type { KitContext, KitFile } from './kit.js';

/**
 * Every action the workflow uses, pinned to the full commit of a release tag (the tag follows as a
 * comment) so a moved or hijacked tag cannot change what runs with the AWS role. Each commit was read
 * from the action's own repository at that tag; bump them together with their tags.
 */
export const ACTION_PINS = {
  checkout: { uses: 'actions/checkout', sha: '3d3c42e5aac5ba805825da76410c181273ba90b1', tag: 'v7.0.1' },
  setup_terraform: {
    uses: 'hashicorp/setup-terraform',
    sha: 'dfe3c3f87815947d99a8997f908cb6525fc44e9e',
    tag: 'v4.0.1',
  },
  checkov: { uses: 'bridgecrewio/checkov-action', sha: '59b9d7edfcad5b87fbe3f473a9a134a721ad03f8', tag: 'v12.3119.0' },
  configure_aws_credentials: {
    uses: 'aws-actions/configure-aws-credentials',
    sha: 'e6de054238d6b7531b4efff3b6587d9aade6a06c',
    tag: 'v6.2.3',
  },
} as const;

// Set by the workflow itself from the run, so it needs no repository variable.
const FROM_RUN: Record<string, string> = { github_repository: '${{ github.repository }}' };

/** Variables of the rendered Terraform with no default: CI must supply each one, or plan stops to ask. */
export function requiredVariables(variablesTf: string): string[] {
  const names: string[] = [];
  for (const block of variablesTf.split(/^(?=variable ")/m)) {
    const name = /^variable "(\w+)"/.exec(block)?.[1];
    if (name && !/^\s+default\s+=/m.test(block)) names.push(name);
  }
  return names;
}

/** `.github/workflows/terraform.yml`: checks and a read-only plan on pull requests, apply on main via OIDC. */
export function terraformWorkflow(context: KitContext, tfDir = context.outDir): string {
  const required = requiredVariables(renderTerraform(context.result)['variables.tf']);
  // Values that are not secrets (URLs, image names) come from repository variables, never from secrets.
  const fromVars = required.filter((name) => !(name in FROM_RUN));
  const pins = Object.fromEntries(Object.entries(ACTION_PINS).map(([key, pin]) => [key, `${pin.sha} # ${pin.tag}`]));
  return fillTemplate(
    readTemplate('architect/terraform-workflow.yml.tmpl'),
    {
      ...pins,
      pattern: context.result.services.pattern,
      region: context.result.spec.region,
      tf_dir: tfDir,
      // node-semver, which setup-terraform uses, takes the range without Terraform's comma.
      terraform_version: TERRAFORM_REQUIRED_VERSION.replace(/,/g, '').replace(/([<>=~]+)\s+/g, '$1'),
      vars_help: fromVars.map((name) => `#   ${name.toUpperCase().padEnd(38)} your ${name} (no default)`).join('\n'),
      tf_var_env: fromVars.map((name) => `  TF_VAR_${name}: \${{ vars.${name.toUpperCase()} }}`).join('\n'),
    },
    'terraform workflow',
  );
}

export const ciWorkflowFile: KitFile = {
  path: '.github/workflows/terraform.yml',
  purpose: 'CI: fmt, validate, checkov and a read-only plan on pull requests; apply on main via OIDC',
  render: (context) => terraformWorkflow(context),
};
