import { describe, expect, it } from 'vitest';
import { UserError } from '../../core/errors.js';
import { newParseContext } from '../index.js';
import { text } from './text.js';

const context = newParseContext(new Date('2026-11-22T03:04:05Z'));
const parseOne = (line: unknown) => text.parse(line, context)[0];

describe('text', () => {
  it.each([
    // RFC 3164 with PRI (34 = auth.crit), the RFC's own example shape
    [
      "<34>Oct 11 22:14:15 mymachine su: 'su root' failed for lonvick on /dev/pts/8",
      {
        service: 'su',
        host: 'mymachine',
        severityText: 'crit',
        severityHint: 'critical',
        title: "'su root' failed for lonvick on /dev/pts/8",
        facility: 'auth',
      },
    ],
    // RFC 3164 with PRI 30 (daemon.info), message level ERROR outranks it; error is ambiguous (no hint)
    [
      '<30>Nov 22 03:04:05 web-1 api[812]: ERROR payment provider timeout',
      {
        service: 'api',
        host: 'web-1',
        severityText: 'ERROR',
        severityHint: null,
        title: 'payment provider timeout',
        facility: 'daemon',
      },
    ],
    // RFC 3164 without PRI / journald short
    [
      'Nov 22 03:04:05 db-1 postgres[123]: FATAL:  the database system is in recovery mode',
      {
        service: 'postgres',
        host: 'db-1',
        severityText: 'FATAL',
        severityHint: 'critical',
        title: 'the database system is in recovery mode',
      },
    ],
    [
      'Nov  2 03:04:05 web-1 sshd[99]: error: PAM: Authentication failure for root from 203.0.113.9',
      {
        service: 'sshd',
        host: 'web-1',
        severityText: 'error',
        severityHint: null,
        title: 'PAM: Authentication failure for root from 203.0.113.9',
      },
    ],
    [
      'Nov 22 03:04:05 web-1 kernel: Out of memory: Killed process 4242 (node) total-vm:2048000kB',
      { service: 'kernel', host: 'web-1', severityText: 'Out of memory', severityHint: 'critical' },
    ],
    [
      'Nov 22 03:04:05 web-1 systemd[1]: nginx.service: Main process exited, code=exited, status=1/FAILURE',
      { service: 'nginx', host: 'web-1', program: 'systemd', severityHint: null },
    ],
    [
      'Nov 22 03:04:05 web-1 CRON[2001]: (root) CMD (/usr/local/bin/backup.sh)',
      { service: 'CRON', host: 'web-1', severityHint: null, severityText: null },
    ],
    // RFC 5424 with structured data (165 = local4.notice)
    [
      '<165>1 2026-11-22T03:04:05.003Z mymachine.example.com evntslog - ID47 ' +
        '[exampleSDID@32473 iut="3" eventSource="Application"] An application event log entry',
      {
        service: 'evntslog',
        host: 'mymachine.example.com',
        severityText: 'notice',
        severityHint: 'info',
        title: 'An application event log entry',
        facility: 'local4',
      },
    ],
    [
      '<11>1 2026-11-22T03:04:05Z db-1 pgbouncer 77 - - no more connections allowed',
      {
        service: 'pgbouncer',
        host: 'db-1',
        severityText: 'err',
        severityHint: null,
        title: 'no more connections allowed',
        facility: 'user',
      },
    ],
    // journald short-iso
    [
      '2026-11-22T03:04:05+0000 web-1 worker[55]: WARN retrying job 991 (attempt 3)',
      {
        service: 'worker',
        host: 'web-1',
        severityText: 'WARN',
        severityHint: 'warning',
        title: 'retrying job 991 (attempt 3)',
      },
    ],
    // application logs
    [
      '2026-11-22T03:04:05Z ERROR [api] db timeout after 5000ms',
      { service: 'api', severityText: 'ERROR', severityHint: null, title: 'db timeout after 5000ms' },
    ],
    [
      '2026-11-22T03:04:05Z ERROR api: db timeout',
      { service: 'unknown', severityText: 'ERROR', severityHint: null, title: 'api: db timeout' },
    ],
    [
      '[2026-11-22 03:04:05,123] CRITICAL [billing] card processor unreachable',
      { service: 'billing', severityText: 'CRITICAL', severityHint: 'critical', title: 'card processor unreachable' },
    ],
    [
      'time=2026-11-22T03:04:05Z level=error service=checkout msg="charge failed: card_declined" order=991',
      { service: 'checkout', severityText: 'error', severityHint: null, title: 'charge failed: card_declined' },
    ],
    [
      '[2026-11-22 03:04] ERROR [worker] queue stalled',
      { service: 'worker', severityText: 'ERROR', severityHint: null, title: 'queue stalled' },
    ],
    // nginx error log
    [
      '2026/11/22 03:04:05 [error] 1234#0: *5 connect() failed (111: Connection refused) while connecting to upstream',
      {
        severityText: 'error',
        severityHint: null,
        title: '1234#0: *5 connect() failed (111: Connection refused) while connecting to upstream',
      },
    ],
    [
      '[WARN] disk /var 91% full',
      { service: 'unknown', severityText: 'WARN', severityHint: 'warning', title: 'disk /var 91% full' },
    ],
    [
      'panic: runtime error: invalid memory address or nil pointer dereference',
      {
        severityText: 'panic',
        severityHint: 'critical',
        title: 'runtime error: invalid memory address or nil pointer dereference',
      },
    ],
    ['FATAL could not bind :8080', { severityText: 'FATAL', severityHint: 'critical', title: 'could not bind :8080' }],
    ['container api OOMKilled (exit 137)', { severityText: 'OOMKilled', severityHint: 'critical' }],
    ['INFO server started on :3000', { severityText: 'INFO', severityHint: 'info', title: 'server started on :3000' }],
    ['something happened', { service: 'unknown', severityText: null, severityHint: null, title: 'something happened' }],
  ])('%s', (line, expected) => {
    const { facility, host, program, ...fields } = expected as Record<string, unknown>;
    const alert = parseOne(line);
    expect(alert).toMatchObject({ source: 'text', status: 'firing', body: line, raw: line, ...fields });
    expect(alert?.labels.host).toBe(host);
    expect(alert?.labels.facility).toBe(facility);
    if (program) expect(alert?.labels.program).toBe(program);
  });

  it('does not take a level word after an ISO time for a host', () => {
    const alert = parseOne('2026-11-22T03:04:05Z WARN cache: eviction storm');
    expect(alert?.labels.host).toBeUndefined();
    expect(alert?.severityText).toBe('WARN');
  });

  it('keeps a severity word mid-sentence out of the level unless it is upper case', () => {
    expect(parseOne('user reported an error on checkout')?.severityHint).toBeNull();
    expect(parseOne('job failed: see ERROR above')?.severityText).toBe('ERROR');
  });

  it('cuts the title to 200 characters and one line, keeping the whole line as body', () => {
    const long = `ERROR ${'x'.repeat(300)}`;
    expect(parseOne(long)?.title).toHaveLength(200);
    expect(parseOne('ERROR first\nsecond')?.title).toBe('first');
  });

  it('fingerprints by service and normalized message: numbers, ids, times and level aside', () => {
    const a = parseOne('Nov 22 03:04:05 web-1 api[812]: ERROR order 1234 failed after 512ms (req 9f8e7d6c5b4a)');
    const b = parseOne('Nov 23 11:00:00 web-1 api[9]: ERROR order 98 failed after 3001ms (req 0a1b2c3d4e5f)');
    const other = parseOne('Nov 22 03:04:05 web-1 worker[812]: ERROR order 1234 failed after 512ms (req 9f8e7d6c5b4a)');
    expect(b?.fingerprint).toBe(a?.fingerprint);
    expect(other?.fingerprint).not.toBe(a?.fingerprint);
  });

  it('gives unreadable lines one fingerprint per service, and real lines their own', () => {
    const garbage = [
      '\u0001\ufffd\ufffdK\u0003\ufffd\u0007',
      '\ufffd\u0000zQ\ufffd\u001f\ufffd\u0002',
      '#### 12 ####',
      '}',
    ];
    const fingerprints = garbage.map((line) => parseOne(line)?.fingerprint);
    expect(new Set(fingerprints).size).toBe(1);
    const elsewhere = parseOne('Nov 22 03:04:05 web-1 api[812]: \ufffd\u0001\ufffd\ufffd\u0002');
    expect(elsewhere?.service).toBe('api');
    expect(fingerprints).not.toContain(elsewhere?.fingerprint);
    // The line itself is kept whole, for the person to read.
    expect(parseOne(garbage[0])?.body).toBe(garbage[0]!.trim());
    const real = ['database connection refused', 'disk full on /var', 'payment provider timeout', 'zorblax quux'].map(
      (line) => parseOne(line)?.fingerprint,
    );
    expect(new Set([...real, fingerprints[0]]).size).toBe(5);
  });

  it('detects any non-empty string and rejects empty ones', () => {
    expect(text.detect('x')).toBe(true);
    expect(text.detect('  ')).toBe(false);
    expect(text.detect({ title: 'x' })).toBe(false);
    expect(() => text.parse('   ', context)).toThrow(UserError);
  });

  it('reads a forced non-string as its JSON text', () => {
    expect(parseOne({ level: 'error', msg: 'x' })?.severityText).toBe('error');
  });
});
