import { useState } from 'react';
import { useI18n } from '../i18n/i18n.js';
import { NoteForm } from './note-form.js';
import type { JourneyNote, NotePatch } from './notes-api.js';

/** One note with its kind, owner, status and last change; edit in place or delete. */
export function NoteItem({ note, showKind = true, onUpdate, onDelete }: { note: JourneyNote; showKind?: boolean; onUpdate(p: NotePatch): Promise<unknown>; onDelete(): Promise<unknown> }) {
  const { t, fmt } = useI18n();
  const [editing, setEditing] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (editing) {
    return (
      <li className="note editing" data-testid="note" data-note-id={note.id}>
        <NoteForm
          initial={{ kind: note.kind, text: note.text, owner: note.owner ?? '', status: note.status }}
          showKind={showKind}
          submitLabel={t('jmx.form.save')}
          testId="note-edit"
          onCancel={() => setEditing(false)}
          onSubmit={async (v) => {
            await onUpdate({ ...(showKind ? { kind: v.kind } : {}), text: v.text, owner: v.owner || null, status: v.status });
            setEditing(false);
          }}
        />
      </li>
    );
  }
  return (
    <li className={`note kind-${note.kind} status-${note.status}`} data-testid="note" data-note-id={note.id}>
      <p className="note-text" data-testid="note-text">
        {note.text}
      </p>
      <p className="note-meta">
        {showKind && <span className="badge">{t(`jmx.kind.${note.kind}`)}</span>}
        <span className={`badge status`}>{t(`jmx.status.${note.status}`)}</span>
        <span>{note.owner ? t('jmx.owner', { owner: note.owner }) : t('jmx.noOwner')}</span>
        <span>{t('jmx.updated', { date: fmt.day(note.updatedAt) })}</span>
      </p>
      <div className="note-actions">
        <button type="button" onClick={() => setEditing(true)} data-testid="note-edit-button">
          {t('jmx.edit')}
        </button>
        <button
          type="button"
          data-testid="note-delete"
          onClick={() => {
            setError(null);
            onDelete().catch((e: Error) => setError(t('jmx.form.refused', { message: e.message })));
          }}
        >
          {t('jmx.delete')}
        </button>
      </div>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </li>
  );
}
