import { describe, expect, it } from 'vitest';
import type { NormalizedAlert, Severity } from '../../core/alert.js';
import { newParseContext, parsePayload } from '../../sources/index.js';
import { extractFeatures } from '../../triage/features.js';
import type { SeverityModel } from '../../triage/model.js';
import { loadShippedModel } from '../../triage/shipped.js';
import { modelWithFeedback } from './feedback.js';

// What retraining on the person's corrections may and may not move (issue 15).

const parse = (payload: unknown): NormalizedAlert => parsePayload(payload, {}, newParseContext()).alerts[0]!;
const pCritical = (model: SeverityModel, alert: NormalizedAlert) =>
  model.predict(extractFeatures(alert)).probabilities.critical;
const verdict = (model: SeverityModel, alert: NormalizedAlert) => model.predict(extractFeatures(alert)).severity;
const taught = (severity: Severity, ...alerts: NormalizedAlert[]) => alerts.map((alert) => ({ alert, severity }));

const killed = parse('postgresql.service: Main process exited, code=killed, status=9/KILL');

describe('modelWithFeedback', () => {
  it('keeps an unrelated critical text line critical after a routine text line is corrected to info', () => {
    const shipped = loadShippedModel();
    expect(verdict(shipped, killed)).toBe('critical');
    const model = modelWithFeedback(taught('info', parse('logrotate.service: Succeeded.')));
    expect(verdict(model, killed)).toBe('critical');
    // Not a whole bucket: text lines, `level:none`, `source:text` are not what was corrected.
    expect(Math.abs(pCritical(model, killed) - pCritical(shipped, killed))).toBeLessThan(0.05);
    expect(verdict(model, parse('logrotate.service: Succeeded.'))).toBe('info');
  });

  it('bounds what many corrections sharing a word do to another alert with that word', () => {
    const units = ['logrotate', 'apt-daily', 'man-db', 'fstrim', 'certbot', 'motd-news', 'sysstat-collect', 'ua-timer'];
    const routine = units.flatMap((unit) => [
      parse(`${unit}.service: Succeeded.`),
      parse(`${unit}.service: Deactivated successfully.`),
      parse(`${unit}.service: Consumed 1.2s CPU time.`),
    ]);
    const model = modelWithFeedback(taught('info', ...routine));
    expect(verdict(model, killed)).toBe('critical');
    expect(pCritical(model, killed)).toBeGreaterThan(0.5);
  });

  it('keeps the class totals the field features are scored against', () => {
    const model = modelWithFeedback(taught('info', parse('logrotate.service: Succeeded.'), parse('backup done')));
    expect(model.toJSON().docs).toEqual(loadShippedModel().toJSON().docs);
  });

  it('moves similar alerts: a correction of Postgres replication lag moves MySQL replication lag', () => {
    const postgres = parse({ title: 'Postgres replication lag high', service: 'db', message: 'replica 300 s behind' });
    const mysql = parse({ title: 'MySQL replication lag high', service: 'db2', message: 'replica 120 s behind' });
    const shipped = pCritical(loadShippedModel(), mysql);
    expect(pCritical(modelWithFeedback(taught('critical', postgres)), mysql)).toBeGreaterThan(shipped);
    const pInfo = (model: SeverityModel) => model.predict(extractFeatures(mysql)).probabilities.info;
    expect(pInfo(modelWithFeedback(taught('info', postgres)))).toBeGreaterThan(pInfo(loadShippedModel()));
    const unrelated = parse({ title: 'Certificate expires in 3 days', service: 'web' });
    const before = pCritical(loadShippedModel(), unrelated);
    expect(pCritical(modelWithFeedback(taught('critical', postgres)), unrelated)).toBeCloseTo(before, 2);
  });
});
