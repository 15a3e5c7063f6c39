import type { NormalizedAlert } from '../../core/alert.js';
import { UserError } from '../../core/errors.js';
import { fingerprint, UNREADABLE } from '../../core/fingerprint.js';
import { scaleWord, senderHint } from '../../core/severity-vocabulary.js';
import { isUnreadableText } from '../../core/text.js';
import { oneLine, receivedAtText } from '../shared/fields.js';
import type { AlertSource, ParseContext } from '../shared/types.js';

// All patterns are compiled once: this runs per line at 100k lines a second.
const LEVEL_WORDS = 'emerg(?:ency)?|alert|crit(?:ical)?|fatal|panic|err(?:or)?|warn(?:ing)?|notice|info|debug|trace';
const PRI = /^<(\d{1,3})>/;
/** RFC 5424: VERSION TIMESTAMP HOST APP PROCID MSGID STRUCTURED-DATA [MSG]; SD values may hold "]". */
const RFC5424 = /^1 (\S+) (\S+) (\S+) (\S+) (\S+) (-|(?:\[(?:[^\]"\\]|"(?:[^"\\]|\\.)*")*\])+) ?(.*)$/s;
/** RFC 3164 and journald `short`: "Nov 22 03:04:05 " (day space-padded). */
const BSD_TIME = /^[A-Z][a-z]{2} +\d{1,2} \d{2}:\d{2}:\d{2}(?:\.\d+)? +/;
/**
 * journald `short-iso` and application logs: "2026-11-22T03:04:05Z ", "[2026-11-22 03:04:05,123] ",
 * nginx's "2026/11/22 03:04:05 ".
 */
const ISO_TIME = /^\[?\d{4}[-/]\d{2}[-/]\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?\]? +/;
const TAG = /^([^\s:[\]]+)(?:\[\d+\])?: ?(.*)$/s;
const HOST_TAG = /^(\S+) ([^\s:[\]]+)(?:\[\d+\])?: ?(.*)$/s;
const HOST_ONLY = /^(\S+) +(.*)$/s;
/** `level=error`, `lvl=eror` (log15), `"level":"error"`, `severity: warn`; group 1 is the key. */
const KV_LEVEL = /\b(level|lvl|loglevel|severity)["']?\s*[=:]\s*["']?([A-Za-z]+)/i;
/** journald's own field, as `journalctl -o export`/`verbose` and log shippers print it. */
const JOURNALD_PRIORITY = /\bPRIORITY=([0-7])\b/;
/** A level word opening the message with a delimiter: "error: …", "[warn] …", "panic: …". */
const LEADING_LEVEL = new RegExp(`^\\W{0,3}(${LEVEL_WORDS})\\s*[:\\]|>)]`, 'i');
/** Upper-case level words anywhere ("… ERROR [api] …"); lower-case ones mid-sentence are prose. */
const UPPER_LEVEL =
  /\b(EMERG(?:ENCY)?|ALERT|CRIT(?:ICAL)?|FATAL|PANIC|ERR(?:OR)?|WARN(?:ING)?|NOTICE|INFO|DEBUG|TRACE)\b/;
/** The kernel's OOM killer and crashes: a process died, so users are likely affected. */
const CRASH = /\b(?:Out of memory|Killed process|oom-kill(?:er)?|OOMKilled|OOM|segfault|Segmentation fault)\b/;
const STRIP_LEVEL = new RegExp(`^(?:\\[(?:${LEVEL_WORDS})\\]|(?:${LEVEL_WORDS}):)\\s*`, 'i');
const STRIP_UPPER_LEVEL =
  /^(?:EMERG(?:ENCY)?|ALERT|CRIT(?:ICAL)?|FATAL|PANIC|ERR(?:OR)?|WARN(?:ING)?|NOTICE|INFO|DEBUG|TRACE)\b:?\s*/;
/** Tried in order; the first that names a known level word wins ("severity: high" is not one). */
const LEVEL_PATTERNS = [LEADING_LEVEL, UPPER_LEVEL];
const BOM = /^\uFEFF/;
const COMPONENT = /^\[([A-Za-z][\w./:@-]*)\]:?\s*/;
const KV_MSG = /\b(?:msg|message|MESSAGE)=(?:"((?:[^"\\]|\\.)*)"|(\S+))/;
const KV_SERVICE = /\b(?:service|app|component|SYSLOG_IDENTIFIER)=(?:"([^"]+)"|([^\s"]+))/;
const SYSTEMD_UNIT = /\b([\w@.-]+?)\.(?:service|socket|timer|mount)\b/;
const LEVEL_TOKEN = new RegExp(`^\\[?(?:${LEVEL_WORDS})\\]?:?$`, 'i');

const FACILITIES = [
  'kern',
  'user',
  'mail',
  'daemon',
  'auth',
  'syslog',
  'lpr',
  'news',
  'uucp',
  'cron',
  'authpriv',
  'ftp',
  'ntp',
  'security',
  'console',
  'solaris-cron',
  'local0',
  'local1',
  'local2',
  'local3',
  'local4',
  'local5',
  'local6',
  'local7',
];
/** Urgency of a level word, syslog order: emerg 7 … debug 0. */
const RANK = new Map<string, number>([
  ['emerg', 7],
  ['emergency', 7],
  ['alert', 6],
  ['crit', 5],
  ['critical', 5],
  ['fatal', 5],
  ['panic', 5],
  ['dpanic', 5],
  ['err', 4],
  ['error', 4],
  ['eror', 4],
  ['warn', 3],
  ['warning', 3],
  ['notice', 2],
  ['info', 1],
  ['debug', 0],
  ['dbug', 0],
  ['trace', 0],
  ['verbose', 0],
]);

/** A level word found in the line, how urgent it is, and where it was (severityField). */
interface Level {
  text: string;
  rank: number;
  field: string;
}

interface Envelope {
  host?: string | undefined;
  program?: string | undefined;
  message: string;
}

/**
 * Plain text lines: syslog (RFC 3164 with or without `<PRI>`, RFC 5424), journald `short` and
 * `short-iso`, journald `PRIORITY=n`, and application logs with level words (`ERROR [api] …`,
 * logfmt `level=error msg=…` / `lvl=`, `[WARN]`, `panic:`, OOM kills). Program → service, host →
 * labels.host, level → severityText, where it was → severityField (`<PRI>`, `PRIORITY`, `level`,
 * `lvl`, `message`), and the hint the vocabulary gives the word (core/severity-vocabulary.ts:
 * err/error are ambiguous, so no hint). The most urgent of the PRI level and the message's level
 * wins. Any non-empty line parses: text is the fallback source.
 */
export const text: AlertSource<'text'> = {
  name: 'text',
  detect(payload) {
    return typeof payload === 'string' && payload.trim() !== '';
  },
  parse(payload, context) {
    const line = (typeof payload === 'string' ? payload : (JSON.stringify(payload) ?? String(payload))).trim();
    if (line === '') throw new UserError('empty line: nothing to triage');
    return [parseLine(line, context)];
  },
};

function parseLine(line: string, context: ParseContext): NormalizedAlert {
  let rest = line;
  let level: Level | null = null;
  let facility: string | undefined;
  const pri = PRI.exec(rest);
  if (pri) {
    const value = Number(pri[1]);
    level = syslogLevel(value, '<PRI>');
    facility = FACILITIES[value >> 3];
    rest = rest.slice(pri[0].length);
  } else if (rest.includes('PRIORITY=')) {
    const priority = JOURNALD_PRIORITY.exec(rest);
    if (priority) level = syslogLevel(Number(priority[1]), 'PRIORITY');
  }
  const envelope = splitEnvelope(rest, pri !== null);
  let message = envelope.message;
  const iso = ISO_TIME.exec(message);
  if (iso) message = message.slice(iso[0].length);
  level = moreUrgent(level, levelOf(message));
  message = message.replace(STRIP_LEVEL, '').replace(STRIP_UPPER_LEVEL, '');
  const component = COMPONENT.exec(message);
  if (component) message = message.slice(component[0].length);
  let kvService: string | undefined;
  if (message.includes('=')) {
    const kvMsg = KV_MSG.exec(message);
    if (kvMsg) message = kvMsg[1] ?? kvMsg[2] ?? message;
    const kv = KV_SERVICE.exec(envelope.message);
    kvService = kv ? (kv[1] ?? kv[2]) : undefined;
  }
  const unit = envelope.program === 'systemd' ? SYSTEMD_UNIT.exec(message)?.[1] : undefined;
  const service = unit ?? envelope.program ?? kvService ?? component?.[1] ?? envelope.host ?? 'unknown';
  const title = oneLine(message) || oneLine(line);
  const labels: Record<string, string> = {};
  if (envelope.host) labels.host = envelope.host;
  if (envelope.program && envelope.program !== service) labels.program = envelope.program;
  if (facility) labels.facility = facility;
  return {
    id: context.newId(),
    source: 'text',
    service,
    title,
    body: line,
    labels,
    status: 'firing',
    severityHint: level ? senderHint(level.text, 'text') : null,
    severityText: level?.text ?? null,
    severityField: level?.field ?? null,
    // Binary or wordless lines would each be a group of their own (issue 13: random bytes made
    // 4,030 groups in one run); they identify nothing, so they share one group per service.
    fingerprint: fingerprint(['text', service, isUnreadableText(title) ? UNREADABLE : title]),
    receivedAt: receivedAtText(context),
    raw: line,
  };
}

/** Separates the syslog/journald header (time, host, program) from the message. */
function splitEnvelope(rest: string, hadPri: boolean): Envelope {
  if (hadPri && rest.startsWith('1 ')) {
    const m = RFC5424.exec(rest);
    if (m) return { host: nil(m[2]), program: nil(m[3]), message: (m[7] ?? '').replace(BOM, '') };
  }
  const bsd = BSD_TIME.exec(rest);
  if (bsd) {
    const after = rest.slice(bsd[0].length);
    const tag = TAG.exec(after);
    if (tag) return { program: tag[1], message: tag[2] ?? '' };
    const hostTag = HOST_TAG.exec(after);
    if (hostTag) return { host: hostTag[1], program: hostTag[2], message: hostTag[3] ?? '' };
    const hostOnly = HOST_ONLY.exec(after);
    return hostOnly ? { host: hostOnly[1], message: hostOnly[2] ?? '' } : { message: after };
  }
  const iso = ISO_TIME.exec(rest);
  if (iso) {
    // journald short-iso looks like an app log line ("<time> ERROR api: …"): only a host that is
    // not a level word or key=value, followed by "program:", makes it syslog.
    const hostTag = HOST_TAG.exec(rest.slice(iso[0].length));
    if (hostTag && isHostname(hostTag[1]) && !LEVEL_TOKEN.test(hostTag[2] ?? '')) {
      return { host: hostTag[1], program: hostTag[2], message: hostTag[3] ?? '' };
    }
  }
  return { message: rest };
}

function isHostname(token: string | undefined): boolean {
  return token !== undefined && !token.includes('=') && !token.startsWith('[') && !LEVEL_TOKEN.test(token);
}

function nil(value: string | undefined): string | undefined {
  return value === undefined || value === '-' ? undefined : value;
}

/** syslog severity `value % 8` in RFC 5424's words (3 → err): rank 7 (emerg) … 0 (debug). */
function syslogLevel(value: number, field: string): Level {
  const severity = value & 7;
  return { text: scaleWord('syslog', severity) ?? 'info', rank: 7 - severity, field };
}

/**
 * The message's own level: a key=value level (logfmt `level=`, `lvl=`; JSON-ish `"level":`),
 * else a leading level word, else an upper-case one; OOM/crash outranks.
 */
function levelOf(message: string): Level | null {
  let found: Level | null = null;
  const kv = message.includes('=') || message.includes(':') ? KV_LEVEL.exec(message) : null;
  const kvRank = kv?.[2] === undefined ? undefined : RANK.get(kv[2].toLowerCase());
  if (kv?.[1] && kv[2] && kvRank !== undefined) found = { text: kv[2], rank: kvRank, field: kv[1].toLowerCase() };
  for (let i = 0; found === null && i < LEVEL_PATTERNS.length; i++) {
    const word = LEVEL_PATTERNS[i]?.exec(message)?.[1];
    const rank = word === undefined ? undefined : RANK.get(word.toLowerCase());
    if (word !== undefined && rank !== undefined) found = { text: word, rank, field: 'message' };
  }
  const crash = CRASH.exec(message);
  return crash ? moreUrgent(found, { text: crash[0], rank: 5, field: 'message' }) : found;
}

function moreUrgent(a: Level | null, b: Level | null): Level | null {
  if (!a) return b;
  if (!b) return a;
  return b.rank > a.rank ? b : a;
}
