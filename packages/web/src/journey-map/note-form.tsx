import { useId, useState, type FormEvent } from 'react';
import { useI18n } from '../i18n/i18n.js';
import { NOTE_KINDS, NOTE_STATUSES, NoteFailure, OWNER_MAX, TEXT_MAX, type NoteKind, type NoteStatus } from './notes-api.js';
import type { JourneyMessageKey } from './messages.js';

export interface NoteValues {
  kind: NoteKind;
  text: string;
  owner: string;
  status: NoteStatus;
}

export const EMPTY_NOTE: NoteValues = { kind: 'note', text: '', owner: '', status: 'open' };

/** What is wrong with the values before they are sent (the server checks the same rules). */
function problems(v: NoteValues): { field: 'text' | 'owner'; key: JourneyMessageKey; vars?: Record<string, number> } | null {
  if (v.text.trim() === '') return { field: 'text', key: 'jmx.form.textRequired' };
  if (v.text.trim().length > TEXT_MAX) return { field: 'text', key: 'jmx.form.textTooLong', vars: { max: TEXT_MAX } };
  if (v.owner.trim().length > OWNER_MAX) return { field: 'owner', key: 'jmx.form.ownerTooLong', vars: { max: OWNER_MAX } };
  return null;
}

/**
 * Add or edit a note: kind (unless the lane fixes it), text, owner, status. Errors, from the
 * form's own check or from the server, are shown under it and name the field.
 */
export function NoteForm({
  initial = EMPTY_NOTE,
  showKind = true,
  submitLabel,
  onSubmit,
  onCancel,
  testId,
}: {
  initial?: NoteValues;
  showKind?: boolean;
  submitLabel: string;
  onSubmit(values: NoteValues): Promise<unknown>;
  onCancel?(): void;
  testId: string;
}) {
  const { t, fmt } = useI18n();
  const [v, setV] = useState<NoteValues>(initial);
  const [error, setError] = useState<{ field: string | null; message: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const id = useId();
  const errId = `${id}-err`;
  const invalid = (field: string) => (error?.field === field ? { 'aria-invalid': true, 'aria-describedby': errId } : {});

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const p = problems(v);
    if (p) {
      setError({ field: p.field, message: t(p.key, p.vars ? { max: fmt.int(p.vars.max!) } : undefined) });
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await onSubmit({ ...v, text: v.text.trim(), owner: v.owner.trim() });
      if (initial === EMPTY_NOTE) setV(EMPTY_NOTE);
    } catch (err) {
      const field = err instanceof NoteFailure ? err.field : null;
      setError({ field, message: t('jmx.form.refused', { message: (err as Error).message }) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="note-form" onSubmit={submit} data-testid={testId} noValidate>
      {showKind && (
        <label>
          {t('jmx.form.kind')}
          <select value={v.kind} onChange={(e) => setV({ ...v, kind: e.target.value as NoteKind })} data-testid={`${testId}-kind`}>
            {NOTE_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`jmx.kind.${k}`)}
              </option>
            ))}
          </select>
        </label>
      )}
      <label className="wide">
        {t('jmx.form.text')}
        <textarea rows={3} value={v.text} onChange={(e) => setV({ ...v, text: e.target.value })} data-testid={`${testId}-text`} {...invalid('text')} />
      </label>
      <label>
        {t('jmx.form.owner')}
        <input value={v.owner} onChange={(e) => setV({ ...v, owner: e.target.value })} data-testid={`${testId}-owner`} {...invalid('owner')} />
      </label>
      <label>
        {t('jmx.form.status')}
        <select value={v.status} onChange={(e) => setV({ ...v, status: e.target.value as NoteStatus })} data-testid={`${testId}-status`}>
          {NOTE_STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(`jmx.status.${s}`)}
            </option>
          ))}
        </select>
      </label>
      {error && (
        <p className="form-error" role="alert" id={errId} data-testid={`${testId}-error`}>
          {error.message}
        </p>
      )}
      <div className="form-actions">
        <button type="submit" disabled={busy} data-testid={`${testId}-submit`}>
          {submitLabel}
        </button>
        {onCancel && (
          <button type="button" onClick={onCancel}>
            {t('jmx.form.cancel')}
          </button>
        )}
      </div>
    </form>
  );
}
