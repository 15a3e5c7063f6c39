import { quantity } from '../reports/table.js';

/**
 * The CloudWatch alarms of rendered Terraform, read from main.tf's text, so RUNBOOK.md lists
 * exactly what `terraform apply` creates. The blocks are ours and `terraform fmt`-formatted (one
 * argument per line, the closing brace in column 0), so a line reader is enough; the tests check
 * it against a real HCL parser.
 */
export interface ParsedAlarm {
  /** `alb_5xx` in `aws_cloudwatch_metric_alarm.alb_5xx`. */
  resource: string;
  /** The alarm's name in AWS, `${local.name}` replaced by the plan's name. */
  name: string;
  description: string;
  namespace: string;
  metric: string;
  /** `Sum`, `Average`, or an extended statistic such as `p99`. */
  statistic: string;
  periodS: number;
  evaluations: number;
  threshold: number;
  comparison: string;
  /** How missing data counts; `missing` (CloudWatch's default) when not set. */
  missingData: string;
  /** The SNS topic resources its ALARM notifies (`alerts`, `edge_alerts`); empty when it only scales. */
  topics: string[];
  /** Whether it sends OK too, which resolves its group in soloops. */
  sendsOk: boolean;
  /** us-east-1 when it runs on the us_east_1 provider (CloudFront, Route 53), else undefined. */
  region: string | undefined;
}

const RESOURCE = /^resource "aws_cloudwatch_metric_alarm" "(\w+)" \{\n([\s\S]*?)^\}/gm;
const ARGUMENT = /^\s+(\w+)\s*=\s*(.+)$/gm;

/**
 * Every `aws_cloudwatch_metric_alarm` of a main.tf, in file order. A threshold main.tf computes from a size
 * variable (`local.db_free_storage_bytes`) is read from the plan value of the same name: the default's result.
 */
export function parseAlarms(mainTf: string, name: string, values: Record<string, string> = {}): ParsedAlarm[] {
  return [...mainTf.matchAll(RESOURCE)].map(([, resource, body]) => {
    const args = new Map([...body!.matchAll(ARGUMENT)].map((m) => [m[1]!, m[2]!.trim()]));
    const text = (key: string) => unquote(args.get(key) ?? '').replaceAll('${local.name}', name);
    const num = (key: string) => {
      const raw = args.get(key) ?? '';
      const local = /^local\.(\w+)$/.exec(raw)?.[1];
      return Number(local === undefined ? raw || Number.NaN : (values[local] ?? Number.NaN));
    };
    const topics = (key: string) => [...(args.get(key) ?? '').matchAll(/aws_sns_topic\.(\w+)\.arn/g)].map((m) => m[1]!);
    return {
      resource: resource!,
      name: text('alarm_name'),
      description: text('alarm_description'),
      namespace: text('namespace'),
      metric: text('metric_name'),
      statistic: text('extended_statistic') || text('statistic'),
      periodS: num('period'),
      evaluations: num('evaluation_periods'),
      threshold: num('threshold'),
      comparison: text('comparison_operator'),
      missingData: text('treat_missing_data') || 'missing',
      topics: topics('alarm_actions'),
      sendsOk: topics('ok_actions').length > 0,
      region: args.get('provider') === 'aws.us_east_1' ? 'us-east-1' : undefined,
    };
  });
}

function unquote(value: string): string {
  return value.startsWith('"') && value.endsWith('"') ? value.slice(1, -1) : value;
}

const OPERATORS: Record<string, string> = {
  GreaterThanThreshold: '>',
  GreaterThanOrEqualToThreshold: '≥',
  LessThanThreshold: '<',
  LessThanOrEqualToThreshold: '≤',
};

/** "HTTPCode_Target_5XX_Count (Sum) > 10 in 3 periods of 1 min": the alarm's condition in one line. */
export function conditionText(alarm: ParsedAlarm): string {
  const op = OPERATORS[alarm.comparison] ?? alarm.comparison;
  const period = alarm.periodS % 60 === 0 ? `${alarm.periodS / 60} min` : `${alarm.periodS} s`;
  const periods = alarm.evaluations === 1 ? `in 1 period of ${period}` : `in ${alarm.evaluations} periods of ${period}`;
  return `${alarm.metric} (${alarm.statistic}) ${op} ${thresholdText(alarm)} ${periods}`;
}

function thresholdText(alarm: ParsedAlarm): string {
  const t = alarm.threshold;
  // CloudWatch reports storage and memory in bytes; a person reads GiB and MiB.
  if (/Storage|Memory/.test(alarm.metric) && !alarm.metric.endsWith('Percentage') && t >= 1024 ** 2) {
    return t >= 1024 ** 3 ? `${quantity(t / 1024 ** 3)} GiB` : `${quantity(t / 1024 ** 2)} MiB`;
  }
  if (alarm.metric === 'ApproximateAgeOfOldestMessage') return `${t} s`;
  return String(t);
}
