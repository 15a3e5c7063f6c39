import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from '@cdktf/hcl2json';
import { describe, expect, it } from 'vitest';
import { archetypes } from '../../archetypes.js';
import { runChain } from '../../chain.js';
import { renderTerraform } from '../index.js';
import {
  type Condition,
  evaluatePolicy,
  type PolicyFile,
  type PolicyRule,
  parseRules,
  type TerraformJson,
} from './policy.js';

// checkov, tfsec and trivy cannot be installed here: these rules, each named by the checkov check it
// mirrors, stand in for `checkov -d infra` on every archetype's Terraform.
const here = path.dirname(fileURLToPath(import.meta.url));
const rules = parseRules(JSON.parse(readFileSync(path.join(here, 'checkov-rules.json'), 'utf8')));

async function files(sources: Record<string, string>): Promise<PolicyFile[]> {
  const out: PolicyFile[] = [];
  for (const [name, text] of Object.entries(sources))
    out.push({ name, text, parsed: (await parse(name, text)) as TerraformJson });
  return out;
}

async function archetypeFiles(key: string): Promise<PolicyFile[]> {
  const rendered = renderTerraform(runChain(archetypes[key]!));
  return files({ 'main.tf': rendered['main.tf'], 'variables.tf': rendered['variables.tf'] });
}

describe('checkov-rules.json', () => {
  it('names every rule by a unique checkov AWS id and a title', () => {
    const ids = rules.map((r) => r.id);
    for (const rule of rules) {
      expect(rule.id).toMatch(/^CKV2?_AWS_\d+$/);
      expect(rule.title.length, rule.id).toBeGreaterThan(10);
      expect(rule.targets.length, rule.id).toBeGreaterThan(0);
    }
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe.each(Object.keys(archetypes))('policy: %s', (key) => {
  it('passes every applicable rule, or skips it inline with a reason', async () => {
    const results = evaluatePolicy(rules, await archetypeFiles(key));
    const applicable = results.filter((r) => r.results.length > 0);
    const all = applicable.flatMap((r) => r.results.map((b) => ({ id: r.id, title: r.title, ...b })));
    const failed = all.filter((b) => b.status === 'failed').map((b) => `${b.id} ${b.address}: ${b.title}`);
    expect(failed).toEqual([]);
    for (const skip of all.filter((b) => b.status === 'skipped'))
      expect(skip.reason!.length, `${skip.id} ${skip.address} skip reason`).toBeGreaterThan(15);
    const count = (status: string) => all.filter((b) => b.status === status).length;
    console.log(
      `policy ${key}: ${applicable.length} rules applicable, ${all.length} checks: ` +
        `${count('passed')} passed, ${count('skipped')} skipped`,
    );
  });
});

// The module-input paths must reach what the templates write: flipping one setting in a rendered
// archetype makes its rule fail there.
const mutations: Array<[string, string, string, string]> = [
  ['game', 'http_tokens                 = "required"', 'http_tokens = "optional"', 'CKV_AWS_79'],
  ['webWithDb', 'storage_encrypted     = true', 'storage_encrypted = false', 'CKV_AWS_16'],
  ['webWithDb', 'publicly_accessible    = false', 'publicly_accessible = true', 'CKV_AWS_17'],
  ['webWithDb', 'transit_encryption_enabled = true', 'transit_encryption_enabled = false', 'CKV_AWS_30'],
  ['webWithDb', 'readonly_root_filesystem = true', 'readonly_root_filesystem = false', 'CKV_AWS_336'],
  ['webWithDb', 'drop_invalid_header_fields = true', 'drop_invalid_header_fields = false', 'CKV_AWS_131'],
  ['webWithDb', 'enable_flow_log                                 = true', 'enable_flow_log = false', 'CKV2_AWS_11'],
  ['webWithDb', 'block_public_policy      = true', 'block_public_policy = false', 'CKV_AWS_54'],
  ['webWithDb', 'viewer_protocol_policy = "redirect-to-https"', 'viewer_protocol_policy = "allow-all"', 'CKV_AWS_34'],
  ['webWithDb', 'cidr_ipv4   = module.vpc.vpc_cidr_block', 'cidr_ipv4 = "0.0.0.0/0"', 'CKV_AWS_382'],
  ['serverlessApi', 'tracing_mode                      = "Active"', 'tracing_mode = null', 'CKV_AWS_50'],
  ['aiGpu', 'sqs_managed_sse_enabled    = true', 'sqs_managed_sse_enabled = false', 'CKV_AWS_27'],
  [
    'game',
    'point_in_time_recovery {\n    enabled = true',
    'point_in_time_recovery {\n    enabled = false',
    'CKV_AWS_28',
  ],
  ['static', 'actions   = ["s3:GetObject"]', 'actions   = ["*"]', 'CKV_AWS_49'],
];

describe('rules reach what the templates write', () => {
  it.each(mutations)('%s: %s → %s fails %s', async (key, from, to, id) => {
    const policyFiles = await archetypeFiles(key);
    const main = policyFiles[0]!;
    expect(main.text, 'the setting the mutation flips').toContain(from);
    const mutated = await files({ 'main.tf': main.text.replace(from, to), 'variables.tf': policyFiles[1]!.text });
    const result = evaluatePolicy(rules, mutated).find((r) => r.id === id)!;
    expect(result.results.map((b) => b.status)).toContain('failed');
  });
});

/** One rule against one snippet: the statuses of the blocks it targets. */
async function statuses(condition: Condition, targets: string[], text: string, extra = ''): Promise<string[]> {
  const rule: PolicyRule = { id: 'CKV_AWS_0', title: 'unit', targets, condition };
  const [result] = evaluatePolicy([rule], await files({ 'main.tf': text, 'variables.tf': extra }));
  return result!.results.map((r) => r.status);
}

describe('evaluatePolicy condition kinds', () => {
  const bucket = (body: string) => `resource "aws_s3_bucket_public_access_block" "b" {\n${body}\n}\n`;

  it('equals: fails on another value and when absent without a default; resolves var defaults', async () => {
    const c = { equals: 'block_public_acls', value: true };
    expect(await statuses(c, ['aws_s3_bucket_public_access_block'], bucket('block_public_acls = true'))).toEqual([
      'passed',
    ]);
    expect(await statuses(c, ['aws_s3_bucket_public_access_block'], bucket('block_public_acls = false'))).toEqual([
      'failed',
    ]);
    expect(await statuses(c, ['aws_s3_bucket_public_access_block'], bucket('bucket = "x"'))).toEqual(['failed']);
    const withVar = bucket('block_public_acls = var.block');
    const off = 'variable "block" {\n  default = false\n}\n';
    expect(await statuses(c, ['aws_s3_bucket_public_access_block'], withVar, off)).toEqual(['failed']);
    expect(await statuses({ ...c, default: true }, ['aws_s3_bucket_public_access_block'], bucket('x = 1'))).toEqual([
      'passed',
    ]);
  });

  it('atLeast: fails below the bound and when absent', async () => {
    const c = { atLeast: 'backup_retention_period', value: 1 };
    const db = (v: string) => `resource "aws_db_instance" "d" {\n${v}\n}\n`;
    expect(await statuses(c, ['aws_db_instance'], db('backup_retention_period = 7'))).toEqual(['passed']);
    expect(await statuses(c, ['aws_db_instance'], db('backup_retention_period = 0'))).toEqual(['failed']);
    expect(await statuses(c, ['aws_db_instance'], db('engine = "postgres"'))).toEqual(['failed']);
  });

  it('exists: fails when absent, null or false', async () => {
    const c = { exists: 'kms_master_key_id' };
    const topic = (v: string) => `resource "aws_sns_topic" "t" {\n${v}\n}\n`;
    expect(await statuses(c, ['aws_sns_topic'], topic('kms_master_key_id = "alias/aws/sns"'))).toEqual(['passed']);
    expect(await statuses(c, ['aws_sns_topic'], topic('kms_master_key_id = null'))).toEqual(['failed']);
    expect(await statuses(c, ['aws_sns_topic'], topic('name = "t"'))).toEqual(['failed']);
  });

  it('contains and notContains: IAM statements with "*" actions fail, Deny statements are ignored', async () => {
    const doc = (effect: string, actions: string) =>
      `data "aws_iam_policy_document" "p" {\n  statement {\n    effect    = "${effect}"\n` +
      `    actions   = ${actions}\n    resources = ["arn:aws:s3:::b"]\n  }\n}\n`;
    const c: Condition = {
      each: 'statement',
      where: { not: { equals: 'effect', value: 'Deny' } },
      check: { notContains: 'actions', value: '*' },
    };
    const t = ['data.aws_iam_policy_document'];
    expect(await statuses(c, t, doc('Allow', '["s3:GetObject"]'))).toEqual(['passed']);
    expect(await statuses(c, t, doc('Allow', '["*"]'))).toEqual(['failed']);
    expect(await statuses(c, t, doc('Deny', '["*"]'))).toEqual(['passed']);
    const has = { contains: 'statement.actions', value: 's3:GetObject' };
    expect(await statuses(has, t, doc('Allow', '["s3:PutObject"]'))).toEqual(['failed']);
  });

  it('matches: GitHub OIDC trust fails on a wildcard or unresolvable repository, passes on owner/name', async () => {
    const sub = '^token\\.actions\\.githubusercontent\\.com:sub$';
    const c: Condition = {
      each: 'statement',
      where: { contains: 'actions', value: 'sts:AssumeRoleWithWebIdentity' },
      check: {
        allOf: [
          { matches: 'condition.variable', pattern: sub },
          {
            each: 'condition',
            where: { matches: 'variable', pattern: sub },
            check: { each: 'values', check: { matches: '', pattern: '^repo:[\\w.-]+/[^/:*]+' } },
          },
        ],
      },
    };
    const trust = (value: string, extra = '') =>
      `data "aws_iam_policy_document" "t" {\n  statement {\n    actions = ["sts:AssumeRoleWithWebIdentity"]\n` +
      `    condition {\n      test = "StringEquals"\n      variable = "token.actions.githubusercontent.com:sub"\n` +
      `      values = ["${value}"]\n    }\n${extra}  }\n}\n`;
    const t = ['data.aws_iam_policy_document'];
    expect(await statuses(c, t, trust('repo:acme/app:ref:refs/heads/main'))).toEqual(['passed']);
    expect(await statuses(c, t, trust('repo:acme/*'))).toEqual(['failed']);
    expect(await statuses(c, t, trust('repo:${var.repo}:pull_request'))).toEqual(['failed']);
    const repo = 'variable "repo" {\n  default = "acme/app"\n}\n';
    expect(await statuses(c, t, trust('repo:${var.repo}:pull_request'), repo)).toEqual(['passed']);
  });

  it('blockPresent: fails when the nested block is missing', async () => {
    const c = { blockPresent: 'rule' };
    const acl = (v: string) => `resource "aws_wafv2_web_acl" "w" {\n  name = "w"\n${v}\n}\n`;
    expect(await statuses(c, ['aws_wafv2_web_acl'], acl('  rule {\n    name = "r"\n  }'))).toEqual(['passed']);
    expect(await statuses(c, ['aws_wafv2_web_acl'], acl(''))).toEqual(['failed']);
  });

  it('connected: fails when nothing references the block', async () => {
    const c = { connected: ['aws_wafv2_web_acl_association'], via: 'resource_arn' };
    const lb = 'resource "aws_lb" "a" {\n  name = "a"\n}\n';
    const assoc =
      'resource "aws_wafv2_web_acl_association" "x" {\n  resource_arn = aws_lb.a.arn\n  web_acl_arn = "w"\n}\n';
    const other = 'resource "aws_wafv2_web_acl_association" "x" {\n  resource_arn = aws_lb.ab.arn\n}\n';
    expect(await statuses(c, ['aws_lb'], lb + assoc)).toEqual(['passed']);
    expect(await statuses(c, ['aws_lb'], lb)).toEqual(['failed']);
    expect(await statuses(c, ['aws_lb'], lb + other)).toEqual(['failed']);
  });

  it('portOutside with each: a world-open rule on the port fails, module rule maps included', async () => {
    const world = { equals: 'cidr_ipv4', value: '0.0.0.0/0' };
    const c: Condition = { each: '', where: world, check: { portOutside: 22 } };
    const rule = (cidr: string, from: number, to: number) =>
      `resource "aws_vpc_security_group_ingress_rule" "r" {\n  ip_protocol = "tcp"\n  cidr_ipv4 = "${cidr}"\n` +
      `  from_port = ${from}\n  to_port = ${to}\n}\n`;
    const t = ['aws_vpc_security_group_ingress_rule'];
    expect(await statuses(c, t, rule('0.0.0.0/0', 443, 443))).toEqual(['passed']);
    expect(await statuses(c, t, rule('0.0.0.0/0', 0, 1024))).toEqual(['failed']);
    expect(await statuses(c, t, rule('10.0.0.0/16', 22, 22))).toEqual(['passed']);
    const any = { each: '', where: world, check: { portOutside: -1 } };
    const all =
      'resource "aws_vpc_security_group_ingress_rule" "r" {\n  ip_protocol = "-1"\n  cidr_ipv4 = "0.0.0.0/0"\n}\n';
    expect(await statuses(any, t, all)).toEqual(['failed']);
    expect(await statuses(any, t, rule('0.0.0.0/0', 443, 443))).toEqual(['passed']);
    const mod =
      'module "alb" {\n  source = "terraform-aws-modules/alb/aws"\n  security_group_ingress_rules = {\n' +
      '    ssh = {\n      from_port = 22\n      to_port = 22\n' +
      '      ip_protocol = "tcp"\n      cidr_ipv4 = "0.0.0.0/0"\n    }\n  }\n}\n';
    const m: Condition = { each: 'security_group_ingress_rules.*', where: world, check: { portOutside: 22 } };
    expect(await statuses(m, ['terraform-aws-modules/alb/aws'], mod)).toEqual(['failed']);
  });

  it('anyOf and not', async () => {
    const q = (v: string) => `resource "aws_sqs_queue" "q" {\n${v}\n}\n`;
    const c: Condition = {
      anyOf: [{ equals: 'sqs_managed_sse_enabled', value: true }, { exists: 'kms_master_key_id' }],
    };
    expect(await statuses(c, ['aws_sqs_queue'], q('kms_master_key_id = "k"'))).toEqual(['passed']);
    expect(await statuses(c, ['aws_sqs_queue'], q('sqs_managed_sse_enabled = false'))).toEqual(['failed']);
    expect(await statuses({ not: c }, ['aws_sqs_queue'], q('kms_master_key_id = "k"'))).toEqual(['failed']);
  });

  it('honours #checkov:skip inside the block only, with its reason, as checkov does', async () => {
    const c = { exists: 'kms_master_key_id' };
    const text =
      '# checkov:skip=CKV_AWS_0: outside the block, ignored\n' +
      'resource "aws_sns_topic" "a" {\n' +
      '  #checkov:skip=CKV_AWS_9,CKV_AWS_0: alarms cannot publish to an encrypted topic\n  name = "a"\n}\n' +
      'resource "aws_sns_topic" "b" {\n  name = "b"\n}\n';
    const rule: PolicyRule = { id: 'CKV_AWS_0', title: 'unit', targets: ['aws_sns_topic'], condition: c };
    const [result] = evaluatePolicy([rule], await files({ 'main.tf': text }));
    expect(result!.results).toEqual([
      {
        address: 'aws_sns_topic.a',
        file: 'main.tf',
        status: 'skipped',
        reason: 'alarms cannot publish to an encrypted topic',
      },
      { address: 'aws_sns_topic.b', file: 'main.tf', status: 'failed' },
    ]);
  });

  it('every resource rule fails on an empty block unless the AWS default is the safe value', async () => {
    // So that no rule passes merely because its path never matches: an empty resource must fail
    // (or pass only where the absent attribute means the safe AWS or module default).
    const passesEmpty = rules.flatMap((rule) =>
      rule.targets.filter((t) => t.startsWith('aws_')).map((t) => ({ rule, t })),
    );
    const texts = Object.fromEntries(passesEmpty.map(({ t }) => [t, `resource "${t}" "x" {\n}\n`]));
    const parsed = await files({ 'main.tf': Object.values(texts).join('') });
    const results = evaluatePolicy(rules, parsed);
    const failedIds = new Set(results.filter((r) => r.results.some((b) => b.status === 'failed')).map((r) => r.id));
    const safeDefaults = rules
      .filter((r) => r.targets.some((t) => t.startsWith('aws_')) && !failedIds.has(r.id))
      .map((r) => r.id);
    // These pass when the attribute is absent because AWS's default is the safe value, as in checkov.
    expect(safeDefaults.sort()).toEqual(
      [
        'CKV_AWS_17',
        'CKV_AWS_24',
        'CKV_AWS_25',
        'CKV_AWS_260',
        'CKV_AWS_277',
        'CKV_AWS_382',
        'CKV_AWS_106',
        'CKV_AWS_130',
        'CKV_AWS_216',
        'CKV_AWS_226',
        'CKV_AWS_319',
        'CKV_AWS_328',
        'CKV_AWS_332',
        'CKV_AWS_333',
        'CKV_AWS_341',
        'CKV_AWS_363',
        'CKV_AWS_227',
        'CKV_AWS_274',
        'CKV2_AWS_56',
        'CKV_AWS_354',
        'CKV_AWS_65',
        'CKV_AWS_300',
        'CKV_AWS_342',
        'CKV_AWS_103',
        'CKV2_AWS_15',
      ].sort(),
    );
  });
});
