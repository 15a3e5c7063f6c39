/** "Delete incident" (admins: incident.delete) with a confirm dialog; the server checks the permission again. */
import { useEffect, useId, useRef, useState } from 'react';
import { del } from '../api.js';
import { FailureNote, failureText } from '../parts.js';

export function DeleteIncident({ incidentId, onDeleted }: { incidentId: string; onDeleted(): void }) {
  const [asking, setAsking] = useState(false);
  return (
    <>
      <button type="button" className="button button-danger" onClick={() => setAsking(true)}>
        Delete incident
      </button>
      {asking ? <ConfirmDelete incidentId={incidentId} onDeleted={onDeleted} onClose={() => setAsking(false)} /> : null}
    </>
  );
}

function ConfirmDelete({ incidentId, onDeleted, onClose }: { incidentId: string; onDeleted(): void; onClose(): void }) {
  const id = useId();
  const ref = useRef<HTMLDialogElement>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    // The safe choice has focus: Enter does not delete.
    dialog?.querySelector<HTMLElement>('[data-autofocus]')?.focus();
    return () => dialog?.close();
  }, []);

  const remove = async () => {
    setBusy(true);
    try {
      await del(`/api/incidents/${encodeURIComponent(incidentId)}`);
      onDeleted();
    } catch (error) {
      setFailure(failureText(error));
      setBusy(false);
    }
  };

  return (
    <dialog
      ref={ref}
      className="dialog confirm-dialog"
      aria-modal="true"
      aria-labelledby={`${id}-title`}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      <h2 id={`${id}-title`}>Delete {incidentId}?</h2>
      <p>The incident and its whole timeline go for good.</p>
      <FailureNote text={failure} />
      <div className="form-actions">
        <button type="button" className="button" data-autofocus onClick={onClose}>
          Keep it
        </button>
        <button type="button" className="button button-danger" onClick={remove} disabled={busy}>
          Delete for good
        </button>
      </div>
    </dialog>
  );
}
