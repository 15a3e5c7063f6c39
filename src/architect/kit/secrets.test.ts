import { parse as parseToml } from 'smol-toml';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { archetypes } from '../archetypes.js';
import { runChain } from '../chain.js';
import { PRICES } from '../prices.js';
import { renderTerraform } from '../terraform/index.js';
import { ciWorkflowFile } from './ci-workflow.js';
import type { KitContext } from './kit.js';
import { designSecrets, gitleaksFile, HOOK_PINS, preCommitFile, securityFile } from './secrets.js';
import { kitContext } from './index.js';

interface Rule {
  id: string;
  regex: string;
  secretGroup?: number;
  entropy?: number;
  keywords?: string[];
}
interface Gitleaks {
  extend: { useDefault: boolean };
  rules: Rule[];
  allowlists: Array<{ paths: string[] }>;
}

const contextOf = (key: string): KitContext => {
  const result = runChain(archetypes[key]!, PRICES);
  return kitContext(result, PRICES);
};

/** Shannon entropy in bits per character, as gitleaks computes it on the secret group. */
function entropy(text: string): number {
  const counts = new Map<string, number>();
  for (const ch of text) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let bits = 0;
  for (const n of counts.values()) bits -= (n / text.length) * Math.log2(n / text.length);
  return bits;
}

const config = parseToml(gitleaksFile.render(contextOf('static'))!) as unknown as Gitleaks;

/** The custom rules' findings in `text`, as gitleaks would report them (keyword, regex, entropy). */
function findings(text: string): string[] {
  const found: string[] = [];
  for (const rule of config.rules) {
    if (rule.keywords && !rule.keywords.some((k) => text.toLowerCase().includes(k))) continue;
    for (const match of text.matchAll(new RegExp(rule.regex, 'g'))) {
      const secret = match[rule.secretGroup ?? 0] ?? match[0];
      if (entropy(secret) >= (rule.entropy ?? 0)) found.push(`${rule.id}: ${secret}`);
    }
  }
  return found;
}

describe('.gitleaks.toml', () => {
  it('extends gitleaks’ default rules and allows only the Terraform example', () => {
    expect(config.extend).toEqual({ useDefault: true });
    expect(config.allowlists).toHaveLength(1);
    const paths = config.allowlists[0]!.paths.map((p) => new RegExp(p));
    expect(paths).toHaveLength(1);
    for (const allowed of ['terraform.tfvars.example', 'infra/terraform.tfvars.example'])
      expect(paths[0]!.test(allowed), allowed).toBe(true);
    for (const scanned of ['terraform.tfvars', 'main.tf', 'terraform.tfvars.example.bak', 'xterraform.tfvars.example'])
      expect(paths[0]!.test(scanned), scanned).toBe(false);
  });

  it('gives each custom rule lowercase keywords, a secret group and a Go-compatible regex', () => {
    expect(config.rules.length).toBeGreaterThan(0);
    for (const rule of config.rules) {
      for (const k of rule.keywords ?? []) expect(k).toBe(k.toLowerCase());
      // Go's RE2 has no lookaround or backreferences.
      expect(rule.regex).not.toMatch(/\(\?[=!<]|\\[1-9]/);
      expect(rule.secretGroup).toBe(1);
    }
  });

  it('catches a fake soloops webhook token in a URL or an assignment', () => {
    const fake = 'sk9Qw3ErTy7UiOp2AsDf5GhJk';
    expect(findings(`soloops_webhook_url = "https://ops.example.com:9117/v1/alerts/default?token=${fake}"`)).toEqual([
      `soloops-webhook-token-in-url: ${fake}`,
    ]);
    expect(findings(`export SOLOOPS_WEBHOOK_TOKEN=${fake}`)).toEqual([`soloops-webhook-token-value: ${fake}`]);
    expect(findings(`SOLOOPS_WEBHOOK_TOKEN: "${fake}"`)).toEqual([`soloops-webhook-token-value: ${fake}`]);
    // Low-entropy placeholders are not secrets.
    expect(findings('?token=aaaaaaaaaaaaaaaaaaaaaaaa')).toEqual([]);
  });

  it.each(Object.keys(archetypes))('finds nothing in the %s kit it ships', (key) => {
    const context = contextOf(key);
    const terraform = renderTerraform(context.result);
    expect(findings(terraform['terraform.tfvars.example'])).toEqual([]);
    for (const file of [securityFile, ciWorkflowFile, preCommitFile])
      expect(findings(file.render(context)!), file.path).toEqual([]);
    for (const [name, text] of Object.entries(terraform)) expect(findings(text), name).toEqual([]);
  });
});

describe('.pre-commit-config.yaml', () => {
  it('runs gitleaks and terraform fmt from pinned commits', () => {
    const text = preCommitFile.render(contextOf('static'))!;
    const repos = (parseYaml(text) as { repos: Array<{ repo: string; rev: string; hooks: Array<{ id: string }> }> })
      .repos;
    expect(repos.map((r) => [r.repo, r.rev, r.hooks.map((h) => h.id)])).toEqual([
      ['https://github.com/gitleaks/gitleaks', HOOK_PINS.gitleaks.sha, ['gitleaks']],
      ['https://github.com/antonbabenko/pre-commit-terraform', HOOK_PINS.pre_commit_terraform.sha, ['terraform_fmt']],
    ]);
    for (const pin of Object.values(HOOK_PINS)) {
      expect(pin.sha).toMatch(/^[0-9a-f]{40}$/);
      expect(text).toContain(`${pin.sha} # frozen: ${pin.tag}`);
    }
  });
});

describe.each(Object.keys(archetypes))('SECURITY.md: %s', (key) => {
  const context = contextOf(key);
  const text = securityFile.render(context)!;
  const secrets = designSecrets(context).map((s) => s.secret);
  const blocks = new Set(context.terraform.blocks.map((b) => b.block));

  it('lists each secret of this design with where it lives and its rotation', () => {
    const rows = text.split('\n').filter((line) => /^\| (?!Secret |---)/.test(line));
    expect(rows).toHaveLength(secrets.length);
    for (const row of rows) expect(row.split(' | ')).toHaveLength(4);
    expect(secrets.some((s) => /PostgreSQL master password/.test(s))).toBe(blocks.has('rds'));
    if (blocks.has('rds')) {
      // Only because the rds block lets RDS own the password in Secrets Manager.
      expect(renderTerraform(context.result)['main.tf']).toMatch(/manage_master_user_password\s+= true/);
      expect(text).toMatch(/db_master_secret_arn/);
    }
    expect(secrets.some((s) => /Model API keys/.test(s))).toBe(context.result.spec.type === 'ai');
    expect(secrets.some((s) => /GPU worker/.test(s))).toBe(blocks.has('hybrid'));
    expect(text).toMatch(/SOLOOPS_WEBHOOK_TOKEN/);
    expect(text).toMatch(/`soloops_webhook_url` \(the CloudWatch endpoint/);
  });

  it('has a revoke step per secret and the whole leak playbook', () => {
    for (const row of designSecrets(context)) expect(text).toContain(`   - ${row.revoke}`);
    for (const step of ['Revoke or disable it first', 'Rotate', 'Purge it from Git history', 'Check CloudTrail'])
      expect(text).toContain(step);
    expect(text).toMatch(/git filter-repo --replace-text/);
    expect(text).toMatch(/aws cloudtrail lookup-events --region /);
    expect(text).toMatch(/pre-commit install/);
  });

  it('describes the CI roles and the missing state backend', () => {
    const name = context.terraform.values.name!;
    expect(text).toContain(`${name}-ci-apply`);
    expect(text).toContain('repo:<owner/name>:ref:refs/heads/main');
    expect(text).toMatch(/PowerUserAccess/);
    expect(text).toMatch(/ReadOnlyAccess/);
    expect(text).toMatch(/backend "s3"/);
    expect(text).not.toMatch(/\{\{\w+\}\}/);
  });
});
