/** The incident list (`/console/incidents`): filtered by status, refreshed by live incident events. */
import { useCallback, useEffect, useId, useState } from 'react';
import { Link, useLocation, useSearch } from 'wouter';
import { INCIDENT_STATUSES } from '../../core/incident.js';
import { get } from '../api.js';
import { useCan } from '../auth.js';
import { useLive } from '../live.js';
import type { IncidentJson } from './fields.js';
import { Badge, priorityText, Time } from './format.js';
import './incidents.css';
import { FailureNote, failureText } from '../parts.js';

const FILTERS = [
  { value: 'all', label: 'All' },
  { value: 'active', label: 'Active' },
  ...INCIDENT_STATUSES.map((s) => ({ value: s, label: s })),
];

export function IncidentList() {
  const filterId = useId();
  const search = useSearch();
  const [, navigate] = useLocation();
  const requested = new URLSearchParams(search).get('status') ?? 'all';
  const status = FILTERS.some((f) => f.value === requested) ? requested : 'all';
  const [incidents, setIncidents] = useState<IncidentJson[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const canCreate = useCan('incident.create');

  const load = useCallback(() => {
    get<{ incidents: IncidentJson[] }>(`/api/incidents?status=${encodeURIComponent(status)}`).then(
      (answer) => {
        setIncidents(answer.incidents);
        setError(null);
      },
      (failure) => setError(failureText(failure)),
    );
  }, [status]);
  useEffect(load, [load]);
  useLive(
    useCallback(
      (event) => {
        if (event.type === 'resync' || event.type.startsWith('incident.')) load();
      },
      [load],
    ),
  );

  return (
    <section className="incidents-page">
      <div className="page-head">
        <h1>Incidents</h1>
        {canCreate ? (
          <Link href="/new" className="button button-primary">
            New incident
          </Link>
        ) : null}
      </div>
      <div className="field incident-filter">
        <label htmlFor={filterId}>Status filter</label>
        <select
          id={filterId}
          value={status}
          onChange={(e) => navigate(e.target.value === 'all' ? '' : `?status=${e.target.value}`)}
        >
          {FILTERS.map((f) => (
            <option key={f.value} value={f.value}>
              {f.label}
            </option>
          ))}
        </select>
      </div>
      <FailureNote text={error} />
      {incidents === null && !error ? <p>Loading incidents…</p> : null}
      {incidents?.length === 0 ? <p>No incidents{status === 'all' ? '' : ` (${status})`}.</p> : null}
      {incidents?.length ? <IncidentTable incidents={incidents} /> : null}
    </section>
  );
}

function IncidentTable({ incidents }: { incidents: IncidentJson[] }) {
  return (
    <table className="incident-table">
      <thead>
        <tr>
          <th scope="col">Id</th>
          <th scope="col">Title</th>
          <th scope="col">Status</th>
          <th scope="col">Severity</th>
          <th scope="col">Priority</th>
          <th scope="col">Services</th>
          <th scope="col">Opened</th>
        </tr>
      </thead>
      <tbody>
        {incidents.map((incident) => (
          <tr key={incident.id}>
            <td data-label="Id">
              <code>{incident.id}</code>
            </td>
            <td data-label="Title" className="incident-title">
              <Link href={`/${encodeURIComponent(incident.id)}`}>{incident.title}</Link>
            </td>
            <td data-label="Status">
              <Badge kind="status" value={incident.status} />
            </td>
            <td data-label="Severity">
              <Badge kind="severity" value={incident.severity} />
            </td>
            <td data-label="Priority">{priorityText(incident)}</td>
            <td data-label="Services">{incident.services.join(', ') || '—'}</td>
            <td data-label="Opened">
              <Time iso={incident.createdAt} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
