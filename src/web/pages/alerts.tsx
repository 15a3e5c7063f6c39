/**
 * Alerts (/console/alerts): the latest alerts with triage's verdict; people with alert.feedback
 * mark each verdict right or wrong (wrong asks for the right severity). New alerts arrive live.
 */
import { useCallback, useId, useState } from 'react';
import { type Severity, severities } from '../../core/alert.js';
import type { AlertRowJson } from '../../core/console.js';
import { post } from '../api.js';
import { useCan } from '../auth.js';
import { when } from '../format.js';
import { useLive } from '../live.js';
import { ErrorNote, TableWrap, failureText } from '../parts.js';
import { toast } from '../toasts.js';
import { useApi, useLiveReload, useTitle } from '../use-api.js';

type Alerts = { alerts: AlertRowJson[] };

function Feedback({ alert, onSaved }: { alert: AlertRowJson; onSaved: (a: AlertRowJson) => void }) {
  const [asking, setAsking] = useState(false);
  const [severity, setSeverity] = useState<Severity>(alert.severity === 'critical' ? 'warning' : 'critical');
  const [busy, setBusy] = useState(false);
  const selectId = useId();

  async function send(verdict: 'correct' | 'wrong') {
    setBusy(true);
    try {
      const body = verdict === 'wrong' ? { verdict, severity } : { verdict };
      const { alert: saved } = await post<{ alert: AlertRowJson }>(
        `/api/alerts/${encodeURIComponent(alert.id)}/feedback`,
        body,
      );
      onSaved(saved);
      setAsking(false);
      toast(verdict === 'correct' ? `Marked “${alert.title}” correct.` : `Marked “${alert.title}” as ${severity}.`);
    } catch (error) {
      toast(`Feedback not saved: ${failureText(error)}`, 'error');
    } finally {
      setBusy(false);
    }
  }

  if (asking) {
    return (
      <div className="inline-form">
        <label htmlFor={selectId}>Right severity</label>
        <select id={selectId} value={severity} onChange={(e) => setSeverity(e.target.value as Severity)}>
          {severities.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
        <button type="button" className="button-primary" disabled={busy} onClick={() => void send('wrong')}>
          Save
        </button>
        <button type="button" className="button-quiet" onClick={() => setAsking(false)}>
          Cancel
        </button>
      </div>
    );
  }
  return (
    <div className="row-actions">
      <button type="button" disabled={busy} onClick={() => void send('correct')}>
        Mark correct
      </button>
      <button type="button" disabled={busy} onClick={() => setAsking(true)}>
        Mark wrong
      </button>
    </div>
  );
}

function verdictText(a: AlertRowJson): string | null {
  if (!a.feedback) return null;
  return a.feedback.verdict === 'correct' ? 'Marked correct' : `Marked wrong: ${a.feedback.severity}`;
}

/** The alerts page. */
export function AlertsPage() {
  useTitle('Alerts');
  const mayFeedback = useCan('alert.feedback');
  const alerts = useApi<Alerts>('/api/alerts?limit=50');
  const { setData, reload } = alerts;
  useLiveReload([], reload);
  const onEvent = useCallback<Parameters<typeof useLive>[0]>(
    (event) => {
      if (event.type !== 'alert') return;
      setData((current) => {
        if (!current) return current;
        const rest = current.alerts.filter((a) => a.id !== event.alert.id);
        return { alerts: [event.alert, ...rest].slice(0, 200) };
      });
    },
    [setData],
  );
  useLive(onEvent);
  const replace = useCallback(
    (saved: AlertRowJson) =>
      setData((current) => current && { alerts: current.alerts.map((a) => (a.id === saved.id ? saved : a)) }),
    [setData],
  );

  const rows = alerts.data?.alerts;
  return (
    <>
      <h1>Alerts</h1>
      <ErrorNote error={alerts.error} what="the alerts" />
      {rows && rows.length === 0 && <p className="muted">No alerts yet.</p>}
      {rows && rows.length > 0 && (
        <TableWrap label="Alerts table">
          <table className="alerts-table">
            <caption className="visually-hidden">Latest alerts, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Time</th>
                <th scope="col">Source</th>
                <th scope="col">Service</th>
                <th scope="col">Title</th>
                <th scope="col">Severity</th>
                <th scope="col">Classifier</th>
                <th scope="col">Reason</th>
                {mayFeedback && <th scope="col">Feedback</th>}
              </tr>
            </thead>
            <tbody>
              {rows.map((a) => (
                <tr key={a.id}>
                  <td className="nowrap">{when(a.receivedAt)}</td>
                  <td>{a.source}</td>
                  <td>{a.service ?? '—'}</td>
                  <td>{a.title}</td>
                  <td className="nowrap">
                    <span className={`sev sev-${a.severity}`}>{a.severity}</span>{' '}
                    <span className="muted small">{Math.round(a.confidence * 100)} %</span>
                  </td>
                  <td>{a.classifier}</td>
                  <td className="reason">{a.reason}</td>
                  {mayFeedback && (
                    <td className="feedback">
                      {verdictText(a) && <p className="muted small verdict">{verdictText(a)}</p>}
                      <Feedback alert={a} onSaved={replace} />
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
    </>
  );
}
