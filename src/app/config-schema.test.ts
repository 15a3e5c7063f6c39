import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { UserError } from '../core/errors.js';
import { loadConfig } from './config.js';
import { configSchema } from './config-schema.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** Loads `yaml` as soloops.yaml the way every command does. */
function load(yaml: string) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'soloops-config-'));
  dirs.push(dir);
  fs.writeFileSync(path.join(dir, 'soloops.yaml'), yaml);
  return loadConfig(undefined, {}, dir).config;
}

/** The message of the UserError `yaml` is refused with. */
function refusal(yaml: string): string {
  try {
    load(yaml);
  } catch (error) {
    expect(error).toBeInstanceOf(UserError);
    return (error as UserError).message;
  }
  throw new Error('expected the config to be refused');
}

const checks = `checks:
  - {name: api-eu, url: "https://eu.example.com/health", service: api}
  - {name: api-us, url: "https://us.example.com/health", service: api, retryInterval: 10s}
`;

describe('services: in soloops.yaml', () => {
  it('reads services with their checks and alert services, filling the defaults', () => {
    const config = load(`${checks}services:
  - id: api
    name: Public API
    checks: [api-eu, api-us]
    alert_services: [api-gateway]
    degraded_ms: 1500
  - {id: docs, name: Documentation}
`);
    expect(config.services).toEqual([
      {
        id: 'api',
        name: 'Public API',
        description: '',
        checks: ['api-eu', 'api-us'],
        alert_services: ['api-gateway'],
        degraded_ms: 1500,
      },
      { id: 'docs', name: 'Documentation', description: '', checks: [], alert_services: [] },
    ]);
  });

  it('refuses a service naming a check that does not exist, naming the key', () => {
    const message = refusal(`${checks}services:\n  - {id: api, name: API, checks: [api-eu, api-asia]}\n`);
    expect(message).toContain('services.0.checks.1: no check named "api-asia" in checks:');
  });

  it('refuses a service check when there is no checks: section at all', () => {
    expect(refusal('services:\n  - {id: web, name: Web, checks: [home]}\n')).toContain(
      'services.0.checks.0: no check named "home" in checks:',
    );
  });

  it('refuses duplicate ids, bad ids, unknown keys and more than 50 services', () => {
    expect(refusal('services:\n  - {id: a, name: A}\n  - {id: a, name: B}\n')).toContain('service ids must be unique');
    expect(refusal('services:\n  - {id: Bad Id, name: A}\n')).toContain('services.0.id:');
    expect(refusal('services:\n  - {id: a, name: A, check: [x]}\n')).toContain('services.0: unknown key "check"');
    const many = Array.from({ length: 51 }, (_, i) => `  - {id: s${i}, name: S${i}}`).join('\n');
    expect(refusal(`services:\n${many}\n`)).toContain('services: at most 50 services');
  });
});

describe('checks: retryInterval', () => {
  it('defaults to 5 s and takes a duration', () => {
    const config = load(checks);
    expect(config.checks.map((c) => c.retryInterval)).toEqual([5000, 10_000]);
  });

  it('refuses a bad duration naming the key', () => {
    const parsed = configSchema.safeParse({
      checks: [{ name: 'x', url: 'http://x.test/', service: 'x', retryInterval: 'soon' }],
    });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.path).toEqual(['checks', 0, 'retryInterval']);
  });
});

describe('snap.alerts and watch.snap', () => {
  it('reads host alert rules with their defaults, and leaves sampling off unless watch.snap.interval is set', () => {
    const config = load(`snap:
  alerts:
    - {name: disk-full, metric: disk, above: 90, for: 10m, severity: warning, host: "web-*"}
    - {metric: memory, above: 95, severity: critical}
watch:
  snap: {interval: 1m}
`);
    expect(config.snap.alerts).toEqual([
      { name: 'disk-full', metric: 'disk', above: 90, for: 600_000, severity: 'warning', host: 'web-*' },
      { metric: 'memory', above: 95, for: 0, severity: 'critical' },
    ]);
    expect(config.watch.snap.interval).toBe(60_000);
    expect(load('snap: {}\n')).toMatchObject({ snap: { alerts: [] }, watch: { snap: {} } });
    expect(load('').watch.snap.interval).toBeUndefined();
  });

  it('refuses a bad metric, severity, duration or duplicate name, naming the key', () => {
    const rule = (fields: string) => `snap:\n  alerts:\n    - {${fields}}\n`;
    expect(refusal(rule('metric: disks, above: 90, severity: warning'))).toContain(
      'snap.alerts.0.metric: expected one of cpu, memory, disk, load1',
    );
    expect(refusal(rule('metric: disk, above: 90, severity: page'))).toContain('snap.alerts.0.severity:');
    expect(refusal(rule('metric: disk, above: "90%", severity: warning'))).toContain('snap.alerts.0.above:');
    expect(refusal(rule('metric: disk, above: 90, for: soon, severity: warning'))).toContain('snap.alerts.0.for:');
    expect(refusal(rule('metric: disk, above: 90, severity: warning, when: now'))).toContain(
      'snap.alerts.0: unknown key "when"',
    );
    const twice =
      'snap:\n  alerts:\n    - {name: d, metric: disk, above: 1, severity: info}\n' +
      '    - {name: d, metric: cpu, above: 1, severity: info}\n';
    expect(refusal(twice)).toContain('snap.alerts.1.name: the name "d" is used twice');
  });

  it('refuses a sampling interval under a second, naming watch.snap.interval', () => {
    expect(refusal('watch:\n  snap: {interval: 100ms}\n')).toContain('watch.snap.interval: expected at least 1s');
    expect(refusal('watch:\n  snap: {every: 1m}\n')).toContain('watch.snap: unknown key "every"');
  });
});
