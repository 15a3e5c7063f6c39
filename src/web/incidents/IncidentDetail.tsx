/**
 * The incident page (`/console/incidents/:id`): its facts and timeline, the edit form (people who
 * may edit see the fields as a form, saved with the version loaded), the status update form,
 * "Delete incident" for admins, and team work: who else is here, and what happens when someone
 * else saves meanwhile (an unchanged form follows; a changed one is told, and merges on save).
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { useLocation } from 'wouter';
import type { OverviewJson } from '../../core/console.js';
import { del, get } from '../api.js';
import { useCan, useMe } from '../auth.js';
import { useLive } from '../live.js';
import { toast } from '../toasts.js';
import { DeleteIncident } from './DeleteIncident.js';
import { changedFields, fieldsFromDraft, fieldsOf, type IncidentJson } from './fields.js';
import { Facts } from './Facts.js';
import { type EditStart, IncidentEditor } from './IncidentEditor.js';
import type { ServiceOption } from './IncidentForm.js';
import { StatusUpdate } from './StatusUpdate.js';
import { PresenceList, Timeline } from './Timeline.js';
import { draftPath, loadDraft } from './use-draft.js';
import { usePresence } from './use-presence.js';
import './incidents.css';
import { FailureNote, failureText } from '../parts.js';

const startOf = (incident: IncidentJson): EditStart => {
  const fields = fieldsOf(incident);
  return { base: fields, baseVersion: incident.version, fields };
};

/** The person's unfinished edit of `incident` kept as a draft, or null (a draft without changes is dropped). */
async function draftStart(incident: IncidentJson): Promise<EditStart | null> {
  const draft = await loadDraft(incident.id);
  if (!draft) return null;
  const current = fieldsOf(incident);
  const saved = draft.fields;
  const base =
    saved.base && typeof saved.base === 'object'
      ? fieldsFromDraft(saved.base as Record<string, unknown>, current)
      : current;
  const fields = fieldsFromDraft(saved, current);
  if (changedFields(fields, base).length === 0) {
    void del(draftPath(incident.id)).catch(() => {});
    return null;
  }
  return { base, baseVersion: draft.baseVersion ?? incident.version, fields };
}

export function IncidentDetail({ id }: { id: string }) {
  const me = useMe();
  const canUpdate = useCan('incident.update');
  const canDelete = useCan('incident.delete');
  const [, navigate] = useLocation();
  const [incident, setIncident] = useState<IncidentJson | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  /** What the edit form starts from, and a key that restarts it (after a save or a cancel). */
  const [edit, setEdit] = useState<{ start: EditStart; key: number } | null>(null);
  const [changedBy, setChangedBy] = useState<string | null>(null);
  const [deletedBy, setDeletedBy] = useState<string | null>(null);
  const [services, setServices] = useState<ServiceOption[]>([]);
  const dirty = useRef(false);
  const presence = usePresence(id);

  /** Shows `incident` as now stored; an unchanged form takes it over in place (a changed one ignores it). */
  const show = useCallback((incident: IncidentJson) => {
    setIncident(incident);
    setEdit((e) => ({ start: startOf(incident), key: e?.key ?? 0 }));
  }, []);

  const load = useCallback(async () => {
    try {
      const answer = await get<{ incident: IncidentJson }>(`/api/incidents/${encodeURIComponent(id)}`);
      show(answer.incident);
      setFailure(null);
      return answer.incident;
    } catch (error) {
      setFailure(failureText(error));
      return null;
    }
  }, [id, show]);

  /** The form starts over from `incident` (after a save or a cancel). */
  const restart = useCallback((incident: IncidentJson) => {
    dirty.current = false;
    setChangedBy(null);
    setEdit((e) => ({ start: startOf(incident), key: (e?.key ?? 0) + 1 }));
  }, []);

  // On arrival: the incident, then the person's unfinished edit of it when a draft was kept.
  useEffect(() => {
    void load().then(async (loaded) => {
      const start = loaded && canUpdate ? await draftStart(loaded) : null;
      if (!loaded || !start) return;
      setEdit((e) => ({ start, key: (e?.key ?? 0) + 1 }));
      if (start.baseVersion < loaded.version) setChangedBy('someone else');
    });
  }, [load, canUpdate]);

  useEffect(() => {
    get<OverviewJson>('/api/overview').then(
      (overview) => setServices(overview.services.map((s) => ({ id: s.id, name: s.name }))),
      () => {},
    );
  }, []);

  useLive(
    useCallback(
      (event) => {
        if (event.type === 'resync') void load();
        if (event.type === 'incident.deleted' && event.incidentId === incident?.id) setDeletedBy(event.by);
        if (event.type !== 'incident.updated' || event.incidentId !== incident?.id) return;
        if (event.version <= incident.version) return;
        void load();
        if (dirty.current && event.by !== me.user.name) setChangedBy(event.by);
      },
      [load, incident, me.user.name],
    ),
  );

  const onDirty = useCallback((value: boolean) => {
    dirty.current = value;
  }, []);

  if (!incident) {
    return (
      <section className="incidents-page">
        <h1>Incident {id}</h1>
        {failure ? (
          <p role="alert" className="error">
            {failure}
          </p>
        ) : (
          <p>Loading…</p>
        )}
      </section>
    );
  }

  const writable = canUpdate && !deletedBy;
  return (
    <article className="incidents-page incident-detail">
      <div className="page-head">
        <h1>{incident.title}</h1>
        <div className="row-actions head-actions">
          {writable ? (
            <button type="button" onClick={() => document.querySelector<HTMLElement>('.incident-edit input')?.focus()}>
              Edit
            </button>
          ) : null}
          {canDelete && !deletedBy ? (
            <DeleteIncident
              incidentId={incident.id}
              onDeleted={() => {
                void del(draftPath(incident.id)).catch(() => {});
                toast(`Deleted ${incident.id}`);
                navigate('');
              }}
            />
          ) : null}
        </div>
      </div>
      {deletedBy ? (
        <p role="alert" className="error">
          {deletedBy} deleted this incident.
        </p>
      ) : null}
      <FailureNote text={failure} />
      <Facts incident={incident} full={!writable} />
      <PresenceList people={presence.people} self={me.user} />
      {writable && edit ? (
        <IncidentEditor
          key={edit.key}
          incidentId={incident.id}
          start={edit.start}
          onDirty={onDirty}
          services={services}
          changedBy={changedBy}
          onSaved={(saved) => {
            setIncident(saved);
            toast(`Saved ${saved.id}`);
            restart(saved);
          }}
          onCancel={() => restart(incident)}
          onFocusField={presence.editing}
        />
      ) : null}
      {writable ? <StatusUpdate incident={incident} onPosted={show} onFocusField={presence.editing} /> : null}
      <Timeline updates={incident.updates} />
    </article>
  );
}
