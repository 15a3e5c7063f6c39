import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from '@cdktf/hcl2json';
import { describe, expect, it } from 'vitest';
import { archetypes } from '../archetypes.js';
import { runChain } from '../chain.js';
import { renderTerraform } from './index.js';

// `terraform validate` needs the AWS provider downloaded, which the tests cannot do. Instead the
// argument and nested block names of every aws_* resource and data source the templates use, read
// from generated provider schemas, live in a fixture, and every aws_* block rendered is checked
// against it: unknown arguments and blocks, missing required ones, computed-only attributes set,
// types missing from the fixture, and references to attributes a type does not export.
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** Names of one block of a schema; a nested block given as null exists but its contents are not recorded. */
interface BlockNames {
  arguments: string[];
  blocks?: Record<string, BlockNames | null>;
  required?: string[];
  computed?: string[];
}
interface TypeNames extends BlockNames {
  sources: Array<{ repo: string; path: string; commit: string; provider_version: string }>;
}
type Kind = 'resource' | 'data';
interface Fixture {
  meta_arguments: string[];
  resource: Record<string, TypeNames>;
  data: Record<string, TypeNames>;
}
const fixture = JSON.parse(
  readFileSync(path.join(repoRoot, 'test', 'fixtures', 'terraform-resource-schema.json'), 'utf8'),
) as Fixture;
const META_ARGUMENTS = new Set(fixture.meta_arguments);

type Body = Record<string, unknown>;
const isBody = (value: unknown): value is Body => typeof value === 'object' && value !== null && !Array.isArray(value);
/** hcl2json gives every nested block as an array of bodies (`allow {}` is `[{}]`). */
const bodiesOf = (value: unknown): Body[] | undefined =>
  Array.isArray(value) && value.length > 0 && value.every(isBody) ? value : undefined;

/** Problems of one block body against its names, recursing into the nested blocks it uses. */
function checkBody(body: Body, names: BlockNames, where: string, topLevel: boolean, problems: string[]): void {
  const args = new Set(names.arguments);
  const computed = new Set(names.computed ?? []);
  const present = new Set<string>();
  const nested: Array<[string, Body[]]> = [];
  for (const [key, value] of Object.entries(body)) {
    if (topLevel && META_ARGUMENTS.has(key)) continue;
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
    if (args.has(key)) continue;
    if (names.blocks && key in names.blocks) {
      const bodies = bodiesOf(value);
      if (!bodies) problems.push(`${where}: "${key}" is a nested block, not an argument`);
      else nested.push([key, bodies]);
      continue;
    }
    if (computed.has(key)) problems.push(`${where}: "${key}" is computed-only and must not be set`);
    else problems.push(`${where}: no argument or nested block "${key}"`);
  }
  for (const [name, bodies] of nested) {
    const blockNames = names.blocks?.[name];
    if (blockNames === undefined) {
      problems.push(`${where}: no nested block "${name}"`);
      continue;
    }
    if (blockNames === null) {
      problems.push(`${where}: nested block "${name}" is used but its names are not in the fixture`);
      continue;
    }
    for (const nestedBody of bodies) checkBody(nestedBody, blockNames, `${where}.${name}`, false, problems);
  }
  for (const required of names.required ?? []) {
    if (!present.has(required)) problems.push(`${where}: required "${required}" is missing`);
  }
}

/**
 * Every `aws_*` reference to a block that is not declared, or to an attribute its type does not have
 * (neither argument, nested block nor computed). Types missing from the fixture are reported elsewhere.
 */
function referenceProblems(declared: Map<string, TypeNames | null>, texts: string[]): string[] {
  const problems: string[] = [];
  for (const text of texts) {
    for (const [, data, type, name, attribute] of text.matchAll(
      /(?<![\w.])(data\.)?(aws_[a-z0-9_]+)\.([A-Za-z_][\w-]*)(?:\[[^\]]*\])?\.([A-Za-z_]\w*)/g,
    )) {
      const reference = `${data ?? ''}${type}.${name}.${attribute}`;
      const names = declared.get(`${data ? 'data' : 'resource'} ${type}.${name}`);
      if (names === undefined)
        problems.push(`${reference}: no ${data ? 'data source' : 'resource'} "${type}" "${name}" is declared`);
      else if (
        names &&
        ![...names.arguments, ...Object.keys(names.blocks ?? {}), ...(names.computed ?? []), 'id'].includes(attribute!)
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
): Promise<{ problems: string[]; checked: string[] }> {
  const parsed = (await parse('main.tf', mainTf)) as Partial<Record<Kind, Record<string, Record<string, Body[]>>>>;
  const problems: string[] = [];
  const checked: string[] = [];
  const declared = new Map<string, TypeNames | null>();
  for (const kind of ['resource', 'data'] as const) {
    for (const [type, blocks] of Object.entries(parsed[kind] ?? {})) {
      if (!type.startsWith('aws_')) continue;
      const names = fixture[kind][type];
      for (const [name, bodies] of Object.entries(blocks)) {
        const where = `${kind === 'data' ? 'data.' : ''}${type}.${name}`;
        checked.push(where);
        declared.set(`${kind} ${type}.${name}`, names ?? null);
        if (!names) {
          problems.push(
            `${where}: ${kind === 'data' ? 'data source' : 'resource'} type "${type}" is not in the fixture`,
          );
          continue;
        }
        for (const body of bodies) {
          checkBody(body, names, where, true, problems);
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

describe('terraform resource schema fixture', () => {
  it('names a source and at least one argument or computed attribute for every type', () => {
    for (const kind of ['resource', 'data'] as const) {
      for (const [type, names] of Object.entries(fixture[kind])) {
        expect(names.sources.length, type).toBeGreaterThan(0);
        for (const source of names.sources) expect(source.commit, type).toMatch(/^[0-9a-f]{40}$/);
        expect(names.arguments.length + (names.computed ?? []).length, type).toBeGreaterThan(0);
        // A name is an argument or computed-only, never both; required names are arguments or blocks.
        expect(
          names.arguments.filter((a) => (names.computed ?? []).includes(a)),
          type,
        ).toEqual([]);
        for (const required of names.required ?? [])
          expect([...names.arguments, ...Object.keys(names.blocks ?? {})], type).toContain(required);
      }
    }
  });

  it('catches unknown arguments, blocks and types, computed-only or missing arguments, bad references', async () => {
    const hcl = `resource "aws_sqs_queue" "jobs" {
  name               = "jobs"
  kms_master_key_idd = "alias/aws/sqs"
  arn                = "arn:aws:sqs:us-east-1:123456789012:jobs"
}

resource "aws_wafv2_web_acl" "edge" {
  name  = "edge"
  scope = "CLOUDFRONT"

  default_action {
    allow {}
  }

  rule {
    name     = "rate"
    priority = 1

    action {
      block {}
    }

    statement {
      rate_based_statement {
        limit              = 2000
        aggregate_key_typ  = "IP"
      }
    }

    visibility_config {
      cloudwatch_metrics_enabled = true
      metric_name                = "rate"
      sampled_requests_enabled   = true
    }
  }

  visibility_config {
    cloudwatch_metrics_enabled = true
    metric_name                = "edge"
    sampled_requests_enabled   = true
  }
}

resource "aws_iam_role_policy" "x" {
  name = "x"
  role = "r"
}

resource "aws_sqs_queue_policy" "jobs" {
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
    const { problems } = await resourceProblems(hcl);
    expect(problems.sort()).toEqual(
      [
        'aws_sqs_queue.jobs: no argument or nested block "kms_master_key_idd"',
        'aws_sqs_queue.jobs: "arn" is computed-only and must not be set',
        'aws_wafv2_web_acl.edge.rule.statement.rate_based_statement: no argument or nested block "aggregate_key_typ"',
        'aws_iam_role_policy.x: required "policy" is missing',
        'aws_sqs_queue_policy.jobs: resource type "aws_sqs_queue_policy" is not in the fixture',
        'aws_vpc_security_group_ingress_rule.x: no argument or nested block "timeouts"',
        'aws_sqs_queue.jobs.urll: aws_sqs_queue has no attribute "urll"',
      ].sort(),
    );
  });

  it('passes a block that uses only listed names, meta-arguments and dynamic blocks', async () => {
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
`;
    expect((await resourceProblems(hcl)).problems).toEqual([]);
  });
});

const rendered = Object.keys(archetypes).map((key) => [key, renderTerraform(runChain(archetypes[key]!))] as const);

describe.each(rendered)('rendered Terraform: %s', (_, files) => {
  it('uses only arguments and nested blocks the AWS provider schema has, and every required one', async () => {
    const { problems, checked } = await resourceProblems(files['main.tf'], [files['outputs.tf']]);
    expect(checked.length).toBeGreaterThan(0);
    expect(problems).toEqual([]);
  });
});

it('renders every aws_* resource and data type of the templates in at least one archetype', () => {
  const blocksDir = path.join(repoRoot, 'templates', 'terraform', 'blocks');
  const pattern = /^(resource|data) "(aws_[a-z0-9_]+)"/gm;
  const typesIn = (texts: string[]) =>
    new Set(texts.flatMap((text) => [...text.matchAll(pattern)].map((m) => `${m[1]} ${m[2]}`)));
  const inTemplates = typesIn(readdirSync(blocksDir).map((file) => readFileSync(path.join(blocksDir, file), 'utf8')));
  const inRendered = typesIn(rendered.map(([, files]) => files['main.tf']));
  expect([...inTemplates].filter((type) => !inRendered.has(type))).toEqual([]);
  // And the fixture lists no type the templates have stopped using.
  const inFixture = new Set([
    ...Object.keys(fixture.resource).map((t) => `resource ${t}`),
    ...Object.keys(fixture.data).map((t) => `data ${t}`),
  ]);
  expect([...inFixture].filter((type) => !inTemplates.has(type))).toEqual([]);
});
