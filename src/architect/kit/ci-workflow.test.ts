import { validateWorkflow } from '@action-validator/core';
import { parse as parseHcl } from '@cdktf/hcl2json';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { archetypes } from '../archetypes.js';
import { runChain } from '../chain.js';
import { PRICES } from '../prices.js';
import { renderTerraform } from '../terraform/index.js';
import { ACTION_PINS, ciWorkflowFile, requiredVariables } from './ci-workflow.js';
import { DEFAULT_OUT_DIR, kitContext } from './index.js';
import type { KitContext } from './kit.js';

// biome-ignore lint/suspicious/noExplicitAny: parsed YAML and HCL, walked by known paths; expect() checks each leaf
type Any = any;

const contextOf = (key: string): KitContext => {
  const result = runChain(archetypes[key]!, PRICES);
  return kitContext(result, PRICES);
};
const stepsUsing = (job: Any, action: string): Any[] =>
  job.steps.filter((s: Any) => typeof s.uses === 'string' && s.uses.startsWith(`${action}@`));
const runs = (job: Any): string => job.steps.map((s: Any) => s.run ?? '').join('\n');

describe.each(Object.keys(archetypes))('terraform workflow: %s', (key) => {
  const context = contextOf(key);
  const text = ciWorkflowFile.render(context)!;
  const workflow = parseYaml(text) as Any;
  const { check, plan, apply } = workflow.jobs;

  it('is a valid GitHub workflow by the official schema', () => {
    expect(validateWorkflow(text).errors).toEqual([]);
  });

  it('checks every pull request and every push to main', () => {
    expect(workflow.on).toEqual({ pull_request: null, push: { branches: ['main'] } });
    expect(workflow.permissions).toEqual({ contents: 'read' });
    expect(workflow.concurrency.group).toContain('${{ github.ref }}');
    expect(Object.keys(workflow.jobs)).toEqual(['check', 'plan', 'apply']);
    expect(check.if).toBeUndefined();
    expect(runs(check)).toMatch(/terraform fmt -check/);
    expect(runs(check)).toMatch(/terraform init -backend=false\n\s*terraform validate/);
    const [checkov] = stepsUsing(check, 'bridgecrewio/checkov-action');
    expect(checkov.with).toMatchObject({ directory: '${{ env.TF_DIR }}', soft_fail: false });
  });

  it('runs Terraform in TF_DIR, the default output folder', () => {
    expect(workflow.env.TF_DIR).toBe(DEFAULT_OUT_DIR);
    for (const job of [check, plan, apply]) expect(job.defaults.run['working-directory']).toBe('${{ env.TF_DIR }}');
    expect(text).toMatch(/set "\." if the Terraform is at the root/);
  });

  it('plans pull requests with the read-only role and posts the plan as the job summary', () => {
    expect(plan.if).toBe("github.event_name == 'pull_request'");
    expect(plan.needs).toBe('check');
    expect(plan.permissions).toEqual({ 'id-token': 'write', contents: 'read' });
    expect(stepsUsing(plan, 'aws-actions/configure-aws-credentials')[0].with['role-to-assume']).toBe(
      '${{ vars.AWS_PLAN_ROLE_ARN }}',
    );
    expect(runs(plan)).toMatch(/terraform plan .*-out=tfplan/);
    expect(runs(plan)).toMatch(/terraform show -no-color tfplan[^\n]*\n[\s\S]*>> "\$GITHUB_STEP_SUMMARY"/);
    expect(runs(plan)).not.toMatch(/terraform apply/);
  });

  it('applies only on a push to main, through OIDC and the production environment', () => {
    expect(apply.if).toBe("github.event_name == 'push' && github.ref == 'refs/heads/main'");
    expect(apply.environment).toBe('production');
    expect(apply.permissions).toEqual({ 'id-token': 'write', contents: 'read' });
    const [credentials] = stepsUsing(apply, 'aws-actions/configure-aws-credentials');
    expect(credentials.with['role-to-assume']).toBe('${{ vars.AWS_APPLY_ROLE_ARN }}');
    expect(runs(apply)).toMatch(/terraform apply [^\n]*tfplan/);
    // Without a remote backend an apply on a runner would lose its state: the job stops first.
    expect(runs(apply)).toMatch(/backend[\s\S]*exit 1/);
  });

  it('holds no long-lived key, and pins every action to a full commit', () => {
    expect(text).not.toMatch(/aws-access-key-id|aws-secret-access-key|AWS_SECRET_ACCESS_KEY|secrets\./);
    const uses = [...text.matchAll(/uses: ([^\s@]+)@(\S+)(?: # (\S+))?/g)];
    expect(uses.length).toBeGreaterThanOrEqual(8);
    for (const [, action, ref, tag] of uses) {
      expect(ref, action).toMatch(/^[0-9a-f]{40}$/);
      const pin = Object.values(ACTION_PINS).find((p) => p.uses === action);
      expect(pin, action).toBeDefined();
      expect([ref, tag]).toEqual([pin!.sha, pin!.tag]);
    }
  });

  it('supplies every Terraform variable without a default from the run or a repository variable', () => {
    const required = requiredVariables(renderTerraform(context.result)['variables.tf']);
    expect(required).toEqual(expect.arrayContaining(['github_repository', 'soloops_webhook_url']));
    expect(workflow.env.TF_VAR_github_repository).toBe('${{ github.repository }}');
    for (const name of required.filter((n) => n !== 'github_repository'))
      expect(workflow.env[`TF_VAR_${name}`], name).toBe(`\${{ vars.${name.toUpperCase()} }}`);
    expect(workflow.env.AWS_REGION).toBe(context.result.spec.region);
  });
});

it('finds the variables without a default', () => {
  const hcl = `variable "a" {
  type = string
}

variable "b" {
  type    = number
  default = 1
}

variable "c" {
  description = "no default here, only in the description: default = 2"
}
`;
  expect(requiredVariables(hcl)).toEqual(['a', 'c']);
});

describe.each(Object.keys(archetypes))('GitHub OIDC roles: %s', (key) => {
  const files = renderTerraform(runChain(archetypes[key]!, PRICES));

  it('lets only main (or its production environment) apply, and only pull requests plan', async () => {
    const main = (await parseHcl('main.tf', files['main.tf'])) as Any;
    const provider = main.resource.aws_iam_openid_connect_provider.github[0];
    expect(provider).toMatchObject({
      url: 'https://token.actions.githubusercontent.com',
      client_id_list: ['sts.amazonaws.com'],
      count: '${var.create_github_oidc_provider ? 1 : 0}',
    });
    const trust = (name: string) => {
      const [statement] = main.data.aws_iam_policy_document[name][0].statement;
      expect(statement.actions).toEqual(['sts:AssumeRoleWithWebIdentity']);
      expect(statement.principals[0]).toEqual({
        type: 'Federated',
        identifiers: ['${local.github_oidc_provider_arn}'],
      });
      const condition = (variable: string) =>
        statement.condition.find((c: Any) => c.variable === `token.actions.githubusercontent.com:${variable}`);
      expect(condition('aud')).toMatchObject({ test: 'StringEquals', values: ['sts.amazonaws.com'] });
      expect(condition('sub').test).toBe('StringEquals');
      return condition('sub').values as string[];
    };
    expect(trust('ci_apply_trust')).toEqual([
      'repo:${local.github_owner}/${local.github_repo}:ref:refs/heads/main',
      'repo:${local.github_owner}/${local.github_repo}:environment:production',
    ]);
    expect(trust('ci_plan_trust')).toEqual(['repo:${local.github_owner}/${local.github_repo}:pull_request']);
    // Owner and name come from the one github_repository variable.
    expect(Object.assign({}, ...main.locals)).toMatchObject({
      github_owner: '${split("/", var.github_repository)[0]}',
      github_repo: '${split("/", var.github_repository)[1]}',
    });
    expect(main.resource.aws_iam_role.ci_apply[0].assume_role_policy).toBe(
      '${data.aws_iam_policy_document.ci_apply_trust.json}',
    );
    expect(main.resource.aws_iam_role.ci_plan[0].assume_role_policy).toBe(
      '${data.aws_iam_policy_document.ci_plan_trust.json}',
    );
    const attached = (role: string) =>
      Object.values(main.resource.aws_iam_role_policy_attachment)
        .flat()
        .filter((a: Any) => a.role === `\${aws_iam_role.${role}.name}`)
        .map((a: Any) => a.policy_arn);
    expect(attached('ci_plan')).toEqual(['arn:aws:iam::aws:policy/ReadOnlyAccess']);
    expect(attached('ci_apply')).toEqual(['arn:aws:iam::aws:policy/PowerUserAccess']);
    expect(files['main.tf']).not.toMatch(/policy\/AdministratorAccess"\s*$/m);
    const deny = main.data.aws_iam_policy_document.ci_apply_iam[0].statement.find((s: Any) => s.effect === 'Deny');
    expect(deny.condition[0].values).toContain('arn:aws:iam::aws:policy/AdministratorAccess');
  });

  it('validates github_repository as owner/name', async () => {
    const variables = (await parseHcl('variables.tf', files['variables.tf'])) as Any;
    const variable = variables.variable.github_repository[0];
    expect(variable.default).toBeUndefined();
    const condition = String(variable.validation[0].condition);
    const pattern = new RegExp(/regex\("(.+)", var\.github_repository\)/.exec(condition)![1]!.replace(/\\\\/g, '\\'));
    for (const ok of ['octo-org/my-app', 'me/site.example.com']) expect(ok).toMatch(pattern);
    for (const bad of ['my-app', 'https://github.com/a/b', 'a/b/c', 'a/b:ref']) expect(bad).not.toMatch(pattern);
    expect(variables.variable.create_github_oidc_provider[0]).toMatchObject({ type: '${bool}', default: true });
  });
});
