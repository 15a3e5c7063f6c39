import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from '@cdktf/hcl2json';
import { describe, expect, it } from 'vitest';
import { runChain, type ChainResult } from '../chain.js';
import { archetypes } from '../archetypes.js';
import type { ServiceSpecInput } from '../spec.js';
import { renderTerraform, TERRAFORM_FILES } from './index.js';

// hcl2json gives every block as an array of bodies and every expression as a "${...}" string.
// biome-ignore lint/suspicious/noExplicitAny: untyped parser output, walked by known paths; expect() checks each leaf
type Body = Record<string, any>;
type Parsed = {
  terraform?: Body[];
  module?: Record<string, Body[]>;
  resource?: Record<string, Record<string, Body[]>>;
  data?: Record<string, Record<string, Body[]>>;
  variable?: Record<string, Body[]>;
  output?: Record<string, Body[]>;
};

/** Modules and resource types each archetype must have, and modules it must not. */
const expected: Record<string, { pattern: string; modules: string[]; resources: string[]; absent: string[] }> = {
  static: {
    pattern: 'static-cdn',
    modules: ['site', 'cdn'],
    resources: ['aws_wafv2_web_acl', 'aws_route53_health_check'],
    absent: ['vpc', 'db', 'lambda'],
  },
  webWithDb: {
    pattern: 'containers',
    modules: ['vpc', 'alb', 'ecs', 'db', 'cache'],
    resources: ['aws_wafv2_web_acl_association', 'aws_security_group'],
    absent: ['lambda', 'game'],
  },
  serverlessApi: {
    pattern: 'serverless',
    modules: ['vpc', 'lambda', 'db'],
    resources: ['aws_apigatewayv2_stage'],
    absent: ['alb', 'ecs', 'cache'],
  },
  game: {
    pattern: 'ec2-asg',
    modules: ['vpc', 'nlb', 'game'],
    resources: ['aws_dynamodb_table'],
    absent: ['db', 'lambda', 'ecs'],
  },
  aiGpu: {
    pattern: 'gpu-scale-to-zero',
    modules: ['vpc', 'lambda', 'db', 'gpu'],
    resources: ['aws_sqs_queue', 'aws_autoscaling_policy', 'aws_vpc_endpoint'],
    absent: ['alb', 'ecs'],
  },
  aiHybrid: {
    pattern: 'hybrid-gpu',
    modules: ['vpc', 'lambda', 'db', 'uploads'],
    resources: ['aws_sqs_queue', 'aws_iam_policy', 'aws_vpc_endpoint', 'aws_db_proxy'],
    absent: ['gpu', 'alb', 'ecs'],
  },
};

async function parsedFiles(
  result: ChainResult,
): Promise<{ files: Record<string, string>; tf: Record<string, Parsed> }> {
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
/** An argument as a plan without -var sees it: `${var.x}` becomes variable x's default in variables.tf. */
function defaulted(variables: Parsed, value: unknown): unknown {
  const name = /^\$\{var\.(\w+)\}$/.exec(String(value))?.[1];
  return name === undefined ? value : one(variables.variable?.[name], `variable ${name}`).default;
}

describe.each(Object.keys(archetypes))('renderTerraform: %s', (key) => {
  const result = runChain(archetypes[key]);
  const want = expected[key]!;

  it('gives a default name that passes the name variable’s own validation', async () => {
    const { tf } = await parsedFiles(result);
    const variable = one(tf['variables.tf']!.variable?.name, 'variable name');
    const condition = String(one(variable.validation, 'name validation').condition);
    const pattern = /regex\("(.+)", var\.name\)/.exec(condition)![1]!.replace(/\\\\/g, '\\');
    expect(variable.default).toMatch(new RegExp(pattern));
    expect('Soloops_Web').not.toMatch(new RegExp(pattern));
    expect('a'.repeat(25)).not.toMatch(new RegExp(pattern));
  });

  it('renders every file as parseable HCL with the pattern’s modules and resources', async () => {
    expect(result.architecture.pattern).toBe(want.pattern);
    const { tf } = await parsedFiles(result);
    const main = tf['main.tf']!;
    expect(Object.keys(main.module ?? {})).toEqual(expect.arrayContaining(want.modules));
    for (const absent of want.absent) expect(main.module?.[absent], absent).toBeUndefined();
    expect(Object.keys(main.resource ?? {})).toEqual(
      expect.arrayContaining([...want.resources, 'aws_sns_topic', 'aws_budgets_budget', 'aws_cloudwatch_metric_alarm']),
    );
  });

  it('pins Terraform, the AWS provider and every module to exact versions', async () => {
    const { tf, files } = await parsedFiles(result);
    const terraform = one(tf['versions.tf']!.terraform, 'terraform block');
    expect(terraform.required_version).toMatch(/^>= 1\.\d+\.\d+, < 2\.0\.0$/);
    expect(terraform.required_providers[0].aws).toMatchObject({
      source: 'hashicorp/aws',
      version: expect.stringMatching(/^~> 5\.\d+$/),
    });
    for (const [name, [mod]] of Object.entries(tf['main.tf']!.module ?? {})) {
      expect(mod!.source, name).toMatch(/^terraform-aws-modules\/[\w-]+\/aws$/);
      expect(mod!.version, name).toMatch(/^\d+\.\d+\.\d+$/);
      expect(files['versions.tf'], name).toContain(`${mod!.source}`);
    }
  });

  it('declares every variable it uses, and the example sets only declared ones', async () => {
    const { files, tf } = await parsedFiles(result);
    const declared = Object.keys(tf['variables.tf']!.variable ?? {});
    const used = new Set(
      [...`${files['main.tf']}${files['outputs.tf']}${files['versions.tf']}`.matchAll(/\bvar\.(\w+)/g)].map(
        (m) => m[1]!,
      ),
    );
    expect(declared.sort()).toEqual([...used].sort());
    expect(declared).toEqual(expect.arrayContaining(Object.keys(tf['terraform.tfvars.example']!)));
    // The sizes are listed commented out (a copied tfvars would pin them against a re-render), each at its default.
    const sizes = [...files['terraform.tfvars.example']!.matchAll(/^# (\w+) += (.+)$/gm)];
    const parsedSizes = (await parse('sizes.tfvars', sizes.map((m) => `${m[1]} = ${m[2]}\n`).join(''))) as Body;
    for (const [, name] of sizes) {
      expect(declared).toContain(name);
      expect(parsedSizes[name!], name).toEqual(one(tf['variables.tf']!.variable![name!], name!).default);
    }
    if (result.architecture.pattern !== 'static-cdn') expect(sizes.length).toBeGreaterThan(0);
  });

  it('keeps secure defaults and the day-0 essentials', async () => {
    const { tf } = await parsedFiles(result);
    const main = tf['main.tf']!;
    const budget = one(main.resource?.aws_budgets_budget?.monthly, 'budget');
    expect(budget).toMatchObject({
      limit_amount: String(result.spec.budgetUsd),
      limit_unit: 'USD',
      time_unit: 'MONTHLY',
    });
    for (const n of budget.notification) expect(n.subscriber_sns_topic_arns).toEqual(['${aws_sns_topic.alerts.arn}']);
    for (const sub of resources(main, 'aws_sns_topic_subscription'))
      expect(sub).toMatchObject({ protocol: 'https', endpoint: '${var.soloops_webhook_url}' });
    expect(one(main.resource?.aws_ebs_encryption_by_default?.this, 'ebs').enabled).toBe(true);

    const site = one(main.module?.site, 'site bucket');
    expect(site).toMatchObject({
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
      versioning: { enabled: true },
    });
    expect(site.server_side_encryption_configuration.rule.apply_server_side_encryption_by_default.sse_algorithm).toBe(
      'AES256',
    );

    // Least privilege: no policy statement allows a wildcard action on a wildcard resource.
    for (const doc of Object.values(main.data?.aws_iam_policy_document ?? {}).flat()) {
      for (const s of doc.statement)
        expect(s.actions.includes('*') && (s.resources ?? ['*']).includes('*'), s.sid).toBe(false);
    }
    // Rate limiting at the front: WAF rate rule, or API Gateway throttling.
    const rateRules = resources(main, 'aws_wafv2_web_acl')
      .flatMap((acl) => acl.rule)
      .filter((r) => r.statement[0].rate_based_statement);
    const throttles = resources(main, 'aws_apigatewayv2_stage').map((s) => s.default_route_settings[0]);
    expect(rateRules.length + throttles.length).toBeGreaterThan(0);
    // rate-limits.test.ts evaluates this expression to the planned spike with terraform console.
    for (const t of throttles) expect(t.throttling_rate_limit).toBe('${local.api_rate_limit}');
    expect(resources(main, 'aws_route53_health_check')[0]).toMatchObject({
      type: 'HTTPS',
      resource_path: '${var.health_check_path}',
    });

    const db = main.module?.db?.[0];
    if (result.services.database?.engine === 'rds-postgresql') {
      expect(db).toMatchObject({
        storage_encrypted: true,
        manage_master_user_password: true,
        deletion_protection: '${var.deletion_protection}',
        publicly_accessible: false,
        db_subnet_group_name: '${module.vpc.database_subnet_group_name}',
      });
      expect(defaulted(tf['variables.tf']!, db!.instance_class)).toBe(result.services.database.instanceClass);
      expect(db!.backup_retention_period).toBeGreaterThanOrEqual(7);
      expect(db).not.toHaveProperty('password');
    }
    const cache = main.module?.cache?.[0];
    if (result.services.cache) {
      expect(cache).toMatchObject({
        at_rest_encryption_enabled: true,
        transit_encryption_enabled: true,
        subnet_ids: '${module.vpc.private_subnets}',
      });
      expect(defaulted(tf['variables.tf']!, cache!.num_cache_clusters)).toBe(result.services.cache.nodes);
    }
    for (const asg of ['game', 'gpu'].map((n) => main.module?.[n]?.[0]).filter(Boolean)) {
      expect(asg!.block_device_mappings[0].ebs.encrypted).toBe(true);
      expect(asg!.metadata_options.http_tokens).toBe('required');
    }
    // Deletion protection is on by default; README's Destroy section lifts it with -var deletion_protection=false.
    const guard = tf['variables.tf']!.variable!.deletion_protection;
    if (result.services.database || ['alb', 'nlb'].includes(result.services.front.kind))
      expect(one(guard, 'deletion_protection')).toMatchObject({ type: '${bool}', default: true });
    else expect(guard).toBeUndefined();
    for (const lb of ['alb', 'nlb'].map((n) => main.module?.[n]?.[0]).filter(Boolean))
      expect(lb!.enable_deletion_protection).toBe('${var.deletion_protection}');
    for (const table of resources(main, 'aws_dynamodb_table')) {
      expect(table).toMatchObject({
        deletion_protection_enabled: '${var.deletion_protection}',
        server_side_encryption: [{ enabled: true }],
        point_in_time_recovery: [{ enabled: true }],
      });
    }
  });

  it('sizes compute from the chain’s scaling decision', async () => {
    const { tf } = await parsedFiles(result);
    const main = tf['main.tf']!;
    // The sizes are variables whose defaults are the chain's figures: read each argument through its variable.
    const sized = (body: Body, keys: string[]) =>
      Object.fromEntries(keys.map((k) => [k, defaulted(tf['variables.tf']!, body[k])]));
    const { min, max } = result.architecture.autoscaling;
    if (want.pattern === 'containers') {
      const app = main.module!.ecs![0]!.services.app;
      expect(sized(app, ['autoscaling_min_capacity', 'autoscaling_max_capacity', 'desired_count'])).toEqual({
        autoscaling_min_capacity: min,
        autoscaling_max_capacity: max,
        desired_count: min,
      });
      expect(main.module!.alb![0]!.target_groups.app.health_check).toMatchObject({
        enabled: true,
        path: '${var.health_check_path}',
      });
    }
    if (want.pattern === 'ec2-asg')
      expect(sized(main.module!.game![0]!, ['min_size', 'max_size', 'instance_type'])).toEqual({
        min_size: min,
        max_size: max,
        instance_type: 'c7g.large',
      });
    if (want.pattern === 'gpu-scale-to-zero')
      expect(sized(main.module!.gpu![0]!, ['min_size', 'max_size'])).toEqual({
        min_size: 0,
        max_size: result.services.gpu!.max,
      });
    if (result.services.compute.kind === 'lambda')
      expect(defaulted(tf['variables.tf']!, main.module!.lambda![0]!.reserved_concurrent_executions)).toBe(
        result.services.compute.maxConcurrency,
      );
  });
});

// Websockets put it on Fargate; two tasks open 2 × DB_POOL_PER_UNIT connections, under RDS_PROXY_MIN_CONNECTIONS.
const smallFleetWithDb: ServiceSpecInput = {
  type: 'web',
  usersMonth: 20_000,
  budgetUsd: 500,
  region: 'eu-west-1',
  features: ['db', 'realtime'],
};

describe('renderTerraform: RDS Proxy', () => {
  const withProxy = Object.keys(archetypes).filter((key) => runChain(archetypes[key]).architecture.rdsProxy);
  const withoutProxy = Object.keys(archetypes).filter((key) => !runChain(archetypes[key]).architecture.rdsProxy);

  it('covers designs with and without a proxy', () => {
    expect(withProxy).toEqual(expect.arrayContaining(['serverlessApi', 'aiHybrid']));
    expect(withoutProxy).toEqual(expect.arrayContaining(['static', 'game']));
    // A fleet small enough to stay under RDS_PROXY_MIN_CONNECTIONS keeps a database without a proxy.
    const small = runChain(smallFleetWithDb);
    expect(small.services.database?.engine).toBe('rds-postgresql');
    expect(small.architecture.rdsProxy).toBe(false);
  });

  it.each(withProxy)('%s pools through a TLS-only proxy that reads one secret', async (key) => {
    const { tf } = await parsedFiles(runChain(archetypes[key]));
    const main = tf['main.tf']!;
    const proxy = one(main.resource?.aws_db_proxy?.db, 'proxy');
    expect(proxy).toMatchObject({
      engine_family: 'POSTGRESQL',
      require_tls: true,
      role_arn: '${aws_iam_role.db_proxy.arn}',
      vpc_subnet_ids: '${module.vpc.database_subnets}',
      vpc_security_group_ids: ['${aws_security_group.db_proxy.id}'],
    });
    expect(proxy.auth[0]).toMatchObject({
      auth_scheme: 'SECRETS',
      secret_arn: '${module.db.db_instance_master_user_secret_arn}',
    });

    const policy = one(main.data?.aws_iam_policy_document?.db_proxy_secret, 'proxy policy');
    expect(policy.statement).toHaveLength(1);
    expect(policy.statement[0]).toMatchObject({
      actions: ['secretsmanager:GetSecretValue'],
      resources: ['${module.db.db_instance_master_user_secret_arn}'],
    });
    expect(policy.statement[0].effect ?? 'Allow').toBe('Allow');
    expect(one(main.resource?.aws_iam_role_policy?.db_proxy, 'role policy').policy).toBe(
      '${data.aws_iam_policy_document.db_proxy_secret.json}',
    );
    const assume = one(main.data?.aws_iam_policy_document?.db_proxy_assume, 'assume policy').statement[0];
    expect(assume.principals[0]).toMatchObject({ type: 'Service', identifiers: ['rds.amazonaws.com'] });

    // Only the app reaches the proxy, and the proxy reaches only the database.
    const ingress = resources(main, 'aws_vpc_security_group_ingress_rule').filter(
      (r) => r.security_group_id === '${aws_security_group.db_proxy.id}',
    );
    expect(ingress).toEqual([
      expect.objectContaining({
        referenced_security_group_id: '${aws_security_group.app.id}',
        from_port: 5432,
        to_port: 5432,
      }),
    ]);
    for (const rule of ingress) expect(rule).not.toHaveProperty('cidr_ipv4');
    const egress = resources(main, 'aws_vpc_security_group_egress_rule').filter(
      (r) => r.security_group_id === '${aws_security_group.db_proxy.id}',
    );
    expect(egress).toEqual([
      expect.objectContaining({ referenced_security_group_id: '${aws_security_group.db.id}', from_port: 5432 }),
    ]);
    expect(main.resource?.aws_vpc_security_group_ingress_rule?.db_from_proxy).toBeDefined();

    const group = one(main.resource?.aws_db_proxy_default_target_group?.db, 'target group');
    expect(group.connection_pool_config[0].max_connections_percent).toBeLessThan(100);
    expect(one(main.resource?.aws_db_proxy_target?.db, 'target')).toMatchObject({
      db_proxy_name: '${aws_db_proxy.db.name}',
      db_instance_identifier: '${module.db.db_instance_identifier}',
    });

    const outputs = tf['outputs.tf']!.output!;
    expect(one(outputs.db_endpoint, 'db_endpoint').value).toBe('${aws_db_proxy.db.endpoint}:5432');
    expect(one(outputs.db_direct_endpoint, 'db_direct_endpoint').value).toBe('${module.db.db_instance_endpoint}');
  });

  it.each(withoutProxy)('%s has no proxy', async (key) => {
    const result = runChain(archetypes[key]);
    const { tf, files } = await parsedFiles(result);
    expect(tf['main.tf']!.resource?.aws_db_proxy).toBeUndefined();
    expect(files['main.tf']).not.toContain('db_proxy');
    if (result.services.database?.engine === 'rds-postgresql')
      expect(one(tf['outputs.tf']!.output!.db_endpoint, 'db_endpoint').value).toBe('${module.db.db_instance_endpoint}');
  });

  it('has no proxy for a small database', async () => {
    const { tf } = await parsedFiles(runChain(smallFleetWithDb));
    expect(tf['main.tf']!.module?.db).toBeDefined();
    expect(tf['main.tf']!.resource?.aws_db_proxy).toBeUndefined();
    expect(one(tf['outputs.tf']!.output!.db_endpoint, 'db_endpoint').value).toBe('${module.db.db_instance_endpoint}');
  });
});

describe('renderTerraform: uploads', () => {
  it.each(['webWithDb', 'aiHybrid'])(
    '%s gets a private, versioned, encrypted uploads bucket apart from the site',
    async (key) => {
      const { tf } = await parsedFiles(runChain(archetypes[key]));
      const main = tf['main.tf']!;
      const uploads = one(main.module?.uploads, 'uploads bucket');
      expect(uploads).toMatchObject({
        source: 'terraform-aws-modules/s3-bucket/aws',
        block_public_acls: true,
        block_public_policy: true,
        ignore_public_acls: true,
        restrict_public_buckets: true,
        attach_deny_insecure_transport_policy: true,
        versioning: { enabled: true },
      });
      expect(uploads.bucket_prefix).toContain('-uploads-');
      expect(
        uploads.server_side_encryption_configuration.rule.apply_server_side_encryption_by_default.sse_algorithm,
      ).toBe('AES256');
      const [rule] = uploads.lifecycle_rule;
      expect(rule).toMatchObject({
        enabled: true,
        noncurrent_version_transition: [{ noncurrent_days: 30, storage_class: 'STANDARD_IA' }],
      });
      expect(one(tf['outputs.tf']!.output!.uploads_bucket, 'uploads_bucket output').value).toBe(
        '${module.uploads.s3_bucket_id}',
      );
    },
  );

  it('adds CORS only for uploads from a browser page, limited to the CloudFront origin', async () => {
    const web = (await parsedFiles(runChain(archetypes.webWithDb))).tf['main.tf']!;
    const cors = one(web.resource?.aws_s3_bucket_cors_configuration?.uploads, 'cors').cors_rule[0];
    expect(cors.allowed_origins).toEqual(['https://${module.cdn.cloudfront_distribution_domain_name}']);
    expect(cors.allowed_origins).not.toContain('*');
    expect(cors.allowed_methods).not.toContain('DELETE');
    const ai = (await parsedFiles(runChain(archetypes.aiHybrid))).tf['main.tf']!;
    expect(ai.resource?.aws_s3_bucket_cors_configuration).toBeUndefined();
  });

  it.each(['static', 'serverlessApi', 'game', 'aiGpu'])('%s without uploads has no uploads bucket', async (key) => {
    const { tf } = await parsedFiles(runChain(archetypes[key]));
    expect(tf['main.tf']!.module?.uploads).toBeUndefined();
    expect(tf['outputs.tf']!.output?.uploads_bucket).toBeUndefined();
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
      for (const [name, text] of Object.entries(renderTerraform(runChain(archetypes[key]))))
        writeFileSync(path.join(dir, name.replace('.tfvars.example', '.example.tfvars')), text);
      const fmt = spawnSync('terraform', ['fmt', '-check', '-diff', '-recursive', dir], {
        encoding: 'utf8',
        env: { ...process.env, TF_IN_AUTOMATION: '1' },
      });
      expect(fmt.stdout).toBe('');
      expect(fmt.status).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

it('never plans an RDS volume beyond the 64 TiB RDS takes, and turns storage autoscaling off at it', () => {
  const huge = runChain({
    type: 'web',
    usersMonth: 1_000_000_000,
    budgetUsd: 1_000_000,
    region: 'us-east-1',
    features: ['db'],
  });
  const variables = renderTerraform(huge)['variables.tf'];
  const defaultOf = (name: string) =>
    Number(new RegExp(`variable "${name}" \\{[\\s\\S]*?default\\s*=\\s*(\\d+)`).exec(variables)?.[1]);
  expect(defaultOf('db_storage_gb')).toBe(65_536);
  expect(defaultOf('db_max_storage_gb')).toBe(0);
});
