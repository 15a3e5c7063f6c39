/**
 * The stale-save dialog: someone saved the incident after this edit began, so the server refused
 * the save (409). Each field where the stored value differs from the person's shows both, with
 * "Keep mine" / "Take theirs"; "Save merged" saves the picks over the stored version. Modal
 * (`showModal`: the page behind is inert) with focus kept inside; Esc goes back to editing.
 */
import { type KeyboardEvent, useEffect, useId, useRef } from 'react';
import { type Choice, type Conflict, FIELD_LABELS, showValue } from './fields.js';

export interface MergeDialogProps {
  conflicts: Conflict[];
  /** Who saved in between, when known. */
  by: string | null;
  busy: boolean;
  onPick(index: number, pick: Choice): void;
  onSave(): void;
  /** Back to the form (Esc or "Back to editing"): nothing is lost, the next save asks again. */
  onClose(): void;
}

export function MergeDialog({ conflicts, by, busy, onPick, onSave, onClose }: MergeDialogProps) {
  const id = useId();
  const ref = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    dialog?.querySelector<HTMLElement>('button')?.focus();
    return () => dialog?.close();
  }, []);

  /** Tab from the last control goes to the first (and back): focus never leaves the dialog. */
  const trap = (event: KeyboardEvent<HTMLDialogElement>) => {
    if (event.key !== 'Tab') return;
    const focusable = [...event.currentTarget.querySelectorAll<HTMLElement>('button:not([disabled])')];
    const first = focusable[0];
    const last = focusable.at(-1);
    if (!first || !last) return;
    if (event.shiftKey && document.activeElement === first) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first.focus();
    }
  };

  return (
    <dialog
      ref={ref}
      className="dialog merge-dialog"
      aria-modal="true"
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-intro`}
      onKeyDown={trap}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      <h2 id={`${id}-title`}>Someone else changed this incident</h2>
      <p id={`${id}-intro`}>
        {by ? `${by} saved it` : 'It was saved'} after you began editing. Where its values differ from yours, keep yours
        or take theirs (each starts at yours where you changed it), then save the merge.
      </p>
      {conflicts.length === 0 ? <p>Their change matches yours: nothing to choose.</p> : null}
      {conflicts.map((conflict, index) => {
        const label = FIELD_LABELS[conflict.name];
        return (
          <fieldset key={conflict.name} className="merge-field">
            <legend>{label}</legend>
            <div className="merge-values">
              <div className={conflict.pick === 'theirs' ? 'merge-value chosen' : 'merge-value'}>
                <p className="merge-whose">Theirs</p>
                <p className="merge-text">{showValue(conflict.theirs)}</p>
                <button
                  type="button"
                  className="button"
                  aria-pressed={conflict.pick === 'theirs'}
                  onClick={() => onPick(index, 'theirs')}
                >
                  Take theirs
                </button>
              </div>
              <div className={conflict.pick === 'mine' ? 'merge-value chosen' : 'merge-value'}>
                <p className="merge-whose">Yours</p>
                <p className="merge-text">{showValue(conflict.mine)}</p>
                <button
                  type="button"
                  className="button"
                  aria-pressed={conflict.pick === 'mine'}
                  onClick={() => onPick(index, 'mine')}
                >
                  Keep mine
                </button>
              </div>
            </div>
          </fieldset>
        );
      })}
      <div className="form-actions">
        <button type="button" className="button button-primary" onClick={onSave} disabled={busy}>
          Save merged
        </button>
        <button type="button" className="button" onClick={onClose}>
          Back to editing
        </button>
      </div>
    </dialog>
  );
}
