/**
 * Reports (/console/reports): the monthly SLA report for a month and service — its key figures
 * on the page, the whole report as HTML, CSV or JSON downloads (GET /api/reports/sla).
 */
import { useId, useState } from 'react';
import type { OverviewJson } from '../../core/console.js';
import { currentMonth, pctPrecise, previousMonth, when } from '../format.js';
import { ErrorNote } from '../parts.js';
import { useApi, useLiveReload, useTitle } from '../use-api.js';

/** The part of the SLA report (src/incident/report/types.ts SlaReport) this page shows. */
interface SlaReportView {
  label: string;
  timeZone: string;
  generatedAt: string;
  services: Array<{
    id: string;
    name: string;
    availability: { uptimePct: number | null; timeUptimePct: number | null; downtime: string; failed: number };
    responseTimes: { p50Ms: number | null; p95Ms: number | null; p99Ms: number | null };
    usage: { total: number; errorRatePct: number | null } | null;
    incidents: { total: number; averageResolution: string | null };
  }>;
}

const ms = (v: number | null) => (v === null ? '—' : `${Math.round(v)} ms`);

function ServiceFigures({ s }: { s: SlaReportView['services'][number] }) {
  const figures: Array<[string, string]> = [
    ['Uptime (probes)', pctPrecise(s.availability.uptimePct)],
    ['Uptime (time)', pctPrecise(s.availability.timeUptimePct)],
    ['Downtime', s.availability.downtime],
    ['Failed probes', String(s.availability.failed)],
    [
      'Response p50 / p95 / p99',
      `${ms(s.responseTimes.p50Ms)} / ${ms(s.responseTimes.p95Ms)} / ${ms(s.responseTimes.p99Ms)}`,
    ],
    ['Requests', s.usage ? s.usage.total.toLocaleString() : 'no usage data'],
    ['Error rate', s.usage ? pctPrecise(s.usage.errorRatePct) : '—'],
    ['Incidents', String(s.incidents.total)],
    ['Average resolution', s.incidents.averageResolution ?? '—'],
  ];
  return (
    <section className="card card-wide" aria-label={`Report for ${s.name}`}>
      <h2>{s.name}</h2>
      <dl className="figures">
        {figures.map(([term, value]) => (
          <div key={term}>
            <dt>{term}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

/** The reports page. */
export function ReportsPage() {
  useTitle('Reports');
  const [month, setMonth] = useState(() => previousMonth(new Date()));
  const [service, setService] = useState('');
  const monthId = useId();
  const serviceId = useId();
  const overview = useApi<OverviewJson>('/api/overview');
  const query = `month=${encodeURIComponent(month)}${service ? `&service=${encodeURIComponent(service)}` : ''}`;
  const valid = /^\d{4}-\d{2}$/.test(month);
  const report = useApi<SlaReportView>(valid ? `/api/reports/sla?${query}&format=json` : null);
  // New check results (`sla`) and incident changes both move the month's figures.
  useLiveReload(['sla', 'incident.created', 'incident.updated', 'incident.deleted'], report.reload, 10_000);
  const link = (format: string) => `/api/reports/sla?${query}&format=${format}`;

  return (
    <>
      <h1>Reports</h1>
      <form className="filters" onSubmit={(e) => e.preventDefault()}>
        <div className="field">
          <label htmlFor={monthId}>Month</label>
          <input
            id={monthId}
            type="month"
            value={month}
            max={currentMonth(new Date())}
            onChange={(e) => setMonth(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor={serviceId}>Service</label>
          <select id={serviceId} value={service} onChange={(e) => setService(e.target.value)}>
            <option value="">All services</option>
            {overview.data?.services.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </div>
      </form>
      {valid && (
        <p className="downloads">
          Download the report:{' '}
          <a href={link('html')} download>
            HTML
          </a>{' '}
          <a href={link('csv')} download>
            CSV
          </a>{' '}
          <a href={link('json')} download>
            JSON
          </a>
        </p>
      )}
      <ErrorNote error={report.error} what="the report" />
      {report.data && (
        <>
          <p className="muted">
            {report.data.label} ({report.data.timeZone}), generated {when(report.data.generatedAt)}
          </p>
          {report.data.services.length === 0 && <p className="muted">No services in this report.</p>}
          {report.data.services.map((s) => (
            <ServiceFigures key={s.id} s={s} />
          ))}
        </>
      )}
    </>
  );
}
