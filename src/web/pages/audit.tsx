/** Audit log (/console/audit, admins): who did what, newest first, from a chosen date. */
import { useId, useState } from 'react';
import type { AuditEntryJson } from '../../core/console.js';
import { when } from '../format.js';
import { ErrorNote, TableWrap } from '../parts.js';
import { useApi, useTitle } from '../use-api.js';

/** "key=value, …" for an entry's detail (values as JSON when not plain). */
function detailText(detail: Record<string, unknown>): string {
  return Object.entries(detail)
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(', ');
}

/** The audit log page. */
export function AuditPage() {
  useTitle('Audit log');
  const [since, setSince] = useState('');
  const sinceId = useId();
  const from = since ? new Date(`${since}T00:00:00`) : null;
  const query =
    from && !Number.isNaN(from.getTime()) ? `?since=${encodeURIComponent(from.toISOString())}&limit=500` : '?limit=200';
  const audit = useApi<{ entries: AuditEntryJson[] }>(`/api/audit${query}`);
  const rows = audit.data?.entries;
  return (
    <>
      <h1>Audit log</h1>
      <form className="filters" onSubmit={(e) => e.preventDefault()}>
        <div className="field">
          <label htmlFor={sinceId}>Since</label>
          <input id={sinceId} type="date" value={since} onChange={(e) => setSince(e.target.value)} />
        </div>
        {since && (
          <button type="button" className="button-quiet" onClick={() => setSince('')}>
            Show latest
          </button>
        )}
      </form>
      <ErrorNote error={audit.error} what="the audit log" />
      {rows && rows.length === 0 && <p className="muted">No entries.</p>}
      {rows && rows.length > 0 && (
        <TableWrap label="Audit log table">
          <table>
            <caption className="visually-hidden">Audit log, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Time</th>
                <th scope="col">Who</th>
                <th scope="col">Action</th>
                <th scope="col">Target</th>
                <th scope="col">Address</th>
                <th scope="col">Detail</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((e) => (
                <tr key={e.id}>
                  <td className="nowrap">{when(e.at)}</td>
                  <td>{e.actor}</td>
                  <td>
                    <code>{e.action}</code>
                  </td>
                  <td>{e.target ?? '—'}</td>
                  <td>{e.address ?? '—'}</td>
                  <td className="reason">{detailText(e.detail)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
    </>
  );
}
