import fc from 'fast-check';

// Generators for the webhook fuzz suite (test/e2e/watch-fuzz.test.ts). A generated request is a
// small description (RequestSpec) rather than bytes, so a shrunk counterexample reads as what was
// sent ("depth 4712 inside a generic alert") instead of a megabyte of text; bodyOf() builds the bytes.

/**
 * Stands for the per-request marker (a UUID of the same length), so refused requests can be looked for
 * in the store.
 */
export const MARKER = 'fuzzmark-0000-4000-8000-000000000000';
/** Replaced by the spec's raw byte sequences (invalid UTF-8, raw NUL, CR…), in turn. */
export const RAW = '~~RAW~~';
/** Replaced by 'x's so the body is exactly `size` bytes. */
export const PAD = '~~PAD~~';
/** `fill(n)` stands for n 'x's: long values that still print short in a counterexample. */
const FILL = /~~FILL(\d+)~~/g;
export const fill = (n: number) => `~~FILL${n}~~`;
/** Where it stands as a JSON string ("~~DEEP~~"), replaced by a value nested `deep.depth` levels. */
export const DEEP = '~~DEEP~~';

export const SOURCES = [
  'cloudwatch',
  'sentry',
  'datadog',
  'grafana',
  'alertmanager',
  'uptime-kuma',
  'generic',
  'text',
] as const;
export type Source = (typeof SOURCES)[number];

/** One request to the daemon, as data. */
export interface RequestSpec {
  /** What the generator meant; only for reading a counterexample. */
  kind: string;
  /** `/v1/alerts…`, already URL-encoded, with any query string. */
  path: string;
  contentType: string | null;
  framing: 'json' | 'pretty' | 'array' | 'ndjson' | 'lines';
  /** JSON values, or text lines for `lines`. */
  parts: unknown[];
  eol: '\n' | '\r\n';
  bom: 'none' | 'utf8' | 'utf16';
  raw: number[][];
  deep: { depth: number; shape: 'array' | 'object' | 'mixed'; leaf: string } | null;
  size: number | null;
  /** Sent with Transfer-Encoding: chunked (no Content-Length). */
  chunked: boolean;
  /** Extra request headers (credentials). */
  headers: Record<string, string>;
  /** Only the first `cut` bytes are sent (a truncated body). */
  cut: number | null;
}

/** Sets a key as an own property even when it is `__proto__` (plain assignment would set the prototype). */
export function define<T extends object>(target: T, key: string, value: unknown): T {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  return target;
}

/** The body bytes of a spec, with `marker` where MARKER stands. */
export function bodyOf(spec: RequestSpec, marker: string): Buffer {
  const line = (p: unknown) => (typeof p === 'string' && spec.framing === 'lines' ? p : (JSON.stringify(p) ?? 'null'));
  let text: string;
  if (spec.framing === 'json') text = line(spec.parts[0]);
  else if (spec.framing === 'pretty')
    text = JSON.stringify(spec.parts.length === 1 ? spec.parts[0] : spec.parts, null, 2).replaceAll('\n', spec.eol);
  else if (spec.framing === 'array') text = JSON.stringify(spec.parts);
  else text = spec.parts.map(line).join(spec.eol) + (spec.framing === 'ndjson' ? spec.eol : '');
  text = text.replaceAll(MARKER, marker).replace(FILL, (_m, n: string) => 'x'.repeat(Number(n)));
  if (spec.deep) text = text.replaceAll(JSON.stringify(DEEP), deepJson(spec.deep));
  const pieces = text.split(RAW);
  let body = Buffer.concat(
    pieces.flatMap((piece, i) => {
      const chunk = Buffer.from(piece, 'utf8');
      const raw = spec.raw.length > 0 ? spec.raw[i % spec.raw.length]! : [];
      return i < pieces.length - 1 ? [chunk, Buffer.from(raw)] : [chunk];
    }),
  );
  const bom = spec.bom === 'utf8' ? [0xef, 0xbb, 0xbf] : spec.bom === 'utf16' ? [0xff, 0xfe] : [];
  body = Buffer.concat([Buffer.from(bom), body]);
  const at = body.indexOf(PAD);
  if (at >= 0) {
    const fill = spec.size === null ? 0 : Math.max(0, spec.size - (body.length - PAD.length));
    body = Buffer.concat([body.subarray(0, at), Buffer.alloc(fill, 'x'), body.subarray(at + PAD.length)]);
  }
  return spec.cut === null ? body : body.subarray(0, spec.cut);
}

/** A value nested `depth` arrays/objects deep around `leaf` (JSON text), built without recursion. */
export function deepJson({ depth, shape, leaf }: NonNullable<RequestSpec['deep']>): string {
  const open: string[] = [];
  const close: string[] = [];
  for (let i = 0; i < depth; i++) {
    const asArray = shape === 'array' || (shape === 'mixed' && i % 2 === 0);
    open.push(asArray ? '[' : '{"k":');
    close.push(asArray ? ']' : '}');
  }
  return open.join('') + leaf + close.reverse().join('');
}

/** A spec with the usual defaults: one JSON document to /v1/alerts. */
export function spec(kind: string, parts: unknown[], over: Partial<RequestSpec> = {}): RequestSpec {
  return {
    kind,
    path: '/v1/alerts',
    contentType: 'application/json',
    framing: parts.length > 1 ? 'array' : 'json',
    parts,
    eol: '\n',
    bom: 'none',
    raw: [],
    deep: null,
    size: null,
    chunked: false,
    headers: {},
    cut: null,
    ...over,
  };
}

/** Puts the marker into every part: a key of each object, a word at the end of each text line. */
export function marked(parts: unknown[]): unknown[] {
  return parts.map((part) => {
    if (typeof part === 'string') return `${part} fuzz=${MARKER}`;
    if (typeof part === 'object' && part !== null && !Array.isArray(part))
      return define({ ...part }, 'fuzz_marker', MARKER);
    return part;
  });
}

// ---------------------------------------------------------------------------------------------
// Values

const SPECIAL_KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  'polluted',
  'toString',
  'hasOwnProperty',
  'valueOf',
  '__defineGetter__',
  'isPrototypeOf',
];
const WORDS = [
  'api',
  'db',
  'checkout',
  'payments',
  'web-1',
  'prod',
  'us-east-1',
  'HighLatency',
  'disk full on /var',
  'ERROR',
  'critical',
  'warning',
  'info',
  'resolved',
  'firing',
  'ALARM',
  'OK',
  'P1',
  'error',
  'Triggered',
  'Recovered',
];
/** Text that trips parsers: NUL, lone surrogates, BOM, CR/LF, an unfilled Datadog variable, the raw-bytes slot. */
const NASTY = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\ud800',
  '\udfff\ud800',
  'x\ud83d',
  '\ufeff',
  '\r\n',
  '\n\n',
  '$ALERT_PRIORITY',
  '{',
  '[]',
  RAW,
  `${RAW}x${RAW}`,
  '%00',
  '\\u0000',
];

export const word = fc.constantFrom(...WORDS);
/** Any short text, mostly plausible, sometimes hostile. */
export const text = fc.oneof(
  { weight: 4, arbitrary: word },
  { weight: 2, arbitrary: fc.string({ maxLength: 24 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 24 }) },
  { weight: 2, arbitrary: fc.constantFrom(...NASTY) },
);
/** Objects that would pollute Object.prototype if merged naively. */
const pollution = fc.constantFrom<unknown>(
  JSON.parse('{"__proto__": {"polluted": "yes"}}'),
  JSON.parse('{"constructor": {"prototype": {"polluted": "yes"}}}'),
  JSON.parse('{"prototype": {"polluted": "yes"}}'),
  JSON.parse('[{"__proto__": {"polluted": "yes"}}]'),
);
/** Any JSON value, of any type: what a field holds when the sender got its type wrong. */
export const junk: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: fc.jsonValue({ maxDepth: 2, stringUnit: 'binary' }) },
  { weight: 1, arbitrary: pollution },
  { weight: 1, arbitrary: text },
);
const key = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...SPECIAL_KEYS) },
  { weight: 2, arbitrary: fc.string({ maxLength: 12 }) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      'title',
      'message',
      'alerts',
      'Type',
      'data',
      'heartbeat',
      'monitor',
      'msg',
      'orgId',
      'event',
      'labels',
      'tags',
    ),
  },
);

/** A field: usually what the source expects, sometimes a value of the wrong type. */
export function field<T>(valid: fc.Arbitrary<T>): fc.Arbitrary<T | unknown> {
  return fc.oneof({ weight: 7, arbitrary: valid }, { weight: 1, arbitrary: junk });
}

const labelKey = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.constantFrom(
      'alertname',
      'service',
      'severity',
      'instance',
      'job',
      'namespace',
      'app',
      'priority',
      'env',
      'host',
    ),
  },
  { weight: 1, arbitrary: fc.constantFrom(...SPECIAL_KEYS) },
  { weight: 1, arbitrary: fc.string({ maxLength: 10 }) },
);
/** A label/annotation/tag object, special keys included. */
export const labels = fc
  .array(fc.tuple(labelKey, field(text)), { maxLength: 5 })
  .map((entries) => entries.reduce((o, [k, v]) => define(o, k, v), {} as Record<string, unknown>));
const iso = fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2030, 0, 1) }).map((t) => new Date(t).toISOString());
const hex = fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 1, maxLength: 16 });

type Model = Record<string, fc.Arbitrary<unknown>>;

/**
 * An object of a source's shape: the `required` keys present, the others present or not, every
 * value sometimes of the wrong type; then, now and then, one key removed and extra keys added
 * (special keys such as `__proto__` among them).
 */
export function shaped(model: Model, required: string[]): fc.Arbitrary<Record<string, unknown>> {
  const dropOne = fc.oneof({ weight: 6, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.nat() });
  const extras = fc.oneof(
    { weight: 2, arbitrary: fc.constant([]) },
    { weight: 1, arbitrary: fc.array(fc.tuple(key, junk), { minLength: 1, maxLength: 3 }) },
  );
  return fc
    .tuple(fc.record(model, { requiredKeys: required as never[] }), dropOne, extras)
    .map(([record, drop, more]) => {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(record)) define(out, k, v);
      if (drop !== null) {
        const keys = Object.keys(out);
        if (keys.length > 0) delete out[keys[drop % keys.length]!];
      }
      for (const [k, v] of more) define(out, k, v);
      return out;
    });
}

// ---------------------------------------------------------------------------------------------
// Payloads of each source, random in structure (shapes follow src/sources/*.ts)

const alarm = shaped(
  {
    AlarmName: field(text),
    AlarmDescription: field(text),
    AWSAccountId: field(fc.constantFrom('123456789012', '000000000000')),
    NewStateValue: field(fc.oneof(fc.constantFrom('ALARM', 'OK', 'INSUFFICIENT_DATA'), text)),
    OldStateValue: field(text),
    NewStateReason: field(text),
    StateChangeTime: field(iso),
    Region: field(text),
    Trigger: field(
      shaped(
        {
          MetricName: field(text),
          Namespace: field(fc.constantFrom('AWS/EC2', 'AWS/RDS', 'Custom')),
          Dimensions: field(
            fc.array(shaped({ name: field(text), value: field(text) }, ['name', 'value']), { maxLength: 3 }),
          ),
          Metrics: field(fc.array(junk, { maxLength: 2 })),
        },
        [],
      ),
    ),
  },
  ['AlarmName', 'NewStateValue'],
);

const awsEvent = shaped(
  {
    version: fc.constant('0'),
    id: field(hex),
    'detail-type': field(
      fc.oneof(fc.constantFrom('GuardDuty Finding', 'AWS Health Event', 'CloudWatch Alarm State Change'), text),
    ),
    source: field(fc.oneof(fc.constantFrom('aws.guardduty', 'aws.health', 'aws.cloudwatch', 'aws.ec2'), text)),
    account: field(text),
    region: field(text),
    time: field(iso),
    resources: field(fc.array(text, { maxLength: 2 })),
    detail: field(
      shaped(
        {
          title: field(text),
          type: field(text),
          severity: field(fc.oneof(fc.double({ min: 0, max: 10, noNaN: true }), text)),
          id: field(hex),
          description: field(text),
          eventTypeCode: field(text),
          eventTypeCategory: field(fc.constantFrom('issue', 'scheduledChange', 'accountNotification')),
          statusCode: field(fc.constantFrom('open', 'closed')),
          service: field(text),
          alarmName: field(text),
          state: field(shaped({ value: field(fc.constantFrom('ALARM', 'OK')), reason: field(text) }, [])),
          configuration: field(junk),
          affectedEntities: field(fc.array(junk, { maxLength: 2 })),
        },
        [],
      ),
    ),
  },
  ['detail-type', 'detail'],
);

const snsBody = (certKey: 'SigningCertURL' | 'SigningCertUrl') =>
  shaped(
    {
      Type: field(
        fc.oneof(
          { weight: 4, arbitrary: fc.constant('Notification') },
          { weight: 1, arbitrary: fc.constantFrom('SubscriptionConfirmation', 'UnsubscribeConfirmation') },
          { weight: 1, arbitrary: text },
        ),
      ),
      MessageId: field(hex),
      TopicArn: field(fc.oneof(fc.constant('arn:aws:sns:us-east-1:123456789012:alerts'), text)),
      Subject: field(text),
      Message: field(
        fc.oneof(
          text,
          alarm.map((a) => JSON.stringify(a)),
          awsEvent.map((e) => JSON.stringify(e)),
        ),
      ),
      Timestamp: field(iso),
      SignatureVersion: field(fc.constant('1')),
      Signature: field(text),
      [certKey]: field(fc.constant('https://sns.us-east-1.amazonaws.com/SimpleNotificationService-0000.pem')),
      SubscribeURL: field(fc.constant('https://sns.us-east-1.amazonaws.com/?Action=ConfirmSubscription')),
    },
    ['Type', 'MessageId', 'TopicArn', certKey],
  );

const cloudwatch = fc.oneof(
  snsBody('SigningCertURL'),
  shaped(
    {
      Records: field(
        fc.array(
          shaped(
            {
              EventSource: fc.constant('aws:sns'),
              EventVersion: fc.constant('1.0'),
              Sns: field(snsBody('SigningCertUrl')),
            },
            ['Sns'],
          ),
          { maxLength: 3 },
        ),
      ),
    },
    ['Records'],
  ),
  alarm,
  awsEvent,
);

const sentryEvent = shaped(
  {
    title: field(text),
    message: field(text),
    level: field(fc.constantFrom('fatal', 'error', 'warning', 'info', 'debug')),
    culprit: field(text),
    web_url: field(text),
    issue_id: field(hex),
    environment: field(text),
    release: field(text),
    platform: field(text),
    metadata: field(shaped({ type: field(text), value: field(text) }, [])),
    tags: field(
      fc.array(fc.oneof(fc.tuple(text, text), shaped({ key: field(text), value: field(text) }, ['key', 'value'])), {
        maxLength: 3,
      }),
    ),
  },
  [],
);
const sentryData = fc.oneof(
  shaped({ event: sentryEvent, triggered_rule: field(text) }, ['event']),
  shaped(
    {
      metric_alert: shaped(
        {
          alert_rule: field(
            shaped(
              {
                name: field(text),
                id: field(hex),
                projects: field(fc.array(text, { maxLength: 2 })),
                aggregate: field(text),
              },
              [],
            ),
          ),
          projects: field(fc.array(text)),
        },
        [],
      ),
      description_title: field(text),
      description_text: field(text),
      web_url: field(text),
    },
    ['metric_alert'],
  ),
  shaped(
    {
      issue: shaped(
        {
          title: field(text),
          culprit: field(text),
          level: field(text),
          id: field(hex),
          shortId: field(text),
          status: field(text),
          project: field(shaped({ slug: field(text) }, [])),
        },
        [],
      ),
    },
    ['issue'],
  ),
  shaped({ error: sentryEvent }, ['error']),
  shaped({ comment: field(junk) }, ['comment']),
);
const sentry = fc.oneof(
  shaped(
    {
      action: field(
        fc.oneof(
          fc.constantFrom('triggered', 'created', 'resolved', 'critical', 'warning', 'ignored', 'archived'),
          text,
        ),
      ),
      installation: field(shaped({ uuid: field(hex) }, [])),
      actor: field(junk),
      data: field(sentryData),
    },
    ['action', 'installation', 'data'],
  ),
  shaped(
    {
      project: field(text),
      project_slug: field(text),
      culprit: field(text),
      level: field(fc.constantFrom('fatal', 'error', 'warning')),
      message: field(text),
      url: field(text),
      id: field(hex),
      triggering_rules: field(fc.array(text, { maxLength: 2 })),
      event: field(sentryEvent),
    },
    ['project', 'culprit', 'level', 'event'],
  ),
);

/** Datadog's variables under the spellings a template may use (the source folds case and punctuation). */
const ddKey = (snake: string) =>
  fc.constantFrom(
    snake,
    snake.replace(/_(.)/g, (_m, c: string) => c.toUpperCase()),
    snake.toUpperCase(),
  );
const datadog = fc
  .tuple(ddKey('alert_transition'), ddKey('alert_type'), ddKey('alert_id'), ddKey('alert_priority'))
  .chain(([transition, type, id, priority]) =>
    shaped(
      {
        title: field(text),
        body: field(text),
        event_type: field(fc.constantFrom('metric_alert_monitor', 'service_check', 'query_alert_monitor')),
        org: field(shaped({ id: field(fc.nat()), name: field(text) }, [])),
        last_updated: field(fc.nat()),
        [transition]: field(
          fc.oneof(fc.constantFrom('Triggered', 'Recovered', 'Re-Triggered', 'Warn', 'No Data'), text),
        ),
        [type]: field(fc.constantFrom('error', 'warning', 'info', 'success')),
        [id]: field(fc.oneof(hex, fc.nat())),
        [priority]: field(fc.constantFrom('P1', 'P2', 'P3', 'P4', 'P5', '$ALERT_PRIORITY')),
        aggreg_key: field(hex),
        alert_scope: field(text),
        alert_query: field(text),
        alert_metric: field(text),
        alert_status: field(text),
        tags: field(fc.oneof(text, fc.array(text, { maxLength: 3 }))),
        hostname: field(text),
        link: field(text),
        priority: field(fc.constantFrom('normal', 'low')),
      },
      ['title', 'event_type', 'org'],
    ),
  );

const amAlert = shaped(
  {
    status: field(fc.constantFrom('firing', 'resolved')),
    labels: field(labels),
    annotations: field(labels),
    startsAt: field(iso),
    endsAt: field(iso),
    generatorURL: field(text),
    fingerprint: field(hex),
    values: field(junk),
    valueString: field(text),
    silenceURL: field(text),
    dashboardURL: field(text),
  },
  ['labels'],
);
const groupModel: Model = {
  receiver: field(text),
  status: field(fc.constantFrom('firing', 'resolved')),
  groupLabels: field(labels),
  commonLabels: field(labels),
  commonAnnotations: field(labels),
  externalURL: field(text),
  groupKey: field(text),
  truncatedAlerts: field(fc.nat(3)),
  alerts: field(fc.array(amAlert, { maxLength: 5 })),
};
const alertmanager = shaped({ ...groupModel, version: field(fc.constant('4')) }, ['version', 'alerts']);
const grafana = fc.oneof(
  shaped(
    {
      ...groupModel,
      version: field(fc.constant('1')),
      orgId: field(fc.nat()),
      title: field(text),
      state: field(fc.constantFrom('alerting', 'ok', 'no_data')),
      message: field(text),
    },
    ['alerts', 'orgId'],
  ),
  shaped(
    {
      ruleName: field(text),
      ruleId: field(fc.nat()),
      state: field(fc.constantFrom('alerting', 'ok', 'no_data', 'paused')),
      orgId: field(fc.nat()),
      title: field(text),
      message: field(text),
      tags: field(labels),
      evalMatches: field(
        fc.array(shaped({ metric: field(text), value: field(fc.double()), tags: field(labels) }, []), { maxLength: 3 }),
      ),
    },
    ['ruleName', 'state', 'orgId'],
  ),
);

const uptimeKuma = shaped(
  {
    heartbeat: field(
      fc.oneof(
        fc.constant(null),
        shaped(
          {
            monitorID: field(fc.nat()),
            status: field(fc.integer({ min: -1, max: 4 })),
            msg: field(text),
            time: field(text),
            important: field(fc.boolean()),
            duration: field(fc.nat()),
          },
          ['status'],
        ),
      ),
    ),
    monitor: field(
      fc.oneof(
        fc.constant(null),
        shaped(
          {
            id: field(fc.nat()),
            name: field(text),
            pathName: field(text),
            url: field(fc.constantFrom('https://', 'https://shop.example/api')),
            type: field(fc.constantFrom('http', 'ping', 'port')),
            hostname: field(text),
            tags: field(fc.array(shaped({ name: field(text), value: field(text) }, ['name']), { maxLength: 3 })),
          },
          ['name'],
        ),
      ),
    ),
    msg: field(fc.oneof(text, fc.constant('[Checkout][https://x] Certificate will be expired in 7 days'))),
  },
  ['heartbeat', 'monitor', 'msg'],
);

const generic = shaped(
  {
    title: field(text),
    message: field(text),
    description: field(text),
    body: field(text),
    summary: field(text),
    msg: field(text),
    text: field(text),
    service: field(text),
    severity: field(text),
    priority: field(text),
    level: field(fc.oneof(text, fc.integer({ min: 0, max: 70 }))),
    status: field(text),
    state: field(text),
    resolved: field(fc.boolean()),
    tags: field(fc.oneof(labels, fc.array(text, { maxLength: 3 }))),
    labels: field(labels),
    source: field(text),
    host: field(text),
    fingerprint: field(text),
    dedup_key: field(text),
  },
  ['title'],
);

const syslogLine = fc
  .tuple(fc.integer({ min: 0, max: 191 }), word, word, text)
  .map(([pri, host, app, msg]) => `<${pri}>Nov 22 03:04:05 ${host} ${app}[42]: ${msg}`);
const textLine = fc.oneof(
  syslogLine,
  fc
    .tuple(iso, fc.constantFrom('ERROR', 'WARN', 'FATAL', 'info'), text)
    .map(([t, level, msg]) => `${t} ${level} [api] ${msg}`),
  fc
    .tuple(fc.constantFrom('error', 'warn', 'debug'), text)
    .map(([level, msg]) => `level=${level} msg="${msg}" service=api`),
  fc.tuple(iso, text).map(([t, msg]) => `1 ${t} host app 42 ID47 [x@1 a="]"] ${msg}`),
  text,
);

/** A payload of `source`, random in structure; text is a line. */
export function payloadOf(source: Source): fc.Arbitrary<unknown> {
  switch (source) {
    case 'cloudwatch':
      return cloudwatch;
    case 'sentry':
      return sentry;
    case 'datadog':
      return datadog;
    case 'grafana':
      return grafana;
    case 'alertmanager':
      return alertmanager;
    case 'uptime-kuma':
      return uptimeKuma;
    case 'generic':
      return generic;
    case 'text':
      return textLine;
  }
}

// ---------------------------------------------------------------------------------------------
// Payloads the daemon must accept (202): every required field present and of the right type.

const name = fc.tuple(word, fc.nat(999)).map(([w, n]) => `${w} ${n}`);
const goodByName: Record<Source, fc.Arbitrary<unknown>> = {
  generic: fc.record({
    title: name,
    message: word,
    service: word,
    severity: fc.constantFrom('critical', 'warning', 'info'),
  }),
  alertmanager: fc.record({
    version: fc.constant('4'),
    groupKey: fc.constant('{}:{alertname="x"}'),
    status: fc.constantFrom('firing', 'resolved'),
    receiver: fc.constant('soloops'),
    commonLabels: fc.record({ alertname: name }),
    commonAnnotations: fc.constant({}),
    alerts: fc.array(
      fc.record({
        status: fc.constantFrom('firing', 'resolved'),
        labels: fc.record({ alertname: name, service: word }),
        annotations: fc.record({ summary: name }),
      }),
      { minLength: 1, maxLength: 3 },
    ),
  }),
  grafana: fc.record({
    receiver: fc.constant('soloops'),
    status: fc.constant('firing'),
    orgId: fc.constant(1),
    version: fc.constant('1'),
    title: name,
    state: fc.constant('alerting'),
    alerts: fc.array(
      fc.record({
        status: fc.constant('firing'),
        labels: fc.record({ alertname: name }),
        annotations: fc.record({ summary: name }),
        fingerprint: hex,
      }),
      { minLength: 1, maxLength: 2 },
    ),
  }),
  'uptime-kuma': fc.record({
    heartbeat: fc.record({ status: fc.integer({ min: 0, max: 3 }), msg: word }),
    monitor: fc.record({ id: fc.nat(), name }),
    msg: name,
  }),
  datadog: fc.record({
    title: name,
    body: word,
    event_type: fc.constant('metric_alert_monitor'),
    org: fc.constant({ id: 1, name: 'acme' }),
    alert_transition: fc.constantFrom('Triggered', 'Recovered'),
    alert_id: fc.nat().map(String),
  }),
  sentry: fc.record({
    action: fc.constant('triggered'),
    installation: fc.constant({ uuid: 'a1' }),
    data: fc.record({
      event: fc.record({ title: name, level: fc.constantFrom('fatal', 'error'), culprit: word }),
      triggered_rule: word,
    }),
  }),
  cloudwatch: fc.record({
    AlarmName: name,
    NewStateValue: fc.constantFrom('ALARM', 'OK'),
    NewStateReason: word,
    AWSAccountId: fc.constant('123456789012'),
    Region: fc.constant('us-east-1'),
    Trigger: fc.constant({
      MetricName: 'CPUUtilization',
      Namespace: 'AWS/EC2',
      Dimensions: [{ name: 'InstanceId', value: 'i-1' }],
    }),
  }),
  text: fc.tuple(word, name).map(([host, msg]) => `Nov 22 03:04:05 ${host} nginx[811]: ERROR ${msg}`),
};

/** A request the daemon must answer 202: a valid payload of some source, to /v1/alerts or its own route. */
export const goodRequest: fc.Arbitrary<RequestSpec> = fc.constantFrom(...SOURCES).chain((source) =>
  fc.tuple(goodByName[source], fc.boolean()).map(([payload, named]) =>
    spec(`good ${source}`, marked([payload]), {
      path: named ? `/v1/alerts/${source}` : '/v1/alerts',
      contentType: source === 'text' ? 'text/plain' : 'application/json',
      framing: source === 'text' ? 'lines' : 'json',
    }),
  ),
);

// ---------------------------------------------------------------------------------------------
// Request-level variation

const oddSegment = fc.oneof(
  fc
    .constantFrom(
      '__proto__',
      'constructor',
      'prototype',
      'toString',
      'hasOwnProperty',
      'SENTRY',
      'unknown',
      'sources',
      '..',
      'text%00',
      '%E2%82',
      'generic%2F..',
    )
    .map((s) => s),
  fc.string({ minLength: 1, maxLength: 12 }).map(encodeURIComponent),
);
/** Where a payload of `source` is posted: detected, its own route, another source's, or a name that is none. */
export function routeFor(source: Source): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 4, arbitrary: fc.constant('/v1/alerts') },
    { weight: 3, arbitrary: fc.constant(`/v1/alerts/${source}`) },
    { weight: 2, arbitrary: fc.constantFrom(...SOURCES).map((s) => `/v1/alerts/${s}`) },
    { weight: 1, arbitrary: oddSegment.map((s) => `/v1/alerts/${s}`) },
  );
}

/** Content types senders use, right or wrong for the body, but each a well-formed `type/subtype`. */
export const contentType = fc.oneof(
  { weight: 6, arbitrary: fc.constant('application/json') },
  { weight: 2, arbitrary: fc.constant('text/plain') },
  { weight: 1, arbitrary: fc.constant(null) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      'application/json; charset=utf-8',
      'text/plain; charset=iso-8859-1',
      'application/x-www-form-urlencoded',
      'application/octet-stream',
      'multipart/form-data; boundary=x',
      'application/json; charset=utf-16le',
      '*/*',
      'application/vnd.api+json',
    ),
  },
);

/** Any Content-Type header value a sender's template might produce, malformed ones included ("json", "text", ";"). */
export const anyContentType = fc.oneof(
  contentType,
  fc.constantFrom(
    'json',
    'text',
    'garbage',
    ';',
    'a/b/c',
    '/',
    'application/',
    'application/json;;',
    'application/json; charset="',
    'text/plain, application/json',
    '\tapplication/json',
  ),
  fc
    .string({ unit: fc.constantFrom(...'abcjsontex/;=+-. "*,'), minLength: 1, maxLength: 20 })
    .filter((v) => v.trim() !== ''),
);

/** Byte sequences that are not UTF-8, or are legal but trip parsers (NUL, CR, an encoded surrogate, a BOM inside). */
export const rawBytes = fc.constantFrom<number[]>(
  [0xff],
  [0xfe, 0xff],
  [0xc0, 0xaf],
  [0xe2, 0x82],
  [0xed, 0xa0, 0x80],
  [0xf4, 0x90, 0x80, 0x80],
  [0x80],
  [0x00],
  [0x0d],
  [0x0a],
  [0x0d, 0x0a],
  [0xef, 0xbb, 0xbf],
  [0x5c],
  [0x22],
);

/** One part of a multi-part body: mostly the source's own payload, sometimes another's, junk, or a text line. */
export function partOf(source: Source): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 6, arbitrary: payloadOf(source) },
    { weight: 1, arbitrary: fc.constantFrom(...SOURCES).chain(payloadOf) },
    { weight: 1, arbitrary: junk },
    { weight: 1, arbitrary: textLine },
  );
}

/** Random-structure requests of every source: one payload, arrays, NDJSON and mixes, any route and content type. */
export const structuredRequest: fc.Arbitrary<RequestSpec> = fc.constantFrom(...SOURCES).chain((source) =>
  fc
    .record({
      parts: fc.oneof(
        { weight: 3, arbitrary: payloadOf(source).map((p) => [p]) },
        { weight: 1, arbitrary: fc.array(partOf(source), { minLength: 1, maxLength: 4 }) },
      ),
      framing: fc.constantFrom('json', 'pretty', 'array', 'ndjson', 'lines') as fc.Arbitrary<RequestSpec['framing']>,
      eol: fc.constantFrom('\n', '\r\n') as fc.Arbitrary<RequestSpec['eol']>,
      path: routeFor(source),
      contentType,
    })
    .map(({ parts, framing, eol, path, contentType }) => {
      const single = parts.length === 1;
      const chosen =
        source === 'text' && single
          ? 'lines'
          : single && (framing === 'array' || framing === 'ndjson')
            ? 'json'
            : framing;
      return spec(`structured ${source}`, marked(parts), { framing: chosen, eol, path, contentType });
    }),
);

// ---------------------------------------------------------------------------------------------
// Families of hostile requests

const firstPart = (s: RequestSpec) => s.parts[0];
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Depths: mostly what real bodies have, then hundreds, then thousands (where recursive code overflows the stack). */
export const depth = fc.oneof(
  fc.integer({ min: 1, max: 300 }),
  fc.integer({ min: 300, max: 4_000 }),
  fc.integer({ min: 4_000, max: 20_000 }),
);

/** A good payload with a deeply nested value beside it, inside it, or as the whole body. */
export function deepRequest(depths: fc.Arbitrary<number> = depth): fc.Arbitrary<RequestSpec> {
  return fc
    .record({
      base: goodRequest,
      depth: depths,
      shape: fc.constantFrom('array', 'object', 'mixed') as fc.Arbitrary<'array' | 'object' | 'mixed'>,
      leaf: fc.constantFrom('1', '"x"', '{}', 'null', `{"title":"leaf ${MARKER}"}`),
      placement: fc.constantFrom('extra', 'top', 'array', 'ndjson'),
      key: fc.constantFrom('extra', 'labels', 'title', 'alerts', 'data', '__proto__'),
    })
    .map(({ base, depth, shape, leaf, placement, key }) => {
      const deep = { depth, shape, leaf };
      const part = firstPart(base);
      if (placement === 'extra' && isObject(part))
        return {
          ...base,
          kind: `deep ${depth} as "${key}" of a ${base.kind}`,
          parts: [define({ ...part }, key, DEEP)],
          deep,
        };
      if (placement === 'array' || placement === 'ndjson')
        return {
          ...base,
          kind: `deep ${depth} after a ${base.kind} (${placement})`,
          framing: placement,
          contentType: 'application/json',
          parts: [part, DEEP],
          deep,
        };
      return {
        ...base,
        kind: `deep ${depth} as the whole body`,
        framing: 'json' as const,
        contentType: 'application/json',
        parts: [DEEP],
        deep,
      };
    });
}

/** Text that is legal JSON but hostile downstream: NUL, lone surrogates, BOM, CR/LF; or the raw-bytes slot. */
const injected = fc.constantFrom(
  RAW,
  RAW,
  RAW,
  '\u0000',
  'a\u0000',
  '\ud800',
  '\udfff',
  '\ud800\u0041',
  '\ufeff',
  '\r\n',
  '\r',
  '\u2028',
  '\u0000\ud800\ufeff',
);

/** Puts `what` into a string of `part` (a random one of its string fields, or the line itself). */
function inject(part: unknown, where: number, what: string): unknown {
  if (typeof part === 'string') {
    const at = where % (part.length + 1);
    return part.slice(0, at) + what + part.slice(at);
  }
  if (!isObject(part)) return part;
  const out = { ...part };
  const keys = Object.keys(out).filter((k) => typeof out[k] === 'string' && k !== 'fuzz_marker');
  if (keys.length === 0) return define(out, 'note', what);
  const k = keys[where % keys.length]!;
  return define(out, k, inject(out[k], where, what));
}

/** Good or random requests re-encoded: invalid UTF-8 and raw NUL bytes, escaped NUL and lone surrogates, BOMs, CRLF. */
export const encodedRequest: fc.Arbitrary<RequestSpec> = fc
  .record({
    base: fc.oneof({ weight: 2, arbitrary: goodRequest }, { weight: 1, arbitrary: structuredRequest }),
    injections: fc.array(fc.tuple(fc.nat(), injected), { maxLength: 3 }),
    raw: fc.array(rawBytes, { minLength: 1, maxLength: 3 }),
    bom: fc.constantFrom('none', 'none', 'utf8', 'utf16') as fc.Arbitrary<RequestSpec['bom']>,
    crlf: fc.boolean(),
    rawLine: fc.boolean(),
  })
  .map(({ base, injections, raw, bom, crlf, rawLine }) => {
    let parts = base.parts.map((p, i) =>
      injections.reduce((acc, [where, what]) => (where % base.parts.length === i ? inject(acc, where, what) : acc), p),
    );
    const framing = crlf && base.framing === 'json' ? 'pretty' : base.framing;
    if (rawLine && framing === 'lines') parts = [...parts, RAW];
    return { ...base, kind: `encoded ${base.kind}`, parts, raw, bom, eol: crlf ? '\r\n' : base.eol, framing };
  });

/** Sizes around the 1 MB limit: under it, at it to the byte, and over it (413). */
export function sizedRequest(limit: number): fc.Arbitrary<RequestSpec> {
  return fc
    .record({
      source: fc.constantFrom(
        'generic',
        'alertmanager',
        'text',
        'datadog',
        'sentry',
        'uptime-kuma',
      ) as fc.Arbitrary<Source>,
      size: fc.oneof(
        fc.integer({ min: 2_048, max: limit - 1 }),
        fc.integer({ min: limit - 8, max: limit + 8 }),
        fc.integer({ min: limit + 1, max: limit + 200_000 }),
      ),
      chunked: fc.boolean(),
      lines: fc.integer({ min: 1, max: 3 }),
    })
    .chain(({ source, size, chunked, lines }) =>
      fc.array(goodByName[source], { minLength: lines, maxLength: lines }).map((payloads) => {
        const padded = payloads.map((p, i) => (i > 0 ? p : padIn(source, p)));
        const framing: RequestSpec['framing'] = source === 'text' ? 'lines' : lines > 1 ? 'ndjson' : 'json';
        return spec(`${size} bytes of ${source}${chunked ? ' (chunked)' : ''}`, marked(padded), {
          framing,
          size,
          chunked,
          contentType: source === 'text' ? 'text/plain' : 'application/json',
        });
      }),
    );
}

/** The free-text fields padIn writes; a payload has only those of its own source. */
interface PaddedFields {
  alerts: Array<{ annotations: { description: string } }>; // alertmanager
  data: { event: { message: string } }; // sentry
  heartbeat: { msg: string }; // uptime-kuma
  body: string; // datadog
  message: string; // the others
}

/** Where a source's payload gets its padding: the free-text field a real sender would make long. */
function padIn(source: Source, payload: unknown): unknown {
  if (typeof payload === 'string') return `${payload} ${PAD}`;
  const p = structuredClone(payload) as PaddedFields;
  if (source === 'alertmanager') p.alerts[0]!.annotations.description = PAD;
  else if (source === 'sentry') p.data.event.message = PAD;
  else if (source === 'uptime-kuma') p.heartbeat.msg = PAD;
  else if (source === 'datadog') p.body = PAD;
  else p.message = PAD;
  return p;
}

/** Alertmanager/Grafana groups: many members, and long values in the parts every member shares or in each member. */
export const groupRequest: fc.Arbitrary<RequestSpec> = fc
  .record({
    flavour: fc.constantFrom('alertmanager', 'grafana'),
    // Mostly small groups (enough to show a per-member copy), sometimes past a thousand members.
    members: fc.oneof(
      { weight: 4, arbitrary: fc.integer({ min: 1, max: 60 }) },
      { weight: 1, arbitrary: fc.integer({ min: 60, max: 2_500 }) },
    ),
    pad: fc.integer({ min: 0, max: 30_000 }),
    where: fc.constantFrom(
      'commonLabels',
      'commonAnnotations',
      'groupLabels',
      'externalURL',
      'member annotation',
      'member label',
    ),
  })
  .map(({ flavour, members, pad, where }) => {
    const long = fill(pad);
    const alerts = Array.from({ length: members }, (_, i) => ({
      status: 'firing',
      labels: { alertname: `m${i}`, ...(where === 'member label' ? { long } : {}) },
      annotations: where === 'member annotation' ? { description: long } : {},
    }));
    const group: Record<string, unknown> = {
      version: flavour === 'grafana' ? '1' : '4',
      groupKey: '{}:{}',
      status: 'firing',
      receiver: 'soloops',
      groupLabels: {},
      commonLabels: {},
      commonAnnotations: {},
      externalURL: 'http://am',
      alerts,
      ...(flavour === 'grafana' ? { orgId: 1 } : {}),
    };
    if (where === 'externalURL') group.externalURL = long;
    else if (where.startsWith('common') || where === 'groupLabels') group[where] = { long };
    return spec(`${flavour} group of ${members} with ${pad} bytes in ${where}`, marked([group]), {
      path: `/v1/alerts/${flavour}`,
    });
  });

/**
 * How a request presents the webhook token, and whether that is one clear right token, none at all,
 * or something in between.
 */
export interface Credential {
  kind: string;
  expect: 'accepted' | 'refused' | 'either';
  headers: Record<string, string>;
  query: string;
}

/**
 * Credentials against `token`: missing, wrong, right in either place, repeated, mixed, mis-cased,
 * with noise parameters.
 */
export function credential(token: string): fc.Arbitrary<Credential> {
  const printable = fc.string({
    unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.~+/='),
    minLength: 1,
    maxLength: 24,
  });
  const wrong = fc
    .oneof(printable, fc.constantFrom(`${token}x`, token.slice(0, -1), token.toUpperCase(), ` ${token}x`))
    .filter((w) => w.trim() !== token && w.trim() !== '');
  const q = (...pairs: Array<[string, string]>) =>
    pairs.length ? `?${pairs.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&')}` : '';
  const c = (kind: string, expect: Credential['expect'], headers: Record<string, string>, query = ''): Credential => ({
    kind,
    expect,
    headers,
    query,
  });
  const noise = fc.constantFrom<Array<[string, string]>>(
    [],
    [['__proto__', 'x']],
    [
      ['constructor', 'y'],
      ['prototype', 'z'],
    ],
    [['token[]', token]],
    [['polluted', 'yes']],
  );
  return fc
    .tuple(wrong, noise)
    .chain(([bad, extra]) =>
      fc.constantFrom(
        c('none', 'refused', {}, q(...extra)),
        c('empty query token', 'refused', {}, q(['token', ''], ...extra)),
        c('wrong bearer', 'refused', { authorization: `Bearer ${bad}` }, q(...extra)),
        c('wrong query token', 'refused', {}, q(['token', bad], ...extra)),
        c(
          'basic auth',
          'refused',
          { authorization: `Basic ${Buffer.from(`u:${token}`).toString('base64')}` },
          q(...extra),
        ),
        c('bearer without a token', 'refused', { authorization: 'Bearer' }, q(...extra)),
        c('wrong query token twice', 'refused', {}, q(['token', bad], ['token', bad], ...extra)),
        c('right bearer', 'accepted', { authorization: `Bearer ${token}` }, q(...extra)),
        c('right bearer, lower-case scheme, spaces', 'accepted', { authorization: `bearer   ${token}  ` }, q(...extra)),
        c('right query token', 'accepted', {}, q(['token', token], ...extra)),
        c('right query token twice', 'either', {}, q(['token', token], ['token', token], ...extra)),
        c('right then wrong query token', 'either', {}, q(['token', token], ['token', bad], ...extra)),
        c('wrong then right query token', 'either', {}, q(['token', bad], ['token', token], ...extra)),
        c(
          'wrong bearer, right query token',
          'either',
          { authorization: `Bearer ${bad}` },
          q(['token', token], ...extra),
        ),
        c(
          'right bearer, wrong query token',
          'either',
          { authorization: `Bearer ${token}` },
          q(['token', bad], ...extra),
        ),
      ),
    );
}

/**
 * Anything a broken or hostile sender posts: deep, random, mis-encoded, oversize, truncated, or to a
 * route that is not there.
 */
export function badRequest(limit: number): fc.Arbitrary<RequestSpec> {
  return fc.oneof(
    { weight: 3, arbitrary: deepRequest(fc.integer({ min: 2_000, max: 20_000 })) },
    { weight: 2, arbitrary: structuredRequest },
    { weight: 2, arbitrary: encodedRequest },
    { weight: 1, arbitrary: sizedRequest(limit).filter((s) => (s.size ?? 0) > limit) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(goodRequest, fc.nat())
        .map(([s, n]) => ({ ...s, kind: `truncated ${s.kind}`, cut: 1 + (n % 40) })),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(goodRequest, oddSegment)
        .map(([s, seg]) => ({ ...s, kind: `${s.kind} to /v1/alerts/${seg}`, path: `/v1/alerts/${seg}` })),
    },
  );
}
