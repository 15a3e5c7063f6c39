/**
 * The status update form of the incident page: a status and the note every change carries
 * (`POST /api/incidents/:id/updates`). The note is checked here and again by the server (400).
 */
import { type FormEvent, useId, useRef, useState } from 'react';
import { INCIDENT_STATUSES } from '../../core/incident.js';
import { post } from '../api.js';
import type { IncidentJson } from './fields.js';
import { serverFieldError } from './format.js';
import { FailureNote, failureText } from '../parts.js';

/** The status a person most likely posts next: the one after the current, or the current when resolved. */
function nextStatus(current: string): string {
  const index = INCIDENT_STATUSES.indexOf(current as (typeof INCIDENT_STATUSES)[number]);
  return INCIDENT_STATUSES[Math.min(index + 1, INCIDENT_STATUSES.length - 1)] ?? 'investigating';
}

export interface StatusUpdateProps {
  incident: IncidentJson;
  onPosted(incident: IncidentJson): void;
  onFocusField(field: 'note' | null): void;
}

export function StatusUpdate({ incident, onPosted, onFocusField }: StatusUpdateProps) {
  const id = useId();
  const [status, setStatus] = useState(() => nextStatus(incident.status));
  const [note, setNote] = useState('');
  const [noteError, setNoteError] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const noteRef = useRef<HTMLTextAreaElement>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setFailure(null);
    if (!note.trim()) {
      setNoteError('Write a note: what changed and why.');
      noteRef.current?.focus();
      return;
    }
    setNoteError(null);
    setBusy(true);
    try {
      const path = `/api/incidents/${encodeURIComponent(incident.id)}/updates`;
      const answer = await post<{ incident: IncidentJson }>(path, { status, note: note.trim() });
      setNote('');
      setStatus(nextStatus(answer.incident.status));
      onPosted(answer.incident);
    } catch (error) {
      const field = serverFieldError(error, ['note', 'status'] as const);
      if (field?.field === 'note') {
        setNoteError(field.message);
        noteRef.current?.focus();
      } else setFailure(failureText(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="status-update" noValidate onSubmit={submit} aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>Post an update</h2>
      <div className="field">
        <label htmlFor={`${id}-status`}>Status</label>
        <select id={`${id}-status`} value={status} onChange={(e) => setStatus(e.target.value)}>
          {INCIDENT_STATUSES.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-note`}>Note</label>
        <textarea
          id={`${id}-note`}
          ref={noteRef}
          rows={3}
          required
          aria-invalid={noteError ? true : undefined}
          aria-describedby={noteError ? `${id}-note-error` : undefined}
          value={note}
          onChange={(e) => setNote(e.target.value)}
          onFocus={() => onFocusField('note')}
          onBlur={() => onFocusField(null)}
        />
        {noteError ? (
          <p id={`${id}-note-error`} className="field-error">
            {noteError}
          </p>
        ) : null}
      </div>
      <FailureNote text={failure} />
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={busy}>
          Post update
        </button>
      </div>
    </form>
  );
}
