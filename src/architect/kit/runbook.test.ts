import fs from 'node:fs';
import { parse } from '@cdktf/hcl2json';
import { describe, expect, it } from 'vitest';
import { archetypes } from '../archetypes.js';
import { runChain } from '../chain.js';
import { PRICES } from '../prices.js';
import { renderTerraform } from '../terraform/index.js';
import { planTerraform } from '../terraform/plan.js';
import { kitContext, renderKit } from './index.js';
import { ALARM_GUIDES } from './runbook-alarms.js';
import { parseAlarms } from './runbook-parse.js';
import { planAlarms } from './runbook.js';

const blocksDir = new URL('../../../templates/terraform/blocks/', import.meta.url);

// hcl2json gives every block as an array of bodies: resource.<type>.<name>[0].<argument>.
type Bodies = Record<string, Array<Record<string, unknown>>>;

describe.each(Object.entries(archetypes))('the %s RUNBOOK.md', (_key, spec) => {
  const result = runChain(spec, PRICES);
  const main = renderTerraform(result)['main.tf'];
  const runbook = renderKit(result, PRICES).files['RUNBOOK.md']!;
  const name = planTerraform(result).values.name!;

  it('has a section for every aws_cloudwatch_metric_alarm main.tf creates, found by an HCL parser', async () => {
    const tf = (await parse('main.tf', main)) as { resource?: Record<string, Bodies> };
    const alarms = tf.resource?.aws_cloudwatch_metric_alarm ?? {};
    expect(Object.keys(alarms).length).toBeGreaterThan(0);
    for (const [resource, [body]] of Object.entries(alarms)) {
      const alarmName = String(body!.alarm_name).replace('${local.name}', name);
      expect(runbook, resource).toContain(`### ${alarmName}\n`);
      expect(runbook, resource).toContain(`\`aws_cloudwatch_metric_alarm.${resource}\``);
    }
    // And nothing else: the line reader finds the same alarms the parser does.
    expect(
      parseAlarms(main, name)
        .map((a) => a.resource)
        .sort(),
    ).toEqual(Object.keys(alarms).sort());
    expect([...runbook.matchAll(/^### (.+)$/gm)]).toHaveLength(Object.keys(alarms).length);
  });

  it('reads each alarm’s arguments as the parser does', async () => {
    const tf = (await parse('main.tf', main)) as { resource: Record<string, Bodies> };
    for (const alarm of parseAlarms(main, name)) {
      const body = tf.resource.aws_cloudwatch_metric_alarm![alarm.resource]![0]!;
      expect(alarm.metric).toBe(body.metric_name);
      expect(alarm.threshold).toBe(Number(body.threshold));
      expect(alarm.evaluations).toBe(Number(body.evaluation_periods));
      expect(alarm.topics.length > 0).toBe(String(body.alarm_actions).includes('aws_sns_topic.'));
    }
  });

  it('gives each notifying alarm a triage rule matching its verdict, and says how to wire the webhook', () => {
    for (const alarm of planAlarms(kitContext(result, PRICES))) {
      const rule = runbook.split('\n').find((l) => l.includes(`{name: ${alarm.name},`));
      if (alarm.topics.length === 0) {
        expect(rule, alarm.name).toBeUndefined();
        continue;
      }
      const severity = ALARM_GUIDES[alarm.resource]!.wake ? 'critical' : 'warning';
      expect(rule, alarm.name).toContain(`labels: {alarm: ${alarm.name}, state: ALARM}}, severity: ${severity}}`);
    }
    expect(runbook).toContain('/v1/alerts/cloudwatch');
    expect(runbook).toContain('confirm_subscriptions: true');
    expect(runbook).toContain(`export AWS_REGION=${spec.region}`);
  });
});

it('has a guide for every alarm of every block, used by an archetype or not', () => {
  const declared = fs
    .readdirSync(blocksDir)
    .flatMap((file) => parseAlarms(fs.readFileSync(new URL(file, blocksDir), 'utf8'), 'x').map((a) => a.resource));
  expect(declared.length).toBeGreaterThan(10);
  for (const resource of declared) expect(Object.keys(ALARM_GUIDES), resource).toContain(resource);
  // No guide for an alarm that no longer exists.
  expect(Object.keys(ALARM_GUIDES).sort()).toEqual([...new Set(declared)].sort());
});
