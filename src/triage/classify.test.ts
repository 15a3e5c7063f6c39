import { describe, expect, it } from 'vitest';
import type { TriageResult } from '../core/alert.js';
import type { SeverityOverrides } from '../core/severity-vocabulary.js';
import { newParseContext, parsePayload } from '../sources/index.js';
import { classifyLocally, type LocalTriage } from './classify.js';
import { type Correction, Corrections, typeOf } from './corrections.js';
import { compileRules } from './rules.js';
import { loadShippedModel } from './shipped.js';

// The offline layers in order (issue 15): status, the person's rules, their corrections, the
// sender's severity, then the model, which makes no call on no evidence.

const context = newParseContext(new Date('2026-11-30T03:04:05Z'));
const model = loadShippedModel();

function layers(overrides: Partial<LocalTriage> = {}): LocalTriage {
  return { rules: [], corrections: Corrections.none, severityMap: {}, model, ...overrides };
}

function alertOf(payload: unknown) {
  const { alerts } = parsePayload(payload, {}, context);
  expect(alerts).toHaveLength(1);
  return alerts[0]!;
}

const triage = (payload: unknown, local = layers()): TriageResult => classifyLocally(alertOf(payload), local);

function correctionFor(payload: unknown, severity: Correction['severity']): Correction {
  const alert = alertOf(payload);
  return {
    type: typeOf(alert),
    fingerprint: alert.fingerprint,
    severity,
    at: '2026-11-30T03:04:05.000Z',
    alertId: '1a2b3c4d-0000-4000-8000-000000000000',
    title: alert.title,
  };
}

describe('the order of the layers', () => {
  const payments = { title: 'payments API down', service: 'payments', severity: 'critical' };
  const rule = compileRules([{ name: 'payments-noise', match: { service: 'payments' }, severity: 'info' }]);
  const feedback = new Corrections([correctionFor(payments, 'warning')]);

  it('rule beats feedback beats source beats model', () => {
    expect(triage(payments, layers({ rules: rule, corrections: feedback }))).toMatchObject({
      severity: 'info',
      classifier: 'rule',
      reason: 'rule payments-noise',
    });
    expect(triage(payments, layers({ corrections: feedback }))).toMatchObject({
      severity: 'warning',
      classifier: 'feedback',
      confidence: 1,
      reason: 'you marked this type warning on 2026-11-30 (alert 1a2b3c4d)',
    });
    expect(triage(payments)).toMatchObject({
      severity: 'critical',
      classifier: 'source',
      confidence: 1,
      reason: 'source: severity=critical',
    });
    const { severity: _, ...withoutSeverity } = payments;
    expect(triage(withoutSeverity)).toMatchObject({ severity: 'critical', classifier: 'model' });
  });

  it('a resolved alert is info before any layer', () => {
    const resolved = { ...payments, status: 'resolved' };
    expect(triage(resolved, layers({ rules: rule, corrections: feedback }))).toMatchObject({
      severity: 'info',
      classifier: 'status',
    });
  });

  it('a correction holds for the type: the same alert from another host, with other numbers', () => {
    const local = layers({
      corrections: new Corrections([correctionFor({ title: 'Queue lag 120s', service: 'q' }, 'info')]),
    });
    expect(triage({ title: 'Queue lag 950s', service: 'q' }, local)).toMatchObject({
      severity: 'info',
      classifier: 'feedback',
    });
  });
});

describe("the sender's severity", () => {
  it('decides in its own words, and the reason names the field and the value', () => {
    expect(triage({ title: 'payments API down', severity: ' Critical ' })).toMatchObject({
      severity: 'critical',
      classifier: 'source',
      reason: 'source: severity=Critical',
    });
  });

  it('says when the model strongly disagrees, and keeps the verdict', () => {
    const quiet = triage({ title: 'payments API down: all requests fail', severity: 'info' });
    expect(quiet).toMatchObject({ severity: 'info', classifier: 'source' });
    expect(quiet.reason).toMatch(/^source: severity=info \(the model would call this critical, [01]\.\d\d\)$/);
    const loud = triage({ title: 'High CPU usage on db-2', severity: 'critical' });
    expect(loud).toMatchObject({ severity: 'critical', classifier: 'source' });
    expect(loud.reason).toMatch(/^source: severity=critical \(the model would call this (warning|info), [01]\.\d\d\)$/);
    // Agreement, or a model that is not sure, is not worth a note.
    expect(triage({ title: 'payments API down', severity: 'critical' }).reason).toBe('source: severity=critical');
  });

  it('is read through triage.severity_map first, by source or for every source', () => {
    const severityMap: SeverityOverrides = { 'generic:sev-x': 'info', blue: 'warning' };
    expect(triage({ title: 'payments API down', severity: 'SEV-X' }, layers({ severityMap }))).toMatchObject({
      severity: 'info',
      classifier: 'source',
    });
    expect(triage({ title: 'payments API down', severity: 'blue' }, layers({ severityMap }))).toMatchObject({
      severity: 'warning',
      classifier: 'source',
    });
  });

  it('an ambiguous word keeps the model between critical and warning, never info', () => {
    const down = triage({ title: 'payments API down', severity: 'error' });
    expect(down).toMatchObject({ severity: 'critical', classifier: 'model' });
    expect(down.reason).toMatch(/severity=error is ambiguous/);
    const routine = triage({ title: 'nightly backup finished', severity: 'error' });
    expect(routine).toMatchObject({ severity: 'warning', classifier: 'model' });
    expect(routine.reason).toMatch(/^model: severity=error is ambiguous and no evidence of impact/);
  });

  it('an unknown word is a hint the model weighs, and the reason names it', () => {
    const result = triage({ title: 'payments API down', severity: 'purple' });
    expect(result).toMatchObject({ severity: 'critical', classifier: 'model' });
    expect(result.reason).toMatch(/; severity=purple is no known severity word \(a hint\)$/);
  });
});

describe('the model without evidence', () => {
  it('calls nothing critical without a known word of failure: the digest gets a warning', () => {
    const unknown = triage({ title: 'zorblax quux frobnicated' });
    expect(unknown).toMatchObject({ severity: 'warning', classifier: 'model', evidence: [] });
    expect(unknown.reason).toMatch(/^model: no evidence of impact in its words/);
  });

  it('leans critical when there is evidence, and says when the lean rather than the features decided', () => {
    const down = triage({ title: 'payments API down' });
    expect(down).toMatchObject({ severity: 'critical', classifier: 'model' });
    expect(down.reason).toMatch(/^model: .*down \+\d/);
  });

  it('an alert someone set up needs some word of failure; a log line, a strong one', () => {
    // "red" leans critical a little: enough for an alert rule's author, not for a log stream.
    const rule = {
      version: '4',
      status: 'firing',
      receiver: 'soloops',
      groupKey: 'k',
      alerts: [
        {
          status: 'firing',
          labels: { alertname: 'ElasticsearchClusterRed' },
          annotations: { summary: 'Elasticsearch cluster red' },
        },
      ],
    };
    expect(triage(rule)).toMatchObject({ severity: 'critical', classifier: 'model' });
    expect(triage('Elasticsearch cluster red')).toMatchObject({ severity: 'warning', classifier: 'model' });
  });

  // Issue 15, item 4: routine lines came out critical on a fresh install.
  it.each([
    ['logrotate.service: Succeeded.'],
    ['Starting Daily apt upgrade and clean activities...'],
    ['Nov 30 03:04:05 web-1 systemd[1]: logrotate.service: Succeeded.'],
  ])('a routine log line is not critical: %s', (line) => {
    expect(triage(line).severity).not.toBe('critical');
  });

  it('a killed database still wakes', () => {
    const line = 'Nov 30 03:04:05 db-1 systemd[1]: postgresql.service: Main process exited, code=killed, status=9/KILL';
    expect(triage(line)).toMatchObject({ severity: 'critical', classifier: 'model' });
  });

  it("a Sentry-style level: error on a validation error does not page; logfmt's level=info is info", () => {
    expect(triage({ title: 'ValidationError: email is required', level: 'error' }).severity).toBe('warning');
    expect(triage('level=info msg="Container healthcheck passed"')).toMatchObject({
      severity: 'info',
      classifier: 'source',
    });
  });
});
