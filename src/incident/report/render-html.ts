import { msText, percent, shareText } from './render-md.js';
import type { ServiceReport, SlaReport } from './types.js';

const escapeHtml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function table(head: string[], rows: (string | number)[][]): string {
  const th = head.map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join('');
  const body = rows.map((r) => `<tr>${r.map((c) => `<td>${escapeHtml(String(c))}</td>`).join('')}</tr>`).join('');
  return `<table><thead><tr>${th}</tr></thead><tbody>${body}</tbody></table>`;
}

const rate = (value: number | null) => `error rate ${percent(value)}`;

const p = (text: string, note = false) => `<p${note ? ' class="note"' : ''}>${escapeHtml(text)}</p>`;

// Light and dark by the reader's setting; tables scroll inside themselves on a phone.
const STYLE = [
  'body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;',
  'color:#1a1a1a;background:#fff}',
  'table{border-collapse:collapse;margin:.5rem 0 1rem;display:block;overflow-x:auto}',
  'th,td{border:1px solid #bbb;padding:.25rem .5rem;text-align:left}th{background:#f0f0f0}',
  '.note{color:#444;font-size:.9em}',
  '@media (prefers-color-scheme:dark){body{background:#121212;color:#eee}th{background:#2a2a2a}',
  'td,th{border-color:#555}.note{color:#bbb}}',
].join('');

/** The report as one self-contained HTML page (inline style, no script, no external request). */
export function renderHtml(report: SlaReport): string {
  const title = `SLA report ${report.label}`;
  const period = `Period: ${report.from} to ${report.to} (${report.timeZone}); generated ${report.generatedAt}.`;
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">',
    `<title>${escapeHtml(title)}</title><style>${STYLE}</style></head>`,
    `<body><main><h1>${escapeHtml(title)}</h1>`,
    p(period),
    report.services.map(serviceHtml).join('\n') || p('No services are configured.'),
    '</main></body></html>',
    '',
  ].join('\n');
}

function serviceHtml(s: ServiceReport): string {
  const a = s.availability;
  const r = s.responseTimes;
  const i = s.incidents;
  const errors = Object.entries(a.errorTypes).map(([t, n]) => `${t} ${n}`);
  const parts = [
    `<section><h2>${escapeHtml(`${s.name} (${s.id})`)}</h2>`,
    '<h3>Availability</h3>',
    table(
      ['figure', 'value'],
      [
        ['total checks', a.totalChecks],
        ['successful', a.successful],
        ['failed', a.failed],
        ['uptime (probes)', percent(a.uptimePct)],
        ['uptime (time)', percent(a.timeUptimePct)],
        ['downtime', `${a.downtime} (${a.downtimeMinutes} min)`],
        ['failed by error type', errors.length ? errors.join(', ') : 'none'],
      ],
    ),
    p(`Uptime (probes) = ${a.uptimeConvention}. Uptime (time) = ${a.timeUptimeConvention}.`, true),
    '<h3>Response time</h3>',
    table(
      ['figure', 'value'],
      [
        ['successful probes measured', r.samples],
        ['average', msText(r.averageMs)],
        ['p50 / p95 / p99', `${msText(r.p50Ms)} / ${msText(r.p95Ms)} / ${msText(r.p99Ms)}`],
        ['baseline', msText(r.baselineMs)],
        ['≥ 300 % of baseline', shareText(r.atLeast300Pct)],
        ['≥ 500 % of baseline', shareText(r.atLeast500Pct)],
        [`over the ${r.limitMs} ms limit (incl. timeouts)`, shareText(r.overLimit)],
      ],
    ),
    p(`Baseline: ${r.baselineConvention}. Percentiles: ${r.percentileConvention}.`, true),
    '<h3>Usage</h3>',
  ];
  if (s.usage === null) parts.push(p('No usage data for this period.'));
  else {
    const u = s.usage;
    parts.push(
      p(`Total ${u.total}, successful (2xx/3xx) ${u.successful}, errors ${u.errors}, ${rate(u.errorRatePct)}.`),
      table(
        ['day (UTC)', 'total', 'successful', 'errors', 'error rate'],
        u.days.map((d) => [d.day, d.total, d.successful, d.errors, percent(d.errorRatePct)]),
      ),
    );
  }
  const counts = `P1 ${i.byPriority.P1}, P2 ${i.byPriority.P2}, P3 ${i.byPriority.P3}`;
  parts.push(
    '<h3>Incidents</h3>',
    p(`Total ${i.total} (${counts}); average resolution time ${i.averageResolution ?? '—'}.`),
  );
  if (i.list.length)
    parts.push(
      table(
        ['id', 'priority', 'title', 'reporter', 'detection', 'created', 'resolved', 'resolution'],
        i.list.map((x) => [
          x.id,
          x.priority,
          x.title,
          x.reporter,
          x.detection,
          x.createdAt,
          x.resolvedAt ?? 'open',
          x.resolution ?? '—',
        ]),
      ),
    );
  return `${parts.join('\n')}</section>`;
}
