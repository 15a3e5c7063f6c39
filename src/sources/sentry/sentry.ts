/**
 * Sentry webhooks, told apart by body alone (the `Sentry-Hook-Resource` header does not reach
 * parsers): integration-platform issue alerts (`data.event` + `data.triggered_rule`), metric
 * alerts (`data.metric_alert`), issue and error resources, and the legacy per-project webhook.
 */
import type { AlertStatus, NormalizedAlert } from '../../core/alert.js';
import { UserError } from '../../core/errors.js';
import { fingerprint } from '../../core/fingerprint.js';
import { senderHint } from '../../core/severity-vocabulary.js';
import { isRecord, opaqueId, receivedAtText, textOf } from '../shared/fields.js';
import type { AlertSource, ParseContext } from '../shared/types.js';

type Json = Record<string, unknown>;
type Fields = Omit<NormalizedAlert, 'id' | 'source' | 'receivedAt' | 'raw'>;

/** Issue actions that end the problem for the person: resolved, or ignored/archived in Sentry. */
const closingActions = new Set(['resolved', 'ignored', 'archived']);

/** Sentry resources that are not alerts: recognized so they are not mistaken for another tool, then dropped. */
const quietResources = ['comment', 'installation'];

/**
 * Sentry issue alerts, metric alerts (their action critical/warning/resolved is the severity),
 * issue resources (resolved/ignored → resolved), error resources and the legacy webhook. The
 * event's `level` is the sender's severity, read by the vocabulary's sentry row: `error` is the
 * level of every captured exception, so it stays ambiguous (the model decides); fatal is critical.
 * The project (slug, else name) is the service.
 */
export const sentry: AlertSource<'sentry'> = {
  name: 'sentry',
  detect(payload) {
    return isIntegration(payload) || isLegacy(payload);
  },
  parse(payload, context) {
    if (isLegacy(payload)) return [stamp(legacy(payload), payload, context)];
    if (!isRecord(payload) || typeof payload.action !== 'string' || !isRecord(payload.data)) {
      throw new UserError(
        'not a Sentry webhook body',
        'expected {action, data: {event|metric_alert|issue|error}} or the legacy {project, culprit, level, event}',
      );
    }
    const { action, data } = payload;
    let fields: Fields;
    if (isRecord(data.metric_alert)) fields = metricAlert(action, data);
    else if (isRecord(data.event))
      fields = fromEvent(data.event, {
        rule: textOf(data.triggered_rule) ?? (isRecord(data.issue_alert) ? textOf(data.issue_alert.title) : undefined),
      });
    else if (isRecord(data.error)) fields = fromEvent(data.error, {});
    else if (isRecord(data.issue)) fields = issue(action, data.issue);
    else if (quietResources.some((key) => key in data)) return [];
    else throw new UserError(`Sentry webhook "${action}" carries no event, error, issue or metric_alert`);
    fields.labels.action = action;
    return [stamp(fields, payload, context)];
  },
};

function isIntegration(payload: unknown): payload is Json {
  if (!isRecord(payload) || typeof payload.action !== 'string' || !isRecord(payload.data)) return false;
  if (!isRecord(payload.installation) && !isRecord(payload.actor)) return false;
  const data = payload.data;
  return ['event', 'metric_alert', 'issue', 'error', ...quietResources].some((key) => isRecord(data[key]));
}

/** The legacy plugin posts the group (`project`, `culprit`, `level`, `url`) with the event nested. */
function isLegacy(payload: unknown): payload is Json {
  return (
    isRecord(payload) &&
    isRecord(payload.event) &&
    'culprit' in payload &&
    typeof payload.level === 'string' &&
    (typeof payload.project === 'string' || typeof payload.project_slug === 'string')
  );
}

function metricAlert(action: string, data: Json): Fields {
  const incident = data.metric_alert as Json;
  const rule = isRecord(incident.alert_rule) ? incident.alert_rule : {};
  const heading = textOf(data.description_title);
  // The incident's own `title` is a random name ("Sacred Marmot") per incident: the rule names the alert.
  const name = textOf(rule.name) ?? heading?.replace(/^(critical|warning|resolved):\s*/i, '');
  if (!name) throw new UserError('Sentry metric alert lacks metric_alert.alert_rule.name and description_title');
  const projects = strings(rule.projects).length ? strings(rule.projects) : strings(incident.projects);
  const project = projects.join(',') || undefined;
  const ruleId = textOf(rule.id);
  const labels = compact({
    project,
    rule: name,
    rule_id: ruleId,
    aggregate: textOf(rule.aggregate),
    query: textOf(rule.query),
    dataset: textOf(rule.dataset),
    environment: textOf(rule.environment),
    link: textOf(data.web_url),
  });
  return {
    service: project ?? 'sentry',
    title: name,
    // Sentry's sample escapes the newline twice; show a line break either way.
    body: [heading, textOf(data.description_text)?.replace(/\\n/g, '\n'), textOf(data.web_url)]
      .filter(Boolean)
      .join('\n'),
    labels,
    status: action === 'resolved' ? 'resolved' : 'firing',
    severityHint: senderHint(action, 'sentry'),
    severityText: action,
    severityField: 'action',
    // The rule is the alert: its id is the same in the critical and the resolved notification.
    fingerprint: ruleId
      ? fingerprint([
          'sentry',
          'metric',
          opaqueId(`${textOf(rule.organization_id) ?? textOf(incident.organization_id) ?? ''}/${ruleId}`),
        ])
      : fingerprint(['sentry', 'metric', [...projects].sort().join(','), name]),
  };
}

/** An event (issue alert, error resource, legacy body): the project slug only appears in its API url. */
function fromEvent(event: Json, extra: { rule?: string; project?: string }): Fields {
  const metadata = isRecord(event.metadata) ? event.metadata : {};
  const described =
    textOf(metadata.type) && textOf(metadata.value) ? `${textOf(metadata.type)}: ${textOf(metadata.value)}` : undefined;
  const title = textOf(event.title) ?? described ?? textOf(event.message) ?? textOf(event.culprit);
  if (!title) throw new UserError('Sentry event has no title, message or culprit');
  const tags = tagsOf(event.tags);
  const project = extra.project ?? projectOf(event) ?? tags.project;
  return issueFields({
    title,
    project,
    culprit: textOf(event.culprit),
    level: textOf(event.level) ?? tags.level,
    message: textOf(event.message),
    link: textOf(event.web_url),
    issueId: textOf(event.issue_id),
    labels: {
      ...tags,
      ...compact({
        rule: extra.rule,
        environment: textOf(event.environment) ?? tags.environment,
        release: textOf(event.release),
        platform: textOf(event.platform),
      }),
    },
    status: 'firing',
  });
}

function issue(action: string, issueData: Json): Fields {
  const project = projectOf(issueData);
  const metadata = isRecord(issueData.metadata) ? issueData.metadata : {};
  const title = textOf(issueData.title) ?? textOf(metadata.value) ?? textOf(issueData.culprit);
  if (!title) throw new UserError('Sentry issue has no title or culprit');
  return issueFields({
    title,
    project,
    culprit: textOf(issueData.culprit),
    level: textOf(issueData.level),
    link: textOf(issueData.permalink) ?? textOf(issueData.web_url),
    issueId: textOf(issueData.id),
    labels: compact({
      short_id: textOf(issueData.shortId),
      issue_status: textOf(issueData.status),
      substatus: textOf(issueData.substatus),
    }),
    status: closingActions.has(action) ? 'resolved' : 'firing',
  });
}

function legacy(body: Json): Fields {
  const event = body.event as Json;
  const project = textOf(body.project_slug) ?? textOf(body.project);
  // The top level describes the issue (group), which outranks what the single event says.
  return fromEvent(
    {
      ...event,
      culprit: body.culprit ?? event.culprit,
      level: body.level,
      message: textOf(body.message) ?? event.message,
      issue_id: body.id ?? event.issue_id,
      web_url: body.url ?? event.web_url,
    },
    { project, rule: strings(body.triggering_rules).join(', ') || undefined },
  );
}

/** The parts every Sentry issue-shaped alert shares: level → hint, culprit in labels and body. */
function issueFields(parts: {
  title: string;
  project?: string;
  culprit?: string;
  level?: string;
  message?: string;
  link?: string;
  issueId?: string;
  labels: Record<string, string>;
  status: AlertStatus;
}): Fields {
  const { title, project, culprit, level, status, issueId } = parts;
  const labels = { ...parts.labels, ...compact({ project, level, culprit, issue_id: issueId, link: parts.link }) };
  return {
    service: project ?? 'sentry',
    title,
    body: [
      parts.message && parts.message !== title ? parts.message : undefined,
      culprit && `in ${culprit}`,
      labels.rule && `rule: ${labels.rule}`,
      parts.link,
    ]
      .filter(Boolean)
      .join('\n'),
    labels,
    status,
    // A closed issue is for the record whatever its level.
    severityHint: status === 'resolved' ? 'info' : senderHint(level ?? null, 'sentry'),
    severityText: level ?? null,
    severityField: level ? 'level' : null,
    // Sentry already grouped the events into an issue: its id is the identity, kept whole (opaqueId)
    // so two issues never merge. Without one, an issue is one title at one culprit in one project.
    fingerprint: issueId
      ? fingerprint(['sentry', project, opaqueId(issueId)])
      : fingerprint(['sentry', project, title, culprit]),
  };
}

/**
 * The project's slug (else name) an event or issue belongs to: a `project` object, the
 * `project_slug`/`project_name` fields, or the API url (`/api/0/projects/{org}/{project}/…`). A
 * numeric `project` is only its id.
 */
function projectOf(item: Json): string | undefined {
  const project = item.project;
  if (isRecord(project)) return textOf(project.slug) ?? textOf(project.name);
  if (typeof project === 'string' && !/^\d+$/.test(project.trim())) return textOf(project);
  return (
    textOf(item.project_slug) ??
    textOf(item.project_name) ??
    textOf(item.url)?.match(/\/projects\/[^/]+\/([^/]+)\//)?.[1] ??
    textOf(item.issue_url)?.match(/\/projects\/[^/]+\/([^/]+)\//)?.[1]
  );
}

/** Event tags come as [key, value] pairs (or {key, value} objects); `user` is left out, it carries IPs and emails. */
function tagsOf(value: unknown): Record<string, string> {
  const tags: Record<string, string> = Object.create(null);
  for (const tag of Array.isArray(value) ? value : []) {
    const [key, val] = Array.isArray(tag) ? tag : isRecord(tag) ? [tag.key, tag.value] : [];
    if (typeof key === 'string' && key !== 'user' && textOf(val)) tags[key] = String(val);
  }
  return { ...tags };
}

function stamp(fields: Fields, raw: unknown, context: ParseContext): NormalizedAlert {
  return { id: context.newId(), source: 'sentry', receivedAt: receivedAtText(context), raw, ...fields };
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string' && v !== '') : [];
}

function compact(entries: Record<string, string | undefined>): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const [key, value] of Object.entries(entries)) if (value !== undefined) labels[key] = value;
  return labels;
}
