import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from '@cdktf/hcl2json';
import { describe, expect, it } from 'vitest';
import { archetypes } from '../archetypes.js';
import { runChain } from '../chain.js';
import { renderTerraform } from './index.js';
import { AI_EXPENSIVE_ROUTE_PATHS } from '../agents/services.js';

// biome-ignore lint/suspicious/noExplicitAny: untyped hcl2json output, walked by known paths; expect() checks each leaf
type Body = Record<string, any>;

const RATE_VARIABLES = [
  'rate_limit_per_client_per_minute',
  'expensive_route_rate_limit_per_minute',
  'expensive_route_paths',
] as const;
/** The planned crowd and spike the API locals read (variables/api.tf.tmpl); only an HTTP API declares them. */
const API_VARIABLES = ['api_clients_at_peak', 'api_clients_at_spike', 'api_max_rps'] as const;

// The provider bindings type a WAF rule's `statement` as `any`, so the schema test cannot check inside it. These are
// the names the hashicorp/aws docs give (website/docs/r/wafv2_web_acl.html.markdown) for the statements used here.
const STATEMENT_NAMES: Record<string, string[]> = {
  statement: ['rate_based_statement', 'managed_rule_group_statement'],
  rate_based_statement: [
    'aggregate_key_type',
    'custom_key',
    'evaluation_window_sec',
    'forwarded_ip_config',
    'limit',
    'scope_down_statement',
  ],
  managed_rule_group_statement: [
    'managed_rule_group_configs',
    'name',
    'rule_action_override',
    'scope_down_statement',
    'vendor_name',
    'version',
  ],
  scope_down_statement: ['byte_match_statement'],
  byte_match_statement: ['field_to_match', 'positional_constraint', 'search_string', 'text_transformation'],
  field_to_match: ['uri_path'],
  uri_path: [],
  text_transformation: ['priority', 'type'],
};

/** Names inside a statement that the docs do not list for their block. */
function unknownStatementNames(body: Body, block: string, where: string): string[] {
  const allowed = STATEMENT_NAMES[block];
  if (!allowed) return [`${where}: block "${block}" is not checked here`];
  return Object.entries(body).flatMap(([key, value]) => {
    if (!allowed.includes(key)) return [`${where}: no "${key}" in ${block}`];
    return key in STATEMENT_NAMES && Array.isArray(value)
      ? value.flatMap((nested: Body) => unknownStatementNames(nested, key, `${where}.${key}`))
      : [];
  });
}

async function rendered(key: string) {
  const result = runChain(archetypes[key]!);
  const files = renderTerraform(result);
  const main = (await parse('main.tf', files['main.tf'])) as Body;
  const variables = (await parse('variables.tf', files['variables.tf'])) as Body;
  return { result, files, main, variables };
}

const wafs = (main: Body): Body[] => Object.values(main.resource?.aws_wafv2_web_acl ?? {}).flat() as Body[];

describe.each(Object.keys(archetypes))('rate limits: %s', (key) => {
  it('gives every WAF a per-client rule and a stricter rule per expensive path, from the variables', async () => {
    const { main } = await rendered(key);
    expect(wafs(main).length).toBeGreaterThan(0);
    for (const acl of wafs(main)) {
      const perClient = acl.rule.find((r: Body) => r.name === 'rate-limit-per-ip');
      expect(perClient.action[0].block).toEqual([{}]);
      expect(perClient.statement[0].rate_based_statement[0]).toEqual({
        limit: '${var.rate_limit_per_client_per_minute}',
        evaluation_window_sec: 60,
        aggregate_key_type: 'IP',
      });

      const [expensive] = acl.dynamic.rule;
      expect(expensive.for_each).toBe('${local.expensive_routes}');
      const content = expensive.content[0];
      expect(content.action[0].block).toEqual([{}]);
      const rate = content.statement[0].rate_based_statement[0];
      expect(rate).toMatchObject({
        limit: '${var.expensive_route_rate_limit_per_minute}',
        evaluation_window_sec: 60,
        aggregate_key_type: 'IP',
      });
      const match = rate.scope_down_statement[0].byte_match_statement[0];
      expect(match).toMatchObject({ search_string: '${rule.key}', positional_constraint: 'STARTS_WITH' });
      expect(match.field_to_match).toEqual([{ uri_path: [{}] }]);
      expect(match.text_transformation.map((t: Body) => t.type)).toEqual(['URL_DECODE', 'NORMALIZE_PATH']);
      // Priorities must differ: the fixed rules take 1-3, the expensive paths 10 and up.
      expect(acl.rule.map((r: Body) => r.priority)).toEqual([1, 2, 3]);
      expect(content.priority).toBe('${10 + rule.value}');

      // The managed rule groups stay.
      const managed = acl.rule.map((r: Body) => r.statement[0].managed_rule_group_statement?.[0]?.name);
      expect(managed).toEqual(
        expect.arrayContaining(['AWSManagedRulesCommonRuleSet', 'AWSManagedRulesKnownBadInputsRuleSet']),
      );
      const statements = [...acl.rule, content].flatMap((r: Body) => r.statement);
      for (const statement of statements) expect(unknownStatementNames(statement, 'statement', 'rule')).toEqual([]);
    }
    expect(main.locals.flatMap(Object.keys)).toContain('expensive_routes');
  });

  it('declares the three limits with validations and a default per service type', async () => {
    const { result, variables } = await rendered(key);
    for (const name of RATE_VARIABLES) {
      const [variable] = variables.variable[name];
      expect(variable.validation.length, name).toBeGreaterThan(0);
      for (const v of variable.validation) expect(v.condition, name).toContain(`var.${name}`);
    }
    expect(variables.variable.rate_limit_per_client_per_minute[0].default).toBe(100);
    expect(variables.variable.expensive_route_rate_limit_per_minute[0].default).toBe(10);
    expect(variables.variable.expensive_route_paths[0].default).toEqual(
      result.spec.type === 'ai' ? AI_EXPENSIVE_ROUTE_PATHS : [],
    );
  });
});

describe.each(['serverlessApi', 'aiGpu', 'aiHybrid'])('API Gateway throttling: %s', (key) => {
  it('throttles the stage and each expensive route from the variables', async () => {
    const { main } = await rendered(key);
    const [stage] = main.resource.aws_apigatewayv2_stage.default;
    expect(stage.default_route_settings[0]).toEqual({
      throttling_rate_limit: '${local.api_rate_limit}',
      throttling_burst_limit: '${local.api_rate_limit * 2}',
    });
    const [routeSettings] = stage.dynamic.route_settings;
    expect(routeSettings.for_each).toBe('${aws_apigatewayv2_route.expensive}');
    expect(routeSettings.content[0]).toEqual({
      route_key: '${route_settings.value.route_key}',
      throttling_rate_limit: '${local.api_expensive_rate_limit}',
      throttling_burst_limit: '${local.api_expensive_rate_limit * 2}',
    });
    const locals = Object.assign({}, ...main.locals);
    expect(locals.api_rate_limit).toContain('var.rate_limit_per_client_per_minute');
    expect(locals.api_expensive_rate_limit).toContain('var.expensive_route_rate_limit_per_minute');
    const [route] = main.resource.aws_apigatewayv2_route.expensive;
    expect(route.for_each).toContain('var.expensive_route_paths');
  });
});

// The locals and validations evaluated by Terraform itself: `terraform console` needs no provider for them.
const hasTerraform = spawnSync('terraform', ['version'], { encoding: 'utf8' }).status === 0;

/**
 * Runs `terraform console` on the rate-limit variables and the API locals of one design and gives the values of
 * `expressions` (the console prints only its last answer when piped, so they go in as one JSON list). It exits 0
 * even when a variable fails its validation: the diagnostics are in stderr.
 */
function consoleOf(key: string, expressions: string[], vars: string[] = []) {
  const files = renderTerraform(runChain(archetypes[key]!));
  const start = files['variables.tf'].indexOf('variable "rate_limit_per_client_per_minute"');
  const variableText = files['variables.tf'].slice(start).split(/\n(?=variable ")/);
  const rateVariables = variableText.filter((v) =>
    [...RATE_VARIABLES, ...API_VARIABLES].some((n) => v.startsWith(`variable "${n}"`)),
  );
  const locals = [...files['main.tf'].matchAll(/^locals \{\n[\s\S]*?^\}/gm)]
    .map((m) => m[0])
    .filter((l) => /api_rate_limit|expensive_routes/.test(l));
  const dir = mkdtempSync(path.join(tmpdir(), 'soloops-rate-'));
  try {
    writeFileSync(path.join(dir, 'main.tf'), [...rateVariables, ...locals].join('\n'));
    const run = spawnSync('terraform', ['console', ...vars.flatMap((v) => ['-var', v])], {
      cwd: dir,
      input: `jsonencode([${expressions.join(', ')}])`,
      encoding: 'utf8',
      env: { ...process.env, TF_IN_AUTOMATION: '1', TF_CLI_CONFIG_FILE: '/dev/null', CHECKPOINT_DISABLE: '1' },
    });
    const stderr = run.stderr.replace(/\u001b\[[0-9;]*m/g, '');
    return { status: run.status, values: stderr ? [] : (JSON.parse(JSON.parse(run.stdout)) as unknown[]), stderr };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe.skipIf(!hasTerraform)('rate limits evaluated by terraform console', () => {
  it.each(['serverlessApi', 'aiGpu', 'aiHybrid'])('%s: the defaults let the planned spike through', (key) => {
    const result = runChain(archetypes[key]!);
    const { stderr, values } = consoleOf(key, ['local.api_rate_limit', 'local.api_expensive_rate_limit']);
    expect(stderr).toBe('');
    const [stageRate, expensiveRate] = values as number[];
    expect(stageRate).toBe(Math.ceil(result.traffic.spikeRps));
    // Expensive routes hold at the peak crowd's allowance; for an AI service, whose traffic is mostly inference,
    // that still passes the normal peak.
    expect(expensiveRate).toBe(Math.min(stageRate!, Math.ceil((result.spec.peakConcurrent * 10) / 60)));
    if (result.spec.type === 'ai') expect(expensiveRate).toBeGreaterThanOrEqual(result.traffic.peakRps);
  });

  it('lowers the API ceilings when the per-client limits are lowered', () => {
    const { values } = consoleOf(
      'aiHybrid',
      ['local.api_rate_limit', 'local.api_expensive_rate_limit'],
      ['rate_limit_per_client_per_minute=10', 'expensive_route_rate_limit_per_minute=10'],
    );
    const { spec } = runChain(archetypes.aiHybrid!);
    expect(values).toEqual([
      Math.min(250, Math.ceil((spec.peakConcurrent * spec.spike * 10) / 60)),
      Math.ceil((spec.peakConcurrent * 10) / 60),
    ]);
  });

  it.each([
    ['rate_limit_per_client_per_minute=9', 'from 10'],
    ['rate_limit_per_client_per_minute=10.5', 'whole number'],
    ['expensive_route_rate_limit_per_minute=5', 'from 10'],
    ['expensive_route_paths=["/api/"]', 'looks like /api/ai'],
    ['expensive_route_paths=["/api/{id}"]', 'looks like /api/ai'],
    [`expensive_route_paths=${JSON.stringify(Array.from({ length: 11 }, (_, i) => `/p${i}`))}`, 'at most 10'],
  ])('rejects %s', (assignment, message) => {
    const { stderr } = consoleOf('aiHybrid', ['1'], [assignment]);
    expect(stderr).toContain('Invalid value for variable');
    expect(stderr.replace(/[\s│]+/g, ' ')).toContain(message);
  });

  it('builds one WAF rule index and two API routes per expensive path', () => {
    const main = renderTerraform(runChain(archetypes.aiGpu!))['main.tf'];
    const routes = /resource "aws_apigatewayv2_route" "expensive" \{[^}]*?\n\s+for_each\s+= (.+)\n/.exec(main)![1]!;
    const { stderr, values } = consoleOf('aiGpu', ['local.expensive_routes', routes]);
    expect(stderr).toBe('');
    expect(values[0]).toEqual({ '/api/ai': 0, '/v1/generate': 1 });
    expect(values[1]).toEqual(['ANY /api/ai', 'ANY /api/ai/{proxy+}', 'ANY /v1/generate', 'ANY /v1/generate/{proxy+}']);
  });
});
