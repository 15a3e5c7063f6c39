import { renderTerraform } from '../terraform/index.js';
import type { KitContext, KitFile } from './kit.js';
import { ALARM_GUIDES, type AlarmGuide } from './runbook-alarms.js';
import { conditionText, parseAlarms, type ParsedAlarm } from './runbook-parse.js';

/** Where `soloops watch` takes CloudWatch alarms delivered by SNS (src/sources/cloudwatch). */
export const CLOUDWATCH_PATH = '/v1/alerts/cloudwatch';

/** The alarms RUNBOOK.md covers: exactly those of the plan's main.tf. */
export function planAlarms(context: KitContext): ParsedAlarm[] {
  // Rendered from the same plan as the Terraform files, so the list cannot drift from what is applied.
  const { values } = context.terraform;
  return parseAlarms(renderTerraform(context.result)['main.tf'], values.name ?? 'app', values);
}

// An alarm added to a block before its guide is written still gets a page, from its own description.
function guideOf(alarm: ParsedAlarm): AlarmGuide {
  return (
    ALARM_GUIDES[alarm.resource] ?? {
      wake: false,
      why: 'this runbook has no entry for it yet: soloops’s model decides from its name and description',
      means: alarm.description,
      check: [`\`aws cloudwatch describe-alarm-history --alarm-name "${alarm.name}" --max-items 5\``],
      fixes: ['Write this alarm’s entry in src/architect/kit/runbook-alarms.ts.'],
    }
  );
}

/** How soloops treats the alarm's ALARM notification, in a few words. */
function verdict(alarm: ParsedAlarm): string {
  if (alarm.topics.length === 0) return 'never reaches soloops (it only scales)';
  return guideOf(alarm).wake ? '**phones you** (critical)' : 'morning digest (warning)';
}

export function runbookMarkdown(context: KitContext): string {
  const { values, blocks } = context.terraform;
  const name = values.name ?? 'app';
  const region = values.region ?? 'us-east-1';
  const alarms = planAlarms(context);
  const notifying = alarms.filter((a) => a.topics.length > 0);
  const has = (block: string) => blocks.some((b) => b.block === block);
  return [
    `# Runbook: ${name}`,
    '',
    `On call for this design, alone. \`main.tf\` creates ${alarms.length} CloudWatch alarms; ${notifying.length} of ` +
      'them notify `soloops watch`, which phones you for the ones that cannot wait and keeps the rest for the ' +
      'morning digest. Below: how to wire it, how it decides, then one section per alarm: what it means, what to ' +
      'check first and the likely fixes. When an incident is over, `soloops incident postmortem ID --template ' +
      'POSTMORTEM.md` starts its postmortem.',
    '',
    ...wiring(name, region, has('edge'), notifying),
    ...wakeRules(name, notifying),
    ...digest(),
    ...shell(name, region, has('alb') || has('asg')),
    ...alarmSections(name, alarms),
    ...budget(name),
  ].join('\n');
}

function wiring(name: string, region: string, edge: boolean, notifying: ParsedAlarm[]): string[] {
  const test = notifying.find((a) => !guideOf(a).wake) ?? notifying[0];
  return [
    '## 1. Send the alarms to `soloops watch`',
    '',
    `Every alarm that notifies anyone publishes to the SNS topic \`${name}-alerts\` (${region})` +
      (edge
        ? `, or \`${name}-edge-alerts\` in us-east-1 for CloudFront and Route 53, whose metrics exist only there`
        : '') +
      `. ${edge ? 'Both topics are' : 'The topic is'} subscribed over HTTPS to ` +
      '`soloops_webhook_url`, which must be ' +
      `soloops's CloudWatch endpoint, \`${CLOUDWATCH_PATH}\`. The AWS Budgets alerts use the same topic.`,
    '',
    '1. Make `soloops watch` reachable from AWS over HTTPS: keep it on loopback behind a reverse proxy with a real ' +
      'certificate (soloops README, "Behind a reverse proxy with TLS"); SNS does not deliver to self-signed ' +
      'certificates.',
    '2. Let it check every message’s SNS signature and confirm the subscription itself, in soloops.yaml:',
    '',
    '   ```yaml',
    '   watch:',
    '     auth:',
    '       cloudwatch:',
    '         sns: {verify: true, confirm_subscriptions: true}',
    '   ```',
    '',
    `3. In terraform.tfvars: \`soloops_webhook_url = "https://ops.example.com${CLOUDWATCH_PATH}"\` (your host), ` +
      'then `terraform apply`. SNS sends a SubscriptionConfirmation at once; watch confirms it.',
    '4. Check it is confirmed (an ARN, not `PendingConfirmation`): `aws sns list-subscriptions-by-topic ' +
      '--topic-arn "$(terraform output -raw alerts_topic_arn)" --query "Subscriptions[].SubscriptionArn"`' +
      (edge ? `; for the edge topic add \`--region us-east-1\` and its ARN (\`…:${name}-edge-alerts\`).` : '.'),
    `5. Try it: \`soloops watch test-wake\` proves your phone channels; then` +
      (test
        ? ` \`aws cloudwatch set-alarm-state --alarm-name "${test.name}" --state-value ALARM --state-reason ` +
          '"runbook test"`' +
          (test.region ? ` --region ${test.region}` : '') +
          ' must show up in `soloops watch status` within seconds (CloudWatch sets it back at the next evaluation)' +
          (guideOf(test).wake ? ': this one phones you.' : '.')
        : ' set an alarm to ALARM with `aws cloudwatch set-alarm-state`.'),
    '',
  ];
}

function wakeRules(name: string, notifying: ParsedAlarm[]): string[] {
  const ruled = notifying.filter((a) => ALARM_GUIDES[a.resource] !== undefined);
  return [
    '## 2. Which alarm phones you (Smart Wake)',
    '',
    'A CloudWatch `ALARM` carries no severity of its own, so without rules soloops’s triage model decides from the ' +
      'alarm’s name, description and reason; an `OK` is a resolved alert that closes its group and stops any ' +
      'calls still due. Make the decision yours: paste these rules under `triage:` in soloops.yaml (rules decide ' +
      'before the model; first match wins). They use the alarm names with the default `var.name`, ' +
      `\`${name}\`; change the prefix if you set another.`,
    '',
    '```yaml',
    'triage:',
    '  rules:',
    ...ruled.map(
      (a) =>
        `    - {name: ${a.name}, match: {source: cloudwatch, labels: {alarm: ${a.name}, state: ALARM}}, ` +
        `severity: ${ALARM_GUIDES[a.resource]!.wake ? 'critical' : 'warning'}}`,
    ),
    `    - {name: ${name}-budget, match: {source: cloudwatch, labels: {topic: ${name}-alerts}, ` +
      'title: "AWS Budgets*"}, ' +
      'severity: warning}',
    '```',
    '',
    '- **Critical** starts Smart Wake’s ladder at once: a phone call (press 1 to acknowledge), again every 3 minutes ' +
      'up to 4 calls, then an SMS, then your fallbacks (email, Slack, Discord, ntfy). Acknowledge by pressing 1, ' +
      'replying `ACK`, or `soloops ack GROUP`. Alarms firing together in one outage are grouped: one storm, one ' +
      'ladder. soloops also opens an incident for it (`incident.auto`): `soloops incident` lists it.',
    '- **Quiet hours** (`wake.quiet_hours`): warnings and info make no sound; critical breaks through. Outside them, ' +
      '`wake.warnings_to` can push new warnings to one channel at once.',
    '- **A planned deploy or migration:** `soloops watch silence add --match labels.alarm=' +
      `${notifying[0]?.name ?? `${name}-…`} --for 1h --comment deploy\` ` +
      `(\`labels.alarm=${name}-*\` for all of them). ` +
      'Silenced alerts are still stored and shown in the digest.',
    '- **Check a verdict:** `soloops digest show GROUP` names the deciding layer (`rule …`); `soloops triage ' +
      'feedback ID wrong --severity warning` corrects a type of alert without a rule.',
    '',
  ];
}

function digest(): string[] {
  return [
    '## 3. The morning digest',
    '',
    'Warnings and info wait for the digest: the night on one screen, what woke you and how you acknowledged it, what ' +
      'is still firing, each alarm type with a short summary, the ones that fire often with a command to quiet them. ' +
      '`soloops digest` shows last night; `digest.at: "08:00"` in soloops.yaml makes watch send it (`digest.send`: ' +
      'email, slack, discord, ntfy). An alarm that fires most nights is a threshold to fix, not a habit: raise it in ' +
      'main.tf, or mark it (`soloops triage feedback ID wrong --severity info`).',
    '',
  ];
}

function shell(name: string, region: string, loadBalancer: boolean): string[] {
  return [
    '## 4. Before you start: your shell',
    '',
    'The commands below use these (and AWS credentials that may read the account). Run them from this folder, so ' +
      '`terraform output` works.',
    '',
    '```sh',
    `export AWS_REGION=${region}`,
    `NAME=${name}   # var.name`,
    ...(loadBalancer
      ? [
          'LB_ARN=$(aws elbv2 describe-load-balancers --names "$NAME" --query ' +
            '"LoadBalancers[0].LoadBalancerArn" --output text)',
          'TG_ARN=$(aws elbv2 describe-target-groups --load-balancer-arn "$LB_ARN" --query ' +
            '"TargetGroups[0].TargetGroupArn" --output text)',
        ]
      : []),
    '```',
    '',
  ];
}

function alarmSections(name: string, alarms: ParsedAlarm[]): string[] {
  const lines = [
    '## 5. The alarms',
    '',
    '| Alarm | Fires when | soloops |',
    '|---|---|---|',
    ...alarms.map((a) => `| [\`${a.name}\`](#${anchor(a.name)}) | ${conditionText(a)} | ${verdict(a)} |`),
    '',
  ];
  for (const alarm of alarms) {
    const guide = guideOf(alarm);
    lines.push(
      `### ${alarm.name}`,
      '',
      `\`aws_cloudwatch_metric_alarm.${alarm.resource}\` in main.tf. ${alarm.description}`,
      '',
      `- **Fires when:** ${conditionText(alarm)}; missing data counts as ${missingText(alarm.missingData)}.`,
      `- **soloops:** ${verdict(alarm)}: ${guide.why}.` +
        (alarm.topics.length > 0 && !alarm.sendsOk ? ' It sends no OK.' : ''),
      ...(alarm.region
        ? [`- **Region:** ${alarm.region}; add \`--region ${alarm.region}\` to the aws commands for it.`]
        : []),
      `- **What it means:** ${guide.means}`,
      '- **Check first:**',
      // Console steps name the resources; shell commands keep $NAME, set once in section 4.
      ...guide.check.map((c, i) => `  ${i + 1}. ${c.startsWith('Console:') ? c.replaceAll('$NAME', name) : c}`),
      '- **Likely fixes:**',
      ...guide.fixes.map((f) => `  - ${f}`),
      '',
    );
  }
  return lines;
}

function budget(name: string): string[] {
  return [
    '## Budget alerts',
    '',
    `\`aws_budgets_budget.monthly\` (\`${name}-monthly\`) publishes to the same topic at 80 % of the budget actually ` +
      'spent and at 100 % forecast. They reach soloops as plain SNS messages titled "AWS Budgets: …"; the rule above ' +
      'keeps them for the digest. Check: Billing → Cost Explorer, grouped by service, daily, this month; COST.md ' +
      'says what each line should cost. A service far above its line is a leak (logs, NAT or data transfer, an idle ' +
      'GPU) or real growth (SCALING.md).',
    '',
  ];
}

function missingText(mode: string): string {
  if (mode === 'breaching') return 'breaching (no data fires it)';
  if (mode === 'notBreaching') return 'fine (quiet periods never fire it)';
  if (mode === 'ignore') return 'nothing (the state is kept)';
  return 'missing (the alarm goes to INSUFFICIENT_DATA, which notifies nobody here)';
}

/** GitHub's heading anchor: lower case, spaces to hyphens, punctuation but hyphens and underscores dropped. */
function anchor(heading: string): string {
  return heading
    .toLowerCase()
    .replace(/[^\w\- ]/g, '')
    .replace(/ /g, '-');
}

export const runbookFile: KitFile = {
  path: 'RUNBOOK.md',
  purpose: 'on call: wiring the alarms to soloops watch, what phones you, and per alarm what to check and fix',
  render: runbookMarkdown,
};
