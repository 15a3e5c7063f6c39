import type { NormalizedAlert } from '../../core/alert.js';
import { UserError } from '../../core/errors.js';
import { fingerprint } from '../../core/fingerprint.js';
import { senderHint } from '../../core/severity-vocabulary.js';
import { parseAlertGroup, serviceFromLabels, severityLabel, type GroupFlavour } from '../alertmanager/alertmanager.js';
import {
  addLabels,
  isRecord,
  notAPayload,
  oneLine,
  opaqueId,
  receivedAtText,
  requireRecord,
  textOf,
} from '../shared/fields.js';
import type { AlertSource, ParseContext } from '../shared/types.js';

const flavour: GroupFlavour = {
  source: 'grafana',
  // Grafana rules rarely carry service labels; the folder is how people file rules per service/team.
  fallbackService: (labels) => labels.grafana_folder || 'grafana',
  // Grafana puts the evaluated query values in `valueString` ("[ var='B' labels={} value=44.2 ]").
  fallbackBody: (alert) => textOf(alert.valueString),
  // The default template renders every alert of the group into `message`.
  groupRendered: ['message'],
};

/**
 * Grafana Alerting webhook: an Alertmanager-shaped group with Grafana's extras (`orgId`, `state`,
 * `title`, `message`, `version: "1"`, per-alert `values`/`silenceURL`/`dashboardURL`/`panelURL`).
 * Grafana rules usually have no severity label, so the hint is often null. Also reads the legacy
 * (pre-unified-alerting, Grafana ≤ 10) body `{ruleName, state, evalMatches, tags, orgId}`.
 */
export const grafana: AlertSource<'grafana'> = {
  name: 'grafana',
  detect(payload) {
    if (!isRecord(payload)) return false;
    // Checked before Alertmanager, whose v4 body never has these Grafana-only fields.
    if (Array.isArray(payload.alerts)) {
      return (
        payload.orgId !== undefined ||
        payload.version === '1' ||
        (typeof payload.state === 'string' && typeof payload.title === 'string')
      );
    }
    return payload.orgId !== undefined && typeof payload.ruleName === 'string' && typeof payload.state === 'string';
  },
  parse(payload, context) {
    const body = requireRecord(payload, 'grafana');
    if (Array.isArray(body.alerts)) return parseAlertGroup(payload, flavour, context);
    if (textOf(body.ruleName) === undefined && textOf(body.title) === undefined) {
      throw new UserError(
        `${notAPayload('grafana')}: expected "alerts" (Grafana Alerting) or "ruleName" (legacy alerting)`,
      );
    }
    return [parseLegacy(body, context)];
  },
};

/** Legacy dashboard alerting: one rule per notification; `state` alerting | ok | no_data | paused | pending. */
function parseLegacy(body: Record<string, unknown>, context: ParseContext): NormalizedAlert {
  const labels = addLabels({}, body.tags);
  const state = textOf(body.state) ?? 'alerting';
  const ruleName = textOf(body.ruleName) ?? 'Grafana alert';
  const ruleId = textOf(body.ruleId);
  const matches = Array.isArray(body.evalMatches) ? body.evalMatches : [];
  const values = matches
    .filter(isRecord)
    .map((m) => `${textOf(m.metric) ?? 'value'}=${textOf(m.value) ?? ''}`)
    .join(', ');
  // A severity tag wins; else no_data (the check is blind) is the only state that says anything.
  const severity = severityLabel(labels, 'tags.') ?? (state === 'no_data' ? (['state', state] as const) : undefined);
  const severityText = severity?.[1] ?? null;
  return {
    id: context.newId(),
    source: 'grafana',
    service: serviceFromLabels(labels) ?? 'grafana',
    title: oneLine(textOf(body.title) ?? ruleName),
    body: [textOf(body.message), values].filter(Boolean).join('\n'),
    labels,
    status: state === 'ok' ? 'resolved' : 'firing',
    severityHint: senderHint(severityText, 'grafana'),
    severityText,
    severityField: severity?.[0] ?? null,
    fingerprint: fingerprint(['grafana', ruleId ? opaqueId(ruleId) : ruleName]),
    receivedAt: receivedAtText(context),
    raw: body,
  };
}
