/**
 * The edit form of the incident page (for people who may edit): the create form's fields over the
 * loaded incident, saved with `PUT /api/incidents/:id` and the version the edit began from. While
 * the form holds no change it follows the stored incident; once changed it keeps the person's
 * values, and a stale save (409) opens the merge dialog. The draft (`/api/drafts/<id>`) keeps the
 * person's text until a save succeeds; Cancel (Esc) drops the change and the draft.
 */
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { ApiFailure, put } from '../api.js';
import {
  type Choice,
  type Conflict,
  changedFields,
  conflictsOf,
  editBodyOf,
  FIELD_NAMES,
  type FieldName,
  fieldsOf,
  type IncidentFields,
  type IncidentJson,
  mergeFields,
} from './fields.js';
import { serverFieldError } from './format.js';
import { IncidentForm, type ServiceOption } from './IncidentForm.js';
import { MergeDialog } from './MergeDialog.js';
import { useDraft } from './use-draft.js';
import { useShortcuts } from './use-shortcuts.js';
import { FailureNote, failureText } from '../parts.js';

/** Where an edit begins: the fields it started from and their version, and what the form holds. */
export interface EditStart {
  base: IncidentFields;
  baseVersion: number;
  fields: IncidentFields;
}

export interface IncidentEditorProps {
  incidentId: string;
  /** A new object when the stored incident changed: an unchanged form takes it over in place. */
  start: EditStart;
  /** The form holds a change (or no longer does). */
  onDirty(dirty: boolean): void;
  services: ServiceOption[];
  /** Who else saved during this edit (the notice, and the merge dialog's words), or null. */
  changedBy: string | null;
  onSaved(incident: IncidentJson): void;
  onCancel(): void;
  onFocusField(field: FieldName | null): void;
}

interface Merge {
  conflicts: Conflict[];
  current: IncidentJson;
  by: string | null;
}

export function IncidentEditor(props: IncidentEditorProps) {
  const { incidentId, start, services, changedBy, onSaved, onFocusField, onDirty } = props;
  const [fields, setFields] = useState(start.fields);
  const [base, setBase] = useState({ fields: start.base, version: start.baseVersion });
  const [errors, setErrors] = useState<Partial<Record<FieldName, string>>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [merge, setMerge] = useState<Merge | null>(null);
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  // The draft keeps what the edit began from too, so a later merge knows which fields were the person's.
  const draft = useDraft(incidentId, { ...fields, base: base.fields }, base.version, true);
  const dirty = changedFields(fields, base.fields).length > 0;
  const latest = useRef({ dirty, fields });
  latest.current = { dirty, fields };

  useEffect(() => onDirty(dirty), [dirty, onDirty]);
  // A field removed while focused (the form restarting after a save or Esc) fires no blur.
  useEffect(() => () => onFocusField(null), [onFocusField]);

  // Someone saved (or posted an update): an unchanged form shows the stored values and version.
  const { markClean } = draft;
  useEffect(() => {
    if (latest.current.dirty) return;
    setFields(start.fields);
    setBase({ fields: start.base, version: start.baseVersion });
    markClean({ ...start.fields, base: start.base });
  }, [start, markClean]);

  /** The edit is over: its draft goes; null when nothing needed saving. */
  const finish = async (incident: IncidentJson | null) => {
    await draft.discard();
    setMerge(null);
    if (incident) onSaved(incident);
    else props.onCancel();
  };

  /** PUT the fields changed from `from`; a 409 opens the merge dialog over the stored incident. */
  const send = async (mine: IncidentFields, from: IncidentFields, version: number): Promise<void> => {
    const body = editBodyOf(mine, from, version);
    setBusy(true);
    setFailure(null);
    try {
      const incident = body
        ? (await put<{ incident: IncidentJson }>(`/api/incidents/${encodeURIComponent(incidentId)}`, body)).incident
        : null;
      await finish(incident);
    } catch (error) {
      const current = error instanceof ApiFailure && error.status === 409 ? staleCurrent(error.body) : null;
      if (current) {
        const theirs = fieldsOf(current);
        // Only the timeline moved on (a status update) or nobody else touched a form field:
        // nothing to choose, the person's changes go over the stored version as they are.
        if (changedFields(theirs, from).length === 0) return void (await send(mine, theirs, current.version));
        setMerge({ conflicts: conflictsOf(mine, theirs, from), current, by: changedBy });
      } else {
        const field = serverFieldError(error, FIELD_NAMES);
        if (field) {
          setMerge(null);
          setErrors({ [field.field]: field.message });
        } else setFailure(failureText(error));
      }
    } finally {
      setBusy(false);
    }
  };

  const save = (event?: FormEvent) => {
    event?.preventDefault();
    if (busy || merge || !latest.current.dirty) return;
    if (!fields.title.trim()) {
      setErrors({ title: 'The title cannot be empty.' });
      formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
      return;
    }
    setErrors({});
    void send(fields, base.fields, base.version);
  };

  const saveMerged = () => {
    if (!merge) return;
    const theirs = fieldsOf(merge.current);
    const merged = mergeFields(theirs, merge.conflicts);
    // The form now holds the merge, over the stored version: a failed save loses nothing, and
    // the draft remembers the new starting point.
    setFields(merged);
    setBase({ fields: theirs, version: merge.current.version });
    void send(merged, theirs, merge.current.version);
  };

  const pick = (index: number, choice: Choice) =>
    setMerge((m) => m && { ...m, conflicts: m.conflicts.map((c, i) => (i === index ? { ...c, pick: choice } : c)) });

  /** Cancel drops the edit and its draft (a save that conflicted keeps nothing to come back to). */
  const cancel = () => {
    if (latest.current.dirty) void draft.discard().then(props.onCancel);
  };
  useShortcuts(save, cancel, !merge);

  return (
    <form
      ref={formRef}
      noValidate
      onSubmit={save}
      className="incident-form incident-edit card"
      aria-labelledby="edit-heading"
    >
      <h2 id="edit-heading">Details</h2>
      <div aria-live="polite">
        {changedBy ? <p className="notice">Changed by {changedBy} — your save will show the differences</p> : null}
      </div>
      <IncidentForm
        fields={fields}
        onChange={setFields}
        errors={errors}
        services={services}
        onFocusField={onFocusField}
        onBlurField={() => {
          onFocusField(null);
          void draft.saveNow();
        }}
      />
      <FailureNote text={failure} />
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={busy || !dirty}>
          Save
        </button>
        <button type="button" className="button" onClick={cancel} disabled={!dirty}>
          Cancel
        </button>
        <p role="status" className="draft-status">
          {draft.message}
        </p>
      </div>
      <p className="field-hint shortcuts">Ctrl+S saves, Esc drops your changes.</p>
      {merge ? (
        <MergeDialog
          conflicts={merge.conflicts}
          by={merge.by}
          busy={busy}
          onPick={pick}
          onSave={saveMerged}
          onClose={() => setMerge(null)}
        />
      ) : null}
    </form>
  );
}

/** The stored incident a 409 answers with (`{error, current}`), or null when the body has none. */
function staleCurrent(body: unknown): IncidentJson | null {
  const current = (body as { current?: unknown } | null)?.current;
  return current && typeof current === 'object' && 'version' in current ? (current as IncidentJson) : null;
}
