/**
 * The create form (`/console/incidents/new`): quick on a phone, prefilled from the alert or group
 * it was opened from, autosaved as the draft `new`, restored on return. Ctrl+S creates, Esc goes
 * back to the list and keeps the draft.
 */
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useLocation, useSearch } from 'wouter';
import { post } from '../api.js';
import { useCan, useMe } from '../auth.js';
import {
  emptyFields,
  FIELD_NAMES,
  type FieldName,
  fieldsFromDraft,
  type IncidentFields,
  type IncidentJson,
  openBodyOf,
} from './fields.js';
import { serverFieldError } from './format.js';
import { IncidentForm, type ServiceOption } from './IncidentForm.js';
import { loadPrefill } from './prefill.js';
import { loadDraft, useDraft } from './use-draft.js';
import { useShortcuts } from './use-shortcuts.js';
import './incidents.css';
import { FailureNote, failureText } from '../parts.js';

type Errors = Partial<Record<FieldName, string>>;

export function NewIncident() {
  const me = useMe();
  const canCreate = useCan('incident.create');
  const search = useSearch();
  const [, navigate] = useLocation();
  const [fields, setFields] = useState<IncidentFields>(() => emptyFields(me.user.name));
  const [options, setOptions] = useState<ServiceOption[]>([]);
  const [loaded, setLoaded] = useState(false);
  const [restoredAt, setRestoredAt] = useState<string | null>(null);
  const [errors, setErrors] = useState<Errors>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const draft = useDraft('new', fields, null, loaded && canCreate);
  const { markClean } = draft;

  useEffect(() => {
    let live = true;
    Promise.all([loadPrefill(search), canCreate ? loadDraft('new') : null]).then(([prefill, saved]) => {
      if (!live) return;
      const base = { ...emptyFields(me.user.name), services: prefill.services, detection: prefill.detection };
      let start = base;
      if (saved) {
        start = fieldsFromDraft(saved.fields, base);
        // Opened from an alert: what the draft left empty comes from the alert.
        if (start.services.length === 0) start.services = base.services;
        if (!start.detection) start.detection = base.detection;
        setRestoredAt(saved.savedAt);
      }
      setOptions(prefill.options);
      setFields(start);
      markClean(saved ? fieldsFromDraft(saved.fields, base) : start);
      setLoaded(true);
    });
    return () => {
      live = false;
    };
  }, [search, canCreate, me.user.name, markClean]);

  const submit = async (event?: FormEvent) => {
    event?.preventDefault();
    if (busy || !canCreate) return;
    const problems: Errors = {};
    if (!fields.title.trim()) problems.title = 'Give the incident a title.';
    setErrors(problems);
    setFailure(null);
    if (Object.keys(problems).length > 0) {
      formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
      return;
    }
    setBusy(true);
    try {
      const { incident } = await post<{ incident: IncidentJson }>('/api/incidents', openBodyOf(fields));
      await draft.discard();
      navigate(`/${encodeURIComponent(incident.id)}`);
    } catch (error) {
      const field = serverFieldError(error, FIELD_NAMES);
      if (field) setErrors({ [field.field]: field.message });
      else setFailure(failureText(error));
      setBusy(false);
    }
  };

  const cancel = () => {
    void draft.saveNow();
    navigate('');
  };
  // Esc works at once (even while the draft loads); Ctrl+S only once there is a form to send.
  useShortcuts(() => loaded && void submit(), cancel);

  const startOver = () => {
    void draft.discard().then(() => {
      const fresh = emptyFields(me.user.name);
      setFields(fresh);
      markClean(fresh);
      setRestoredAt(null);
      navigate('/new', { replace: true });
    });
  };

  return (
    <section className="incidents-page incident-new">
      <h1>New incident</h1>
      {!canCreate ? (
        <p role="alert" className="error">
          Your role ({me.user.role}) can read incidents but not open them. Ask an admin for the reporter role.
        </p>
      ) : null}
      {restoredAt ? (
        <p className="notice">
          Your draft is back.{' '}
          <button type="button" className="button-quiet" onClick={startOver}>
            Start over
          </button>
        </p>
      ) : null}
      {!loaded ? <p>Loading…</p> : null}
      <form ref={formRef} noValidate onSubmit={submit} hidden={!loaded} className="incident-form">
        <IncidentForm
          fields={fields}
          onChange={setFields}
          errors={errors}
          services={options}
          onFocusField={() => {}}
          onBlurField={() => void draft.saveNow()}
        />
        <FailureNote text={failure} />
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={busy || !canCreate}>
            Create incident
          </button>
          <button type="button" className="button" onClick={cancel}>
            Cancel
          </button>
          <p role="status" className="draft-status">
            {draft.message}
          </p>
        </div>
        <p className="field-hint shortcuts">Ctrl+S creates it, Esc goes back (your draft is kept).</p>
      </form>
    </section>
  );
}
