/**
 * Overview (/console): services and their state, open alert groups, active incidents, tonight's
 * wake ladder and this month's spend. Reloads (throttled) on live status, uptime, incident and alert events.
 */
import { Link } from 'wouter';
import type { OverviewJson } from '../../core/console.js';
import { ErrorNote, TableWrap } from '../parts.js';
import { usd, uptime, when } from '../format.js';
import { useApi, useLiveReload, useTitle } from '../use-api.js';

const LIVE_TYPES = ['status', 'uptime', 'incident.*', 'alert'];

function stateClass(state: string): string {
  const s = state.toLowerCase();
  if (['up', 'ok', 'operational', 'resolved'].includes(s)) return 'pill pill-ok';
  if (['down', 'outage', 'major_outage', 'critical', 'open', 'investigating'].includes(s)) return 'pill pill-bad';
  return 'pill pill-warn';
}

function Services({ services }: { services: OverviewJson['services'] }) {
  if (services.length === 0) return <p className="muted">No services configured.</p>;
  return (
    <ul className="service-list">
      {services.map((s) => (
        <li key={s.id}>
          <span className="service-name">{s.name}</span>
          <span className={stateClass(s.state)}>{s.state}</span>
          <span className="muted">30 d uptime {uptime(s.uptime30d)}</span>
        </li>
      ))}
    </ul>
  );
}

function OpenGroups({ groups }: { groups: OverviewJson['openGroups'] }) {
  if (groups.length === 0) return <p className="muted">No open alert groups.</p>;
  return (
    <TableWrap label="Open alert groups table">
      <table>
        <thead>
          <tr>
            <th scope="col">Title</th>
            <th scope="col">Service</th>
            <th scope="col">Severity</th>
            <th scope="col">State</th>
            <th scope="col">Alerts</th>
            <th scope="col">Last seen</th>
          </tr>
        </thead>
        <tbody>
          {groups.map((g) => (
            <tr key={g.id}>
              <td>{g.title}</td>
              <td>{g.service}</td>
              <td>
                <span className={`sev sev-${g.severity}`}>{g.severity}</span>
              </td>
              <td>{g.state}</td>
              <td>{g.count}</td>
              <td>{when(g.lastSeen)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}

function Incidents({ incidents }: { incidents: OverviewJson['activeIncidents'] }) {
  if (incidents.length === 0) return <p className="muted">No active incidents.</p>;
  return (
    <ul className="plain-list">
      {incidents.map((i) => (
        <li key={i.id}>
          <Link href={`/incidents/${encodeURIComponent(i.id)}`}>{i.title}</Link>{' '}
          <span className={`sev sev-${i.severity}`}>{i.severity}</span> <span className="muted">{i.priority}</span>{' '}
          <span className={stateClass(i.status)}>{i.status}</span>
        </li>
      ))}
    </ul>
  );
}

function Wake({ wake }: { wake: OverviewJson['wake'] }) {
  const quiet = wake.quietHours;
  return (
    <>
      <p>
        {quiet
          ? `Quiet hours ${quiet.from}–${quiet.to} (${quiet.timeZone}): only critical alerts call.`
          : 'No quiet hours configured.'}
      </p>
      {wake.ladders.length === 0 ? (
        <p className="muted">No wake ladder is running.</p>
      ) : (
        <ul className="plain-list">
          {wake.ladders.map((l) => (
            <li key={l.groupId}>
              <strong>{l.title}</strong> — {l.step}, {l.state}
              {l.nextAt && <span className="muted"> · next {when(l.nextAt)}</span>}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

function Spend({ spend }: { spend: OverviewJson['spend'] }) {
  return (
    <dl className="figures">
      <div>
        <dt>Spent this month</dt>
        <dd>
          {usd(spend.monthUsd)}
          {spend.capUsd !== null && <span className="muted"> of {usd(spend.capUsd)}</span>}
        </dd>
      </div>
      <div>
        <dt>Calls</dt>
        <dd>{spend.calls}</dd>
      </div>
      <div>
        <dt>SMS</dt>
        <dd>{spend.sms}</dd>
      </div>
    </dl>
  );
}

/** The first page. */
export function OverviewPage() {
  useTitle('Overview');
  const overview = useApi<OverviewJson>('/api/overview');
  useLiveReload(LIVE_TYPES, overview.reload);
  const data = overview.data;
  return (
    <>
      <h1>Overview</h1>
      <ErrorNote error={overview.error} what="the overview" />
      {!data ? (
        !overview.error && <p className="muted">Loading…</p>
      ) : (
        <div className="grid">
          <section className="card" aria-labelledby="ov-services">
            <h2 id="ov-services">Services</h2>
            <Services services={data.services} />
          </section>
          <section className="card" aria-labelledby="ov-incidents">
            <h2 id="ov-incidents">Active incidents</h2>
            <Incidents incidents={data.activeIncidents} />
          </section>
          <section className="card card-wide" aria-labelledby="ov-groups">
            <h2 id="ov-groups">Open alert groups</h2>
            <OpenGroups groups={data.openGroups} />
          </section>
          <section className="card" aria-labelledby="ov-wake">
            <h2 id="ov-wake">Tonight's wake ladder</h2>
            <Wake wake={data.wake} />
          </section>
          <section className="card" aria-labelledby="ov-spend">
            <h2 id="ov-spend">This month's spend</h2>
            <Spend spend={data.spend} />
          </section>
        </div>
      )}
      <p className="muted small">Updated {when(data?.generatedAt)}</p>
    </>
  );
}
