import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from '@cdktf/hcl2json';
import { describe, expect, it } from 'vitest';
import { runChain, type ChainResult } from '../chain.js';
import type { ServiceSpecInput } from '../spec.js';
import { renderTerraform, TERRAFORM_FILES } from './index.js';

// hcl2json gives every block as an array of bodies and every expression as a "${...}" string.
type Body = Record<string, any>;
type Parsed = { module?: Record<string, Body[]>; resource?: Record<string, Record<string, Body[]>>; data?: Record<string, Record<string, Body[]>>; variable?: Record<string, Body[]>; output?: Record<string, Body[]> };

const archetypes: Record<string, ServiceSpecInput> = {
  static: { type: 'static', usersMonth: 50_000, budgetUsd: 50, region: 'us-east-1' },
  webWithDb: { type: 'web', usersMonth: 500_000, budgetUsd: 2_000, region: 'eu-west-1', features: ['db', 'cache', 'uploads'] },
  serverlessApi: { type: 'api', usersMonth: 20_000, budgetUsd: 150, region: 'us-west-2', features: ['db'] },
  game: { type: 'game', usersMonth: 100_000, budgetUsd: 2_500, region: 'ap-northeast-2', features: ['realtime', 'db'] },
  aiGpu: { type: 'ai', usersMonth: 5_000, budgetUsd: 800, region: 'us-east-1', features: ['gpu', 'db', 'queue'] },
};

/** Modules and resource types each archetype must have, and modules it must not. */
const expected: Record<string, { pattern: string; modules: string[]; resources: string[]; absent: string[] }> = {
  static: { pattern: 'static-cdn', modules: ['site', 'cdn'], resources: ['aws_wafv2_web_acl', 'aws_route53_health_check'], absent: ['vpc', 'db', 'lambda'] },
  webWithDb: { pattern: 'containers', modules: ['vpc', 'alb', 'ecs', 'db', 'cache'], resources: ['aws_wafv2_web_acl_association', 'aws_security_group'], absent: ['lambda', 'game'] },
  serverlessApi: { pattern: 'serverless', modules: ['vpc', 'lambda', 'db'], resources: ['aws_apigatewayv2_stage'], absent: ['alb', 'ecs', 'cache'] },
  game: { pattern: 'ec2-asg', modules: ['vpc', 'nlb', 'game'], resources: ['aws_dynamodb_table'], absent: ['db', 'lambda', 'ecs'] },
  aiGpu: { pattern: 'gpu-scale-to-zero', modules: ['vpc', 'lambda', 'db', 'gpu'], resources: ['aws_sqs_queue', 'aws_autoscaling_policy', 'aws_vpc_endpoint'], absent: ['alb', 'ecs'] },
};

async function parsedFiles(result: ChainResult): Promise<{ files: Record<string, string>; tf: Record<string, Parsed> }> {
  const files = renderTerraform(result);
  const tf: Record<string, Parsed> = {};
  for (const name of TERRAFORM_FILES) tf[name] = (await parse(name.replace('.example', ''), files[name])) as Parsed;
  return { files, tf };
}

const one = (blocks: Body[] | undefined, what: string): Body => {
  expect(blocks, what).toHaveLength(1);
  return blocks![0]!;
};
const resources = (p: Parsed, type: string): Body[] => Object.values(p.resource?.[type] ?? {}).flat();

describe.each(Object.keys(archetypes))('renderTerraform: %s', (key) => {
  const result = runChain(archetypes[key]);
  const want = expected[key]!;

  it('renders every file as parseable HCL with the pattern’s modules and resources', async () => {
    expect(result.architecture.pattern).toBe(want.pattern);
    const { tf } = await parsedFiles(result);
    const main = tf['main.tf']!;
    expect(Object.keys(main.module ?? {})).toEqual(expect.arrayContaining(want.modules));
    for (const absent of want.absent) expect(main.module?.[absent], absent).toBeUndefined();
    expect(Object.keys(main.resource ?? {})).toEqual(expect.arrayContaining([...want.resources, 'aws_sns_topic', 'aws_budgets_budget', 'aws_cloudwatch_metric_alarm']));
  });

  it('pins Terraform, the AWS provider and every module to exact versions', async () => {
    const { tf, files } = await parsedFiles(result);
    const terraform = one((tf['versions.tf'] as any).terraform, 'terraform block');
    expect(terraform.required_version).toMatch(/^>= 1\.\d+\.\d+, < 2\.0\.0$/);
    expect(terraform.required_providers[0].aws).toMatchObject({ source: 'hashicorp/aws', version: expect.stringMatching(/^~> 5\.\d+$/) });
    for (const [name, [mod]] of Object.entries(tf['main.tf']!.module ?? {})) {
      expect(mod!.source, name).toMatch(/^terraform-aws-modules\/[\w-]+\/aws$/);
      expect(mod!.version, name).toMatch(/^\d+\.\d+\.\d+$/);
      expect(files['versions.tf'], name).toContain(`${mod!.source}`);
    }
  });

  it('declares every variable it uses, and the example sets only declared ones', async () => {
    const { files, tf } = await parsedFiles(result);
    const declared = Object.keys(tf['variables.tf']!.variable ?? {});
    const used = new Set([...`${files['main.tf']}${files['outputs.tf']}${files['versions.tf']}`.matchAll(/\bvar\.(\w+)/g)].map((m) => m[1]!));
    expect(declared.sort()).toEqual([...used].sort());
    expect(declared).toEqual(expect.arrayContaining(Object.keys(tf['terraform.tfvars.example']!)));
  });

  it('keeps secure defaults and the day-0 essentials', async () => {
    const { tf } = await parsedFiles(result);
    const main = tf['main.tf']!;
    const budget = one(main.resource?.aws_budgets_budget?.monthly, 'budget');
    expect(budget).toMatchObject({ limit_amount: String(result.spec.budgetUsd), limit_unit: 'USD', time_unit: 'MONTHLY' });
    for (const n of budget.notification) expect(n.subscriber_sns_topic_arns).toEqual(['${aws_sns_topic.alerts.arn}']);
    for (const sub of resources(main, 'aws_sns_topic_subscription')) expect(sub).toMatchObject({ protocol: 'https', endpoint: '${var.soloops_webhook_url}' });
    expect(one(main.resource?.aws_ebs_encryption_by_default?.this, 'ebs').enabled).toBe(true);

    const site = one(main.module?.site, 'site bucket');
    expect(site).toMatchObject({ block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true, versioning: { enabled: true } });
    expect(site.server_side_encryption_configuration.rule.apply_server_side_encryption_by_default.sse_algorithm).toBe('AES256');

    // Least privilege: no policy statement allows a wildcard action on a wildcard resource.
    for (const doc of Object.values(main.data?.aws_iam_policy_document ?? {}).flat()) {
      for (const s of doc.statement) expect(s.actions.includes('*') && (s.resources ?? ['*']).includes('*'), s.sid).toBe(false);
    }
    // Rate limiting at the front: WAF rate rule, or API Gateway throttling.
    const rateRules = resources(main, 'aws_wafv2_web_acl').flatMap((acl) => acl.rule).filter((r) => r.statement[0].rate_based_statement);
    const throttles = resources(main, 'aws_apigatewayv2_stage').map((s) => s.default_route_settings[0]);
    expect(rateRules.length + throttles.length).toBeGreaterThan(0);
    for (const t of throttles) expect(t.throttling_rate_limit).toBeGreaterThanOrEqual(result.traffic.spikeRps);
    expect(resources(main, 'aws_route53_health_check')[0]).toMatchObject({ type: 'HTTPS', resource_path: '${var.health_check_path}' });

    const db = main.module?.db?.[0];
    if (result.services.database?.engine === 'rds-postgresql') {
      expect(db).toMatchObject({ storage_encrypted: true, manage_master_user_password: true, deletion_protection: true, publicly_accessible: false, db_subnet_group_name: '${module.vpc.database_subnet_group}', instance_class: result.services.database.instanceClass });
      expect(db!.backup_retention_period).toBeGreaterThanOrEqual(7);
      expect(db).not.toHaveProperty('password');
    }
    const cache = main.module?.cache?.[0];
    if (result.services.cache) expect(cache).toMatchObject({ at_rest_encryption_enabled: true, transit_encryption_enabled: true, subnet_ids: '${module.vpc.private_subnets}', num_cache_clusters: result.services.cache.nodes });
    for (const asg of ['game', 'gpu'].map((n) => main.module?.[n]?.[0]).filter(Boolean)) {
      expect(asg!.block_device_mappings[0].ebs.encrypted).toBe(true);
      expect(asg!.metadata_options.http_tokens).toBe('required');
    }
    for (const table of resources(main, 'aws_dynamodb_table')) {
      expect(table).toMatchObject({ deletion_protection_enabled: true, server_side_encryption: [{ enabled: true }], point_in_time_recovery: [{ enabled: true }] });
    }
  });

  it('sizes compute from the chain’s scaling decision', async () => {
    const { tf } = await parsedFiles(result);
    const main = tf['main.tf']!;
    const { min, max } = result.architecture.autoscaling;
    if (want.pattern === 'containers') {
      expect(main.module!.ecs![0]!.services.app).toMatchObject({ autoscaling_min_capacity: min, autoscaling_max_capacity: max });
      expect(main.module!.alb![0]!.target_groups.app.health_check).toMatchObject({ enabled: true, path: '${var.health_check_path}' });
    }
    if (want.pattern === 'ec2-asg') expect(main.module!.game![0]).toMatchObject({ min_size: min, max_size: max, instance_type: 'c7g.large' });
    if (want.pattern === 'gpu-scale-to-zero') expect(main.module!.gpu![0]).toMatchObject({ min_size: 0, max_size: result.services.gpu!.max });
    if (result.services.compute.kind === 'lambda') expect(main.module!.lambda![0]!.reserved_concurrent_executions).toBe(result.services.compute.maxConcurrency);
  });
});

const terraformBin = spawnSync('terraform', ['version'], { encoding: 'utf8' });
const hasTerraform = terraformBin.status === 0;
if (!hasTerraform) console.log('skipping `terraform fmt -check`: terraform is not on PATH');

describe.skipIf(!hasTerraform)('terraform fmt', () => {
  it.each(Object.keys(archetypes))('%s is already formatted', (key) => {
    const dir = mkdtempSync(path.join(tmpdir(), 'soloops-tf-'));
    try {
      // fmt skips unknown extensions, so the example is checked under a .tfvars name.
      for (const [name, text] of Object.entries(renderTerraform(runChain(archetypes[key])))) writeFileSync(path.join(dir, name.replace('.tfvars.example', '.example.tfvars')), text);
      const fmt = spawnSync('terraform', ['fmt', '-check', '-diff', '-recursive', dir], { encoding: 'utf8', env: { ...process.env, TF_IN_AUTOMATION: '1' } });
      expect(fmt.stdout).toBe('');
      expect(fmt.status).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
