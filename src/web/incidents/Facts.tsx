/** The incident page's read-only facts (everything, for those who may not edit). */
import type { IncidentJson } from './fields.js';
import { Badge, priorityText, Time } from './format.js';

/** The incident's facts; `full` adds the fields the edit form shows to those who may edit. */
export function Facts({ incident, full }: { incident: IncidentJson; full: boolean }) {
  return (
    <section className="incident-facts card" aria-label="Facts">
      <dl className="facts">
        <div>
          <dt>Id</dt>
          <dd>
            <code>{incident.id}</code>
          </dd>
        </div>
        <div>
          <dt>Status</dt>
          <dd>
            <Badge kind="status" value={incident.status} />
          </dd>
        </div>
        <div>
          <dt>Severity</dt>
          <dd>
            <Badge kind="severity" value={incident.severity} />
          </dd>
        </div>
        <div>
          <dt>Priority</dt>
          <dd>{priorityText(incident)}</dd>
        </div>
        <div>
          <dt>Opened</dt>
          <dd>
            <Time iso={incident.createdAt} />
          </dd>
        </div>
        <div>
          <dt>Resolved</dt>
          <dd>
            {incident.resolvedAt ? <Time iso={incident.resolvedAt} /> : 'not yet'}
            {incident.resolution ? ` (after ${incident.resolution})` : ''}
          </dd>
        </div>
        {full ? (
          <>
            <div>
              <dt>Services</dt>
              <dd>{incident.services.join(', ') || '—'}</dd>
            </div>
            <div>
              <dt>Reporter</dt>
              <dd>{incident.reporter || '—'}</dd>
            </div>
            <div>
              <dt>Detection</dt>
              <dd>{incident.detection || '—'}</dd>
            </div>
          </>
        ) : null}
      </dl>
      {full ? (
        <>
          <h2>Description</h2>
          <p className="description">{incident.description || 'No description.'}</p>
        </>
      ) : null}
    </section>
  );
}
