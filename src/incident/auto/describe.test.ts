import { describe, expect, it } from 'vitest';
import { describeCheckDown } from './describe.js';

const check = {
  name: 'docs-home',
  url: 'https://docs.example.com/',
  service: 'docs',
  timeout: 7000,
  failureThreshold: 3,
};
const refused = { since: '2026-12-04T03:00:00.000Z', errorType: 'connection', error: 'connect ECONNREFUSED' };

describe('describeCheckDown', () => {
  it('a check without a severity, or a critical one, opens a critical P1 incident', () => {
    for (const severity of [undefined, 'critical'] as const) {
      const { open } = describeCheckDown([], { ...check, severity }, refused);
      expect(open).toMatchObject({ severity: 'critical', priority: 'P1', priorityAuto: true, services: ['docs'] });
    }
  });

  it("follows the check's severity when the person marked it warning or info (a lesser outage)", () => {
    expect(describeCheckDown([], { ...check, severity: 'warning' }, refused).open).toMatchObject({
      severity: 'high',
      priority: 'P2',
    });
    expect(describeCheckDown([], { ...check, severity: 'info' }, refused).open).toMatchObject({
      severity: 'medium',
      priority: 'P3',
    });
  });

  it('names the rule that fired and the configured service the check belongs to', () => {
    const services = [
      { id: 'docs', name: 'Documentation', description: '', checks: ['docs-home'], alert_services: [] },
    ];
    const { open } = describeCheckDown(services, check, refused);
    expect(open.title).toBe('Documentation is down');
    expect(open.detection).toBe('3 checks in a row failed (connection refused)');
  });
});
