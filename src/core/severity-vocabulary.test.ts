import { describe, expect, it } from 'vitest';
import type { AlertOrigin } from './alert.js';
import { SEVERITY_VOCABULARY, readSenderSeverity, scaleWord, senderHint } from './severity-vocabulary.js';

/** What a word reads as, in one token: the verdict's severity, or the kind. */
function read(text: string | null, source: AlertOrigin = 'generic', overrides = {}): string {
  const reading = readSenderSeverity(text, source, overrides);
  return reading.kind === 'verdict' ? reading.severity : reading.kind;
}

describe('readSenderSeverity: words', () => {
  it.each([
    ...['critical', 'crit', 'fatal', 'emergency', 'emerg', 'alert', 'panic', 'page', 'disaster'].map((w) => [
      w,
      'critical',
    ]),
    ...['highest', 'urgent', 'blocker'].map((w) => [w, 'critical']),
    ...['warning', 'warn', 'average', 'medium', 'minor', 'moderate'].map((w) => [w, 'warning']),
    ...['info', 'information', 'informational', 'notice', 'low', 'debug', 'ok', 'none'].map((w) => [w, 'info']),
    ...['trace', 'verbose', 'lowest'].map((w) => [w, 'info']),
    ...['error', 'err', 'high', 'major'].map((w) => [w, 'ambiguous']),
    ['Not classified', 'unknown'],
    ['whenever', 'unknown'],
    ['DEFAULT', 'none'],
  ])('%s reads %s', (word, expected) => {
    expect(read(word)).toBe(expected);
  });

  it('reads any case, with surrounding and repeated whitespace', () => {
    expect(read('  CRITICAL\t')).toBe('critical');
    expect(read('Warning ')).toBe('warning');
    expect(read(' not   Classified ')).toBe('unknown');
    expect(readSenderSeverity('  Critical ', 'generic')).toEqual({
      kind: 'verdict',
      severity: 'critical',
      word: 'critical',
    });
    expect(readSenderSeverity(' Error ', 'generic')).toEqual({ kind: 'ambiguous', word: 'error' });
  });

  it('reads no word as none', () => {
    expect(readSenderSeverity(null, 'generic')).toEqual({ kind: 'none' });
    expect(readSenderSeverity('   ', 'generic')).toEqual({ kind: 'none' });
  });

  it('reads Google Cloud LogSeverity', () => {
    const words = ['DEFAULT', 'DEBUG', 'INFO', 'NOTICE', 'WARNING', 'ERROR', 'CRITICAL', 'ALERT', 'EMERGENCY'];
    expect(words.map((w) => read(w))).toEqual([
      'none',
      'info',
      'info',
      'info',
      'warning',
      'ambiguous',
      'critical',
      'critical',
      'critical',
    ]);
  });

  it('reads Zabbix names', () => {
    const names = ['Not classified', 'Information', 'Warning', 'Average', 'High', 'Disaster'];
    expect(names.map((w) => read(w))).toEqual(['unknown', 'info', 'warning', 'warning', 'ambiguous', 'critical']);
  });

  it('reads OpenTelemetry short names with their step', () => {
    expect(['TRACE2', 'DEBUG4', 'INFO3', 'WARN2', 'ERROR3', 'FATAL4'].map((w) => read(w))).toEqual([
      'info',
      'info',
      'info',
      'warning',
      'ambiguous',
      'critical',
    ]);
  });
});

describe('readSenderSeverity: numbered', () => {
  it.each([
    ['Sev0', 'critical'],
    ['sev-1', 'ambiguous'],
    ['SEV 2', 'warning'],
    ['sev3', 'info'],
    ['Sev4', 'info'],
    ['severity 2', 'warning'],
    ['Sev_0', 'critical'],
    ['Sev9', 'unknown'],
    ['P0', 'critical'],
    ['P1', 'critical'],
    ['p-2', 'ambiguous'],
    ['P3', 'warning'],
    ['P4', 'info'],
    ['p5', 'info'],
    ['P1 - Critical', 'critical'],
    ['priority 3', 'warning'],
    ['P10', 'unknown'],
  ])('%s reads %s', (word, expected) => {
    expect(read(word)).toBe(expected);
  });

  it('never calls Azure Sev2–Sev4 critical (issue 15: 7 of 10 were)', () => {
    const words = ['Sev2', 'Sev3', 'Sev4', ' sev2', 'SEV3 ', 'sev-4', 'Sev 2', 'sev3', 'Sev4', 'Sev2'];
    expect(words.map((w) => read(w)).filter((r) => r === 'critical')).toEqual([]);
  });

  it('does not read a bare number: its scale depends on the field', () => {
    expect(['0', '3', '17', '8.0'].map((w) => read(w))).toEqual(['unknown', 'unknown', 'unknown', 'unknown']);
  });
});

describe('readSenderSeverity: per-source rows', () => {
  it('reads Sentry error as ambiguous and Datadog error as a triggered alert', () => {
    expect(read('error', 'sentry')).toBe('ambiguous');
    expect(read('error', 'datadog')).toBe('critical');
    expect(read('Normal', 'datadog')).toBe('none');
    expect(read('success', 'datadog')).toBe('info');
  });

  it('reads Uptime Kuma heartbeat states', () => {
    expect(['down', 'up', 'pending', 'maintenance'].map((w) => read(w, 'uptime-kuma'))).toEqual([
      'critical',
      'info',
      'warning',
      'info',
    ]);
    expect(read('down', 'generic')).toBe('unknown');
  });

  it('reads CloudWatch states, GuardDuty bands and Health categories', () => {
    expect(['ALARM', 'OK', 'INSUFFICIENT_DATA'].map((w) => read(w, 'cloudwatch'))).toEqual(['none', 'info', 'warning']);
    expect(['critical', 'high', 'medium', 'low'].map((w) => read(w, 'cloudwatch'))).toEqual([
      'critical',
      'critical',
      'warning',
      'info',
    ]);
    expect(['issue', 'scheduledChange', 'accountNotification'].map((w) => read(w, 'cloudwatch'))).toEqual([
      'ambiguous',
      'warning',
      'info',
    ]);
  });

  it('reads the crash words of a log line as critical in text only', () => {
    expect(read('Out of memory', 'text')).toBe('critical');
    expect(read('OOMKilled', 'text')).toBe('critical');
    expect(read('OOMKilled', 'generic')).toBe('unknown');
  });

  it('documents why for every row', () => {
    for (const row of Object.values(SEVERITY_VOCABULARY.sources)) expect(row.why.length).toBeGreaterThan(20);
  });
});

describe('readSenderSeverity: the person’s severity_map', () => {
  it('wins over the table, by word or by source:word', () => {
    expect(read('high', 'generic', { high: 'critical' })).toBe('critical');
    expect(read('error', 'sentry', { 'sentry:error': 'warning' })).toBe('warning');
    expect(read('error', 'generic', { 'sentry:error': 'warning' })).toBe('ambiguous');
    expect(read('error', 'sentry', { error: 'critical', 'sentry:error': 'warning' })).toBe('warning');
    expect(read('critical', 'generic', { critical: 'warning' })).toBe('warning');
  });

  it('matches numbered words in any spelling, and unknown words', () => {
    expect(read('P-2', 'generic', { p2: 'critical' })).toBe('critical');
    expect(read('Sev 1', 'generic', { 'Sev-1': 'critical' })).toBe('critical');
    expect(read('whenever', 'generic', { whenever: 'info' })).toBe('info');
    expect(readSenderSeverity(' Whenever ', 'generic', { whenever: 'info' })).toEqual({
      kind: 'verdict',
      severity: 'info',
      word: 'whenever',
    });
  });
});

describe('scaleWord', () => {
  it('names syslog severities, PRI modulo 8', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 7, 11, 30].map((n) => scaleWord('syslog', n))).toEqual([
      'emerg',
      'alert',
      'crit',
      'err',
      'warning',
      'notice',
      'info',
      'debug',
      'err',
      'info',
    ]);
    expect([0, 1, 2, 3, 4, 5, 6, 7].map((n) => read(scaleWord('syslog', n)))).toEqual([
      'critical',
      'critical',
      'critical',
      'ambiguous',
      'warning',
      'info',
      'info',
      'info',
    ]);
  });

  it('names OpenTelemetry severity numbers 1–24', () => {
    expect([1, 4, 5, 8, 9, 12, 13, 16, 17, 20, 21, 24].map((n) => scaleWord('otel', n))).toEqual([
      'TRACE',
      'TRACE',
      'DEBUG',
      'DEBUG',
      'INFO',
      'INFO',
      'WARN',
      'WARN',
      'ERROR',
      'ERROR',
      'FATAL',
      'FATAL',
    ]);
    expect([0, 25, 1.5].map((n) => scaleWord('otel', n))).toEqual([null, null, null]);
    expect([1, 9, 13, 17, 21].map((n) => read(scaleWord('otel', n)))).toEqual([
      'info',
      'info',
      'warning',
      'ambiguous',
      'critical',
    ]);
  });

  it('names GuardDuty bands, Zabbix numbers and pino levels', () => {
    expect([9.5, 8.9, 7, 6.9, 4, 3.9, 0].map((n) => scaleWord('guardDuty', n))).toEqual([
      'critical',
      'high',
      'high',
      'medium',
      'medium',
      'low',
      'low',
    ]);
    expect([0, 1, 2, 3, 4, 5, 6].map((n) => scaleWord('zabbix', n))).toEqual([
      'not classified',
      'information',
      'warning',
      'average',
      'high',
      'disaster',
      null,
    ]);
    expect([60, 50, 40, 30, 20, 10].map((n) => scaleWord('pino', n))).toEqual([
      'fatal',
      'error',
      'warn',
      'info',
      'debug',
      'trace',
    ]);
  });
});

describe('senderHint', () => {
  it('is the verdict, else null', () => {
    expect(senderHint('Sev2', 'generic')).toBe('warning');
    expect(senderHint('error', 'generic')).toBeNull();
    expect(senderHint('ALARM', 'cloudwatch')).toBeNull();
    expect(senderHint(null, 'generic')).toBeNull();
  });
});

describe('readSenderSeverity: spellings remembered', () => {
  it('reads a spelling the same the second time, and overrides still win over it', () => {
    expect(read('CRITICAL ', 'alertmanager')).toBe('critical');
    expect(read('CRITICAL ', 'alertmanager')).toBe('critical');
    expect(read('CRITICAL ', 'alertmanager', { critical: 'info' })).toBe('info');
    expect(readSenderSeverity('CRITICAL ', 'alertmanager')).toEqual({
      kind: 'verdict',
      severity: 'critical',
      word: 'critical',
    });
  });

  it('keeps reading after thousands of spellings (the remembered ones are capped)', () => {
    for (let i = 0; i < 2_000; i++)
      read(`${'Critical'.slice(0, i % 8)}${'critical'.slice(i % 8)}${' '.repeat(i % 7)}`, 'text');
    expect(read('critical', 'text')).toBe('critical');
  });
});
