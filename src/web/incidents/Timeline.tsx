/** The incident page's read-only parts: the timeline and who else is on the incident. */
import type { PresenceJson } from '../../core/console.js';
import type { IncidentUpdateJson } from '../../core/incident.js';
import { FIELD_LABELS, type FieldName } from './fields.js';
import { Badge, Time } from './format.js';

/** Status updates, oldest first (as the API gives them). */
export function Timeline({ updates }: { updates: IncidentUpdateJson[] }) {
  return (
    <section className="timeline" aria-labelledby="timeline-heading">
      <h2 id="timeline-heading">Timeline</h2>
      {updates.length === 0 ? <p>No updates yet.</p> : null}
      <ol>
        {updates.map((update, index) => (
          // The timeline only grows at its end, so the position is a stable key.
          // biome-ignore lint/suspicious/noArrayIndexKey: append-only list
          <li key={index}>
            <div className="timeline-head">
              <Badge kind="status" value={update.status} />
              <span className="timeline-meta">
                {update.author} · <Time iso={update.at} />
              </span>
            </div>
            <p className="timeline-note">{update.note}</p>
          </li>
        ))}
      </ol>
    </section>
  );
}

/** "editing title" with the field as the form names it ("editing Title" reads oddly: lower case). */
function activity(person: PresenceJson): string {
  if (!person.editing) return 'viewing';
  const label = FIELD_LABELS[person.editing as FieldName] ?? person.editing;
  return `editing ${label.toLowerCase()}`;
}

/**
 * Who else views or edits this incident (the person themself left out: they know). One line per
 * person and activity, so two tabs of the same person show once.
 */
export function PresenceList({ people, self }: { people: PresenceJson[]; self: { id: number | null; name: string } }) {
  const others = people.filter((p) =>
    self.id !== null && p.userId !== null ? p.userId !== self.id : p.name !== self.name,
  );
  const lines = [...new Set(others.map((p) => `${p.name} ${activity(p)}`))];
  return (
    <section className="presence" aria-label="People on this incident" aria-live="polite">
      {lines.length === 0 ? (
        <p className="presence-alone">Nobody else is on this incident.</p>
      ) : (
        <>
          <span className="presence-here">Here now:</span>
          <ul>
            {lines.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
