import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from '@cdktf/hcl2json';
import semver from 'semver';
import { afterAll, describe, expect, it } from 'vitest';
import {
  AWS_PROVIDER_SCHEMA,
  awsProviderSchema,
  type SchemaBlock,
  type SchemaKind,
  type SchemaType,
} from '../../../test/helpers/aws-provider-schema.js';
import { archetypes } from '../archetypes.js';
import { runChain } from '../chain.js';
import { renderTerraform } from './index.js';
import { AWS_PROVIDER_VERSION } from './modules.js';

// `terraform validate` needs the AWS provider downloaded, which the tests cannot do. Instead every aws_* resource
// and data block rendered is checked against the provider's own schema as @cdktf/provider-aws generated it (a dev
// dependency; see test/helpers/aws-provider-schema.ts): unknown arguments and blocks, missing required ones,
// computed-only attributes set, types the provider lacks, and references to attributes a type does not export.
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** Terraform's own arguments of every resource and data block; they are not in the provider schema. */
const META_ARGUMENTS = new Set([
  'count',
  'depends_on',
  'for_each',
  'lifecycle',
  'provider',
  'provisioner',
  'connection',
]);
/**
 * Optional in the schema but filled in by the provider: SDKv2 adds `id` to every resource, and `tags_all` is the
 * merge of `tags` with the provider's default_tags. Setting either is a mistake, not a choice.
 */
const PROVIDER_FILLED = new Set(['id', 'tags_all']);

type Body = Record<string, unknown>;
const isBody = (value: unknown): value is Body => typeof value === 'object' && value !== null && !Array.isArray(value);
/** hcl2json gives every nested block as an array of bodies (`allow {}` is `[{}]`). */
const bodiesOf = (value: unknown): Body[] | undefined =>
  Array.isArray(value) && value.length > 0 && value.every(isBody) ? value : undefined;

/** What the checks covered, for the figure printed once at the end. */
interface Tally {
  types: Set<string>;
  blocks: number;
  arguments: number;
  /** Blocks whose contents the bindings do not describe (wafv2 `statement`), so nothing inside was checked. */
  unchecked: Set<string>;
}
const newTally = (): Tally => ({ types: new Set(), blocks: 0, arguments: 0, unchecked: new Set() });

/** Problems of one block body against its schema, recursing into the nested blocks it uses. */
function checkBody(body: Body, schema: SchemaBlock, where: string, problems: string[], tally: Tally): void {
  const computed = 'computed' in schema ? (schema as SchemaType).computed : new Set<string>();
  const topLevel = 'computed' in schema;
  const present = new Set<string>();
  const nested: Array<[string, Body[]]> = [];
  tally.blocks++;
  for (const [key, value] of Object.entries(body)) {
    if (topLevel && META_ARGUMENTS.has(key)) continue;
    tally.arguments++;
    if (key === 'dynamic') {
      // dynamic "name" { for_each = ..., content { ... } }: check the content as the block `name`.
      for (const [name, dynamics] of Object.entries(isBody(value) ? value : {})) {
        present.add(name);
        const contents = (bodiesOf(dynamics) ?? []).flatMap((d) => bodiesOf(d.content) ?? []);
        nested.push([name, contents]);
      }
      continue;
    }
    present.add(key);
    if (topLevel && PROVIDER_FILLED.has(key)) problems.push(`${where}: "${key}" is filled in by the provider`);
    else if (schema.arguments.has(key)) continue;
    else if (schema.blocks.has(key)) {
      const bodies = bodiesOf(value);
      if (bodies) nested.push([key, bodies]);
      // `ingress = [...]` of a nested attribute is an expression; a real block cannot be one.
      else if (!schema.nestedAttributes.has(key))
        problems.push(`${where}: "${key}" is a nested block, not an argument`);
    } else if (computed.has(key)) problems.push(`${where}: "${key}" is computed-only and must not be set`);
    else problems.push(`${where}: no argument or nested block "${key}"`);
  }
  for (const [name, bodies] of nested) {
    const nestedSchema = schema.blocks.get(name);
    if (nestedSchema === undefined) problems.push(`${where}: no nested block "${name}"`);
    else if (nestedSchema === null)
      tally.unchecked.add(`${where.replace(/^(data\.)?(aws_[a-z0-9_]+)\.[^.]+/, '$1$2')}.${name}`);
    else for (const nestedBody of bodies) checkBody(nestedBody, nestedSchema, `${where}.${name}`, problems, tally);
  }
  for (const required of schema.required) {
    if (!present.has(required)) problems.push(`${where}: required "${required}" is missing`);
  }
}

/**
 * Every `aws_*` reference to a block that is not declared, or to an attribute its type does not have (neither
 * argument, nested block nor computed). Types the provider lacks are reported where they are declared.
 */
function referenceProblems(declared: Map<string, SchemaType | null>, texts: string[]): string[] {
  const problems: string[] = [];
  for (const text of texts) {
    for (const [, data, type, name, attribute] of text.matchAll(
      /(?<![\w.])(data\.)?(aws_[a-z0-9_]+)\.([A-Za-z_][\w-]*)(?:\[[^\]]*\])?\.([A-Za-z_]\w*)/g,
    )) {
      const reference = `${data ?? ''}${type}.${name}.${attribute}`;
      const schema = declared.get(`${data ? 'data' : 'resource'} ${type}.${name}`);
      if (schema === undefined) {
        problems.push(`${reference}: no ${data ? 'data source' : 'resource'} "${type}" "${name}" is declared`);
      } else if (
        schema &&
        attribute !== 'id' &&
        !schema.arguments.has(attribute!) &&
        !schema.blocks.has(attribute!) &&
        !schema.computed.has(attribute!)
      ) {
        problems.push(`${reference}: ${type} has no attribute "${attribute}"`);
      }
    }
  }
  return problems;
}

/** Checks every aws_* resource and data block of main.tf, and the aws_* references of all files. */
async function resourceProblems(
  mainTf: string,
  otherFiles: string[] = [],
  tally: Tally = newTally(),
): Promise<{ problems: string[]; checked: string[] }> {
  const parsed = (await parse('main.tf', mainTf)) as Partial<
    Record<SchemaKind, Record<string, Record<string, Body[]>>>
  >;
  const problems: string[] = [];
  const checked: string[] = [];
  const declared = new Map<string, SchemaType | null>();
  for (const kind of ['resource', 'data'] as const) {
    for (const [type, blocks] of Object.entries(parsed[kind] ?? {})) {
      if (!type.startsWith('aws_')) continue;
      const schema = awsProviderSchema(type, kind) ?? null;
      for (const [name, bodies] of Object.entries(blocks)) {
        const where = `${kind === 'data' ? 'data.' : ''}${type}.${name}`;
        checked.push(where);
        declared.set(`${kind} ${type}.${name}`, schema);
        if (!schema) {
          const what = kind === 'data' ? 'data source' : 'resource';
          problems.push(`${where}: hashicorp/aws ${AWS_PROVIDER_SCHEMA.providerVersion} has no ${what} "${type}"`);
          continue;
        }
        tally.types.add(`${kind} ${type}`);
        for (const body of bodies) {
          checkBody(body, schema, where, problems, tally);
          // The provider rejects an alarm with both (ConflictsWith); names alone would not catch it.
          if (type === 'aws_cloudwatch_metric_alarm' && 'statistic' in body && 'extended_statistic' in body) {
            problems.push(`${where}: "statistic" and "extended_statistic" conflict`);
          }
        }
      }
    }
  }
  problems.push(...referenceProblems(declared, [mainTf, ...otherFiles]));
  return { problems: [...new Set(problems)], checked };
}

/** Terraform's `~> X.Y` (>= X.Y, < X+1) or `~> X.Y.Z` (>= X.Y.Z, < X.Y+1) as a semver range. */
function pessimisticRange(constraint: string): string {
  const match = /^~>\s*(\d+)\.(\d+)(?:\.(\d+))?$/.exec(constraint.trim());
  if (!match) throw new Error(`not a ~> constraint: ${constraint}`);
  const [, major, minor, patch] = match.map(Number) as [number, number, number, number];
  return Number.isNaN(patch)
    ? `>=${major}.${minor}.0 <${major + 1}.0.0`
    : `>=${major}.${minor}.${patch} <${major}.${minor + 1}.0`;
}

describe('the AWS provider schema of @cdktf/provider-aws', () => {
  it('is of the provider major the generated versions.tf pins, and inside its range', () => {
    const major = /^~>\s*(\d+)\./.exec(AWS_PROVIDER_VERSION)?.[1];
    expect(AWS_PROVIDER_SCHEMA.provider).toBe('registry.terraform.io/hashicorp/aws');
    expect(String(semver.major(AWS_PROVIDER_SCHEMA.providerVersion))).toBe(major);
    expect(semver.satisfies(AWS_PROVIDER_SCHEMA.providerVersion, pessimisticRange(AWS_PROVIDER_VERSION))).toBe(true);
    expect(pessimisticRange('~> 5.70')).toBe('>=5.70.0 <6.0.0');
    expect(pessimisticRange('~> 5.70.2')).toBe('>=5.70.2 <5.71.0');
  });

  it('reads arguments, nested blocks, required and computed names from the bindings', () => {
    const queue = awsProviderSchema('aws_sqs_queue', 'resource')!;
    expect(queue.arguments).toContain('kms_master_key_id');
    expect([...queue.computed].sort()).toEqual(['arn', 'url']);
    expect(queue.blocks.get('timeouts')?.arguments).toEqual(new Set(['create', 'delete', 'update']));
    const acl = awsProviderSchema('aws_wafv2_web_acl', 'resource')!;
    expect([...acl.required].sort()).toEqual(['default_action', 'scope', 'visibility_config']);
    expect(acl.blocks.get('rule')?.blocks.get('statement')).toBeNull();
    // A getter whose camelCase does not spell its attribute: the name comes from the compiled class.
    expect(awsProviderSchema('aws_instance', 'data')!.arguments).toContain('get_password_data');
    expect(awsProviderSchema('aws_security_group', 'resource')!.nestedAttributes).toContain('ingress');
    expect(awsProviderSchema('aws_iam_policy_document', 'resource')).toBeUndefined();
  });

  it('catches unknown arguments, blocks and types, computed-only or missing arguments, bad references', async () => {
    const hcl = `resource "aws_sqs_queue" "jobs" {
  name               = "jobs"
  kms_master_key_idd = "alias/aws/sqs"
  arn                = "arn:aws:sqs:us-east-1:123456789012:jobs"
  tags_all           = {}
}

resource "aws_wafv2_web_acl" "edge" {
  name  = "edge"
  scope = "CLOUDFRONT"

  default_action {
    allow = true
  }

  rule {
    name     = "rate"
    priority = 1

    action {
      block {}
    }

    statement {
      rate_based_statement {
        limit = 2000
      }
    }

    visibility_config {
      cloudwatch_metrics_enabled = true
      metric_nam                 = "rate"
      sampled_requests_enabled   = true
    }
  }
}

resource "aws_iam_role_policy" "x" {
  name = "x"
  role = "r"
}

resource "aws_sqs_queue_polcy" "jobs" {
  queue_url = aws_sqs_queue.jobs.url
  policy    = "{}"
}

resource "aws_vpc_security_group_ingress_rule" "x" {
  for_each          = toset(["tcp", "udp"])
  provider          = aws.us_east_1
  security_group_id = "sg-1"
  ip_protocol       = each.key

  timeouts {
    create = "5m"
  }
}

output "q" {
  value = aws_sqs_queue.jobs.urll
}
`;
    const tally = newTally();
    const { problems } = await resourceProblems(hcl, [], tally);
    expect(problems.sort()).toEqual(
      [
        'aws_sqs_queue.jobs: no argument or nested block "kms_master_key_idd"',
        'aws_sqs_queue.jobs: "arn" is computed-only and must not be set',
        'aws_sqs_queue.jobs: "tags_all" is filled in by the provider',
        'aws_wafv2_web_acl.edge.default_action: "allow" is a nested block, not an argument',
        'aws_wafv2_web_acl.edge.rule.visibility_config: no argument or nested block "metric_nam"',
        'aws_wafv2_web_acl.edge.rule.visibility_config: required "metric_name" is missing',
        'aws_wafv2_web_acl.edge: required "visibility_config" is missing',
        'aws_iam_role_policy.x: required "policy" is missing',
        'aws_sqs_queue_polcy.jobs: hashicorp/aws 5.100.0 has no resource "aws_sqs_queue_polcy"',
        'aws_vpc_security_group_ingress_rule.x: no argument or nested block "timeouts"',
        'aws_sqs_queue.jobs.urll: aws_sqs_queue has no attribute "urll"',
      ].sort(),
    );
    // The bindings type wafv2 statements as `any` (their schema nests itself), so those are left unchecked.
    expect([...tally.unchecked]).toEqual(['aws_wafv2_web_acl.rule.statement']);
  });

  it('passes a block that uses only schema names, meta-arguments, dynamic blocks and nested attributes', async () => {
    const hcl = `resource "aws_dynamodb_table" "t" {
  count        = 1
  name         = "t"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "pk"

  dynamic "attribute" {
    for_each = ["pk"]
    content {
      name = attribute.value
      type = "S"
    }
  }

  lifecycle {
    prevent_destroy = true
  }

  depends_on = []
}

resource "aws_security_group" "s" {
  name    = "s"
  ingress = var.rules
}
`;
    expect((await resourceProblems(hcl)).problems).toEqual([]);
  });
});

// Rendered inside the tests, so a template another change has broken fails its archetype, not the whole file.
const renders = new Map<string, ReturnType<typeof renderTerraform>>();
const renderedFiles = (key: string) => {
  if (!renders.has(key)) renders.set(key, renderTerraform(runChain(archetypes[key]!)));
  return renders.get(key)!;
};
const total = newTally();
let elapsed = 0;

describe.each(Object.keys(archetypes))('rendered Terraform: %s', (key) => {
  it('uses only arguments and nested blocks the AWS provider schema has, and every required one', async () => {
    const files = renderedFiles(key);
    const started = performance.now();
    const { problems, checked } = await resourceProblems(files['main.tf'], [files['outputs.tf']], total);
    elapsed += performance.now() - started;
    expect(checked.length).toBeGreaterThan(0);
    expect(problems).toEqual([]);
  });
});

afterAll(() => {
  if (total.types.size === 0) return;
  console.log(
    `AWS provider schema (@cdktf/provider-aws ${AWS_PROVIDER_SCHEMA.package} = hashicorp/aws ` +
      `${AWS_PROVIDER_SCHEMA.providerVersion}): ${total.types.size} types, ${total.blocks} blocks, ` +
      `${total.arguments} arguments checked over ${renders.size} archetypes in ${Math.round(elapsed)} ms; ` +
      `contents not in the bindings, unchecked: ${[...total.unchecked].sort().join(', ') || 'none'}`,
  );
});

it('renders every aws_* resource and data type of the templates, and both WAF scopes, in some archetype', () => {
  const blocksDir = path.join(repoRoot, 'templates', 'terraform', 'blocks');
  const pattern = /^(resource|data) "(aws_[a-z0-9_]+)"/gm;
  const typesIn = (texts: string[]) =>
    new Set(texts.flatMap((text) => [...text.matchAll(pattern)].map((m) => `${m[1]} ${m[2]}`)));
  const inTemplates = typesIn(readdirSync(blocksDir).map((file) => readFileSync(path.join(blocksDir, file), 'utf8')));
  const rendered = Object.keys(archetypes).map((key) => renderedFiles(key)['main.tf']);
  const inRendered = typesIn(rendered);
  expect([...inTemplates].filter((type) => !inRendered.has(type))).toEqual([]);
  // The WAF template renders once per scope; CloudFront and regional ACLs accept different rules.
  const scopes = new Set(rendered.flatMap((main) => [...main.matchAll(/scope\s*=\s*"([A-Z]+)"/g)].map((m) => m[1])));
  expect([...scopes]).toEqual(expect.arrayContaining(['CLOUDFRONT', 'REGIONAL']));
});
