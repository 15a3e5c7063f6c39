/** The level of common log formats, read from text lines: what it says and where it said it. */
import { describe, expect, it } from 'vitest';
import { newParseContext } from '../index.js';
import { text } from './text.js';

const context = newParseContext(new Date('2026-11-22T03:04:05Z'));
const parseOne = (line: string) => text.parse(line, context)[0];

describe('text: log levels', () => {
  it.each([
    // logfmt (issue 15: `level=` was ignored and this came out warning)
    ['level=info msg="Container healthcheck passed"', ['level', 'info', 'info'], 'Container healthcheck passed'],
    ['ts=2026-11-22T03:04:05Z level=warn msg="slow" caller=db.go:12', ['level', 'warn', 'warning'], 'slow'],
    [
      't=2026-11-22T03:04:05Z lvl=eror msg="alert rule failed" logger=ngalert',
      ['lvl', 'eror', null],
      'alert rule failed',
    ],
    ['lvl=dbug msg="tick"', ['lvl', 'dbug', 'info'], 'tick'],
    ['time="2026-11-22T03:04:05Z" level=fatal msg="cannot start"', ['level', 'fatal', 'critical'], 'cannot start'],
    ['level=ERROR msg="payment failed" service=checkout', ['level', 'ERROR', null], 'payment failed'],
    // JSON-ish text that did not parse as JSON
    ['{"level":"warning","msg":"disk 91%"', ['level', 'warning', 'warning'], undefined],
    // syslog PRI: severity = PRI % 8, in RFC 5424's words
    ['<13>Nov 22 03:04:05 web-1 app[1]: started', ['<PRI>', 'notice', 'info'], 'started'],
    ['<10>Nov 22 03:04:05 web-1 app[1]: disk gone', ['<PRI>', 'crit', 'critical'], 'disk gone'],
    ['<12>Nov 22 03:04:05 web-1 app[1]: disk 91%', ['<PRI>', 'warning', 'warning'], 'disk 91%'],
    ['<11>Nov 22 03:04:05 web-1 app[1]: request failed', ['<PRI>', 'err', null], 'request failed'],
    // journald PRIORITY= as printed by `journalctl -o export` and log shippers
    [
      'PRIORITY=6 SYSLOG_IDENTIFIER=logrotate MESSAGE="logrotate.service: Succeeded."',
      ['PRIORITY', 'info', 'info'],
      'logrotate.service: Succeeded.',
    ],
    ['PRIORITY=3 SYSLOG_IDENTIFIER=postgres MESSAGE=crashed', ['PRIORITY', 'err', null], 'crashed'],
    // level words and crashes
    ['ERROR [api] db timeout', ['message', 'ERROR', null], 'db timeout'],
    ['[WARN] disk /var 91% full', ['message', 'WARN', 'warning'], 'disk /var 91% full'],
    [
      'Nov 22 03:04:05 web-1 kernel: Out of memory: Killed process 4242 (node)',
      ['message', 'Out of memory', 'critical'],
      undefined,
    ],
    ['Starting Daily apt upgrade and clean activities...', [null, null, null], undefined],
  ])('%s', (line, [field, word, hint], title) => {
    const alert = parseOne(line);
    expect(alert).toMatchObject({ severityField: field, severityText: word, severityHint: hint });
    if (title !== undefined) expect(alert?.title).toBe(title);
  });

  it('takes the most urgent of the PRI and the message level, with its field', () => {
    expect(parseOne('<14>Nov 22 03:04:05 web-1 api[812]: FATAL cannot bind')).toMatchObject({
      severityField: 'message',
      severityText: 'FATAL',
      severityHint: 'critical',
    });
    expect(parseOne('<10>Nov 22 03:04:05 web-1 api[812]: level=info msg=x')).toMatchObject({
      severityField: '<PRI>',
      severityText: 'crit',
    });
  });

  it('names the service from journald fields', () => {
    expect(parseOne('PRIORITY=6 SYSLOG_IDENTIFIER=logrotate MESSAGE=done')?.service).toBe('logrotate');
  });
});
