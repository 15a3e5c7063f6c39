import { fillTemplate, readTemplate } from '../../core/templates.js';
import { renderTerraform } from '../terraform/index.js';
import type { KitContext, KitFile } from './kit.js';

/** Hook revisions of .pre-commit-config.yaml: full commits of release tags, read from each repository at its tag. */
export const HOOK_PINS = {
  gitleaks: { sha: '83d9cd684c87d95d656c1458ef04895a7f1cbd8e', tag: 'v8.30.1' },
  pre_commit_terraform: { sha: '581213484f4262600d17c71e272176d4eb6724a5', tag: 'v1.109.0' },
} as const;

/** One row of SECURITY.md's table: a secret of the design and its life. */
interface SecretRow {
  secret: string;
  where: string;
  readers: string;
  rotation: string;
  /** What to run first when it leaks. */
  revoke: string;
}

const has = (context: KitContext, block: string) => context.terraform.blocks.some((b) => b.block === block);

/** The secrets this design has, in the order SECURITY.md lists them. */
export function designSecrets(context: KitContext): SecretRow[] {
  const name = context.terraform.values.name ?? 'soloops';
  const rows: SecretRow[] = [];
  if (has(context, 'rds'))
    rows.push({
      secret: 'PostgreSQL master password',
      where:
        'Secrets Manager, created and owned by RDS (`manage_master_user_password = true` in main.tf); ' +
        'its ARN is the output `db_master_secret_arn`. Never in state or tfvars',
      readers:
        'the app (`secretsmanager:GetSecretValue` on that one ARN)' +
        (has(context, 'rds-proxy') ? ', and RDS Proxy through its own role' : ''),
      rotation:
        'RDS rotates it every 7 days; `aws secretsmanager rotate-secret` rotates it now. The app re-reads ' +
        'the secret when a login fails. IAM database authentication is on, to drop the password later',
      revoke:
        'The database password: ' +
        '`aws secretsmanager rotate-secret --secret-id "$(terraform output -raw db_master_secret_arn)"`.',
    });
  if (context.result.spec.type === 'ai')
    rows.push({
      secret: 'Model API keys (OpenAI, Anthropic, …), when the app calls a hosted model',
      where: `a Secrets Manager secret you create: \`aws secretsmanager create-secret --name ${name}/model-api-key\``,
      readers:
        'the app, at cold start, with `secretsmanager:GetSecretValue` on that ARN; not an environment variable, ' +
        'which ReadOnlyAccess (the plan role) can read',
      rotation: 'a new key at the provider every 90 days and on a leak: `put-secret-value`, redeploy, delete the old',
      revoke:
        'A model API key: delete it in the provider’s console, then ' +
        `\`aws secretsmanager put-secret-value --secret-id ${name}/model-api-key --secret-string file://new-key.txt\`.`,
    });
  if (has(context, 'hybrid'))
    rows.push({
      secret: 'AWS credentials of your GPU worker (outside AWS)',
      where:
        'on the worker machine only: an IAM Roles Anywhere certificate (best: credentials last an hour), or the ' +
        `access key of a user that has only the \`${name}-gpu-worker\` policy`,
      readers: 'the worker, to consume the job queue',
      rotation: 'an access key every 90 days: create the second key, switch the worker, delete the first',
      revoke:
        'An AWS access key (yours or the worker’s): `aws iam update-access-key --user-name <user> ' +
        '--access-key-id <id> --status Inactive`, then `aws iam delete-access-key` once a new key works.',
    });
  else
    rows.push({
      secret: 'Any AWS access key of a person',
      where: 'your machine’s `~/.aws` or, better, IAM Identity Center sessions; never in this folder or in GitHub',
      readers: 'you, for the first apply and for break-glass changes',
      rotation: 'every 90 days, or short-lived Identity Center sessions instead of keys',
      revoke:
        'An AWS access key: `aws iam update-access-key --user-name <user> --access-key-id <id> --status Inactive`, ' +
        'then `aws iam delete-access-key` once a new key works.',
    });
  rows.push(
    {
      secret: 'soloops webhook token (`SOLOOPS_WEBHOOK_TOKEN`)',
      where:
        'the environment of `soloops watch`, named in soloops.yaml as `{ env: SOLOOPS_WEBHOOK_TOKEN }`, and of each ' +
        'sender that uses it. The CloudWatch alerts of this design need none: SNS signs them',
      readers: '`soloops watch`, and the senders (as an `Authorization: Bearer` header, never `?token=` in a URL)',
      rotation: 'when someone with access leaves, and on a leak: a new value on both sides, restart `soloops watch`',
      revoke: 'The soloops webhook token: a new `SOLOOPS_WEBHOOK_TOKEN`, restart `soloops watch`, update the senders.',
    },
    {
      secret: 'AWS credentials of CI',
      where:
        "none stored: GitHub's OIDC token buys one-hour credentials of " +
        `\`${name}-ci-plan\` or \`${name}-ci-apply\``,
      readers: '.github/workflows/terraform.yml',
      rotation: 'nothing to rotate: each run’s credentials expire within the hour',
      revoke:
        'A CI role used by someone else: IAM console → the role → Revoke active sessions (denies every session ' +
        'issued before now), then check its trust policy names only your repository.',
    },
  );
  return rows;
}

const cell = (text: string) => text.replace(/\|/g, '\\|');

/** Where the app's own secrets go, for the compute this design runs. */
function appSecrets(context: KitContext): string {
  const how = has(context, 'ecs')
    ? 'put each in Secrets Manager and reference it from the task definition’s `secrets` (`valueFrom` = the ' +
      'ARN): ECS injects it at start, and only the task execution role may read it'
    : has(context, 'lambda')
      ? 'put each in Secrets Manager and read it at cold start with the AWS SDK (or the Parameters and Secrets ' +
        'Lambda extension), granting the function `secretsmanager:GetSecretValue` on those ARNs only'
      : has(context, 'asg') || has(context, 'gpu')
        ? 'put each in Secrets Manager and read it at boot through the instance role, granted ' +
          '`secretsmanager:GetSecretValue` on those ARNs only'
        : 'this design runs no code of yours on AWS; keep build-time tokens (deploy keys, analytics) in GitHub ' +
          'Actions secrets or Secrets Manager';
  return (
    `Your app’s own secrets (session keys, third-party tokens): ${how}. ` +
    'Never in tfvars, in a plain environment variable of the task or function, or in Git.'
  );
}

/** The state section: this design's backend, or how to add one. */
function stateSection(context: KitContext): string {
  const versions = renderTerraform(context.result)['versions.tf'];
  if (/^\s*backend\s+"/m.test(versions))
    return (
      'State is kept in the backend of versions.tf. It is sensitive: keep that bucket private, ' +
      'encrypted and versioned.'
    );
  const { name, region } = context.terraform.values;
  return [
    'This design has no remote backend yet: state stays in `terraform.tfstate` next to the code, which CI',
    'cannot share (the apply job refuses to run without a backend). State holds resource settings, and any',
    'secret a resource returns, so create a private S3 bucket for it (versioning on, public access blocked,',
    'encryption on, readable only by the two CI roles and administrators) and add `backend.tf`:',
    '',
    '```hcl',
    'terraform {',
    '  backend "s3" {',
    '    bucket       = "<your-state-bucket>"',
    `    key          = "${name}/terraform.tfstate"`,
    `    region       = "${region}"`,
    '    encrypt      = true',
    '    use_lockfile = true # S3 lock file, Terraform 1.10 or later',
    '  }',
    '}',
    '```',
    '',
    'Then `terraform init -migrate-state`, and set `state_bucket = "<your-state-bucket>"` so the plan role may',
    'take the lock. Never commit `terraform.tfstate` or `terraform.tfvars`: add both to `.gitignore`.',
  ].join('\n');
}

/** SECURITY.md: this design's secrets, CI access, state, the leak playbook and the hooks. */
export function securityMarkdown(context: KitContext): string {
  const rows = designSecrets(context);
  return fillTemplate(
    readTemplate('architect/security.md.tmpl'),
    {
      name: context.terraform.values.name ?? 'soloops',
      region: context.result.spec.region,
      secrets_rows: rows
        .map((r) => `| ${[r.secret, r.where, r.readers, r.rotation].map(cell).join(' | ')} |`)
        .join('\n'),
      app_secrets: appSecrets(context),
      state: stateSection(context),
      revoke_steps: rows.map((r) => `   - ${r.revoke}`).join('\n'),
    },
    'SECURITY.md',
  );
}

export const securityFile: KitFile = {
  path: 'SECURITY.md',
  purpose: 'where each secret lives, its rotation, CI access through OIDC, and what to do when one leaks',
  render: securityMarkdown,
};

export const gitleaksFile: KitFile = {
  path: '.gitleaks.toml',
  purpose: 'gitleaks rules: the defaults plus the soloops webhook token; only the tfvars example is allowed',
  render: () => readTemplate('architect/gitleaks.toml.tmpl'),
};

export const preCommitFile: KitFile = {
  path: '.pre-commit-config.yaml',
  purpose: 'pre-commit hooks: gitleaks and terraform fmt before every commit',
  render: () =>
    fillTemplate(
      readTemplate('architect/pre-commit-config.yaml.tmpl'),
      {
        gitleaks_sha: HOOK_PINS.gitleaks.sha,
        gitleaks_tag: HOOK_PINS.gitleaks.tag,
        pre_commit_terraform_sha: HOOK_PINS.pre_commit_terraform.sha,
        pre_commit_terraform_tag: HOOK_PINS.pre_commit_terraform.tag,
      },
      '.pre-commit-config.yaml',
    ),
};
