import type { ServiceReport, Share, SlaReport } from './types.js';

/** "99.952 %", or "—" when there is nothing to divide. */
export const percent = (value: number | null): string => (value === null ? '—' : `${value} %`);
export const shareText = (s: Share | null): string => (s === null ? '—' : `${s.count} (${percent(s.pct)})`);
export const msText = (value: number | null): string => (value === null ? '—' : `${value} ms`);

/** Keeps table cells on one line and their pipes literal. */
const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');

/** The report as Markdown: one section per service. */
export function renderMarkdown(report: SlaReport): string {
  const lines = [
    `# SLA report ${report.label}`,
    '',
    `Period: ${report.from} to ${report.to} (${report.timeZone}); generated ${report.generatedAt}.`,
    '',
  ];
  for (const service of report.services) lines.push(...serviceMarkdown(service), '');
  if (report.services.length === 0) lines.push('No services are configured (`services:` in soloops.yaml).', '');
  return lines.join('\n');
}

function serviceMarkdown(s: ServiceReport): string[] {
  const a = s.availability;
  const r = s.responseTimes;
  const errors = Object.entries(a.errorTypes).map(([type, n]) => `${type} ${n}`);
  const out = [
    `## ${s.name} (${s.id})`,
    '',
    '### Availability',
    '',
    a.checks.length ? `Checks: ${a.checks.join(', ')}.` : 'No health checks: availability comes from incidents only.',
    '',
    '| figure | value |',
    '|---|---|',
    `| total checks | ${a.totalChecks} |`,
    `| successful | ${a.successful} |`,
    `| failed | ${a.failed} |`,
    `| uptime (probes) | ${percent(a.uptimePct)} |`,
    `| uptime (time) | ${percent(a.timeUptimePct)} |`,
    `| downtime | ${a.downtime} (${a.downtimeMinutes} min) |`,
    `| failed by error type | ${errors.length ? errors.join(', ') : 'none'} |`,
    '',
    `Uptime (probes) = ${a.uptimeConvention}. Uptime (time) = ${a.timeUptimeConvention}.`,
    '',
    '### Response time',
    '',
    '| figure | value |',
    '|---|---|',
    `| successful probes measured | ${r.samples} |`,
    `| average | ${msText(r.averageMs)} |`,
    `| p50 / p95 / p99 | ${msText(r.p50Ms)} / ${msText(r.p95Ms)} / ${msText(r.p99Ms)} |`,
    `| baseline | ${msText(r.baselineMs)} |`,
    `| ≥ 300 % of baseline | ${shareText(r.atLeast300Pct)} |`,
    `| ≥ 500 % of baseline | ${shareText(r.atLeast500Pct)} |`,
    `| over the ${r.limitMs} ms limit (incl. timeouts) | ${shareText(r.overLimit)} |`,
    '',
    `Baseline: ${r.baselineConvention}. Percentiles: ${r.percentileConvention}.`,
    '',
    '### Usage',
    '',
  ];
  if (s.usage === null)
    out.push('No usage data for this period (import access logs with `soloops incident usage import`).');
  else {
    const u = s.usage;
    out.push(
      `Total ${u.total}, successful (2xx/3xx) ${u.successful}, errors ${u.errors}, ` +
        `error rate ${percent(u.errorRatePct)}.`,
      '',
      '| day (UTC) | total | successful | errors | error rate |',
      '|---|---|---|---|---|',
      ...u.days.map((d) => `| ${d.day} | ${d.total} | ${d.successful} | ${d.errors} | ${percent(d.errorRatePct)} |`),
    );
  }
  const i = s.incidents;
  out.push(
    '',
    '### Incidents',
    '',
    `Total ${i.total} (P1 ${i.byPriority.P1}, P2 ${i.byPriority.P2}, P3 ${i.byPriority.P3}); ` +
      `average resolution time ${i.averageResolution ?? '—'}.`,
  );
  if (i.list.length) {
    out.push(
      '',
      '| id | priority | title | reporter | detection | created | resolved | resolution |',
      '|---|---|---|---|---|---|---|---|',
      ...i.list.map(
        (x) =>
          `| ${x.id} | ${x.priority} | ${cell(x.title)} | ${cell(x.reporter)} | ${cell(x.detection)} | ` +
          `${x.createdAt} | ${x.resolvedAt ?? 'open'} | ${x.resolution ?? '—'} |`,
      ),
    );
  }
  return out;
}
