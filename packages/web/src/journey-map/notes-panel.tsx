import { Empty, ErrorState, Loading } from '../components/states.js';
import { useI18n } from '../i18n/i18n.js';
import type { NoteTarget } from './map-mode.js';
import { NoteForm } from './note-form.js';
import { NoteItem } from './note-item.js';
import { isCellNote, isStageNote, type JourneyNote } from './notes-api.js';
import type { NotesApi } from './use-notes.js';

/** The notes of the selected stage or cell, with a form to add one. */
export function NotesPanel({ target, notes, onClose }: { target: NoteTarget; notes: NotesApi; onClose(): void }) {
  const { t, label } = useI18n();
  const isCell = target.channel !== null && target.touchpoint !== null;
  const mine = (n: JourneyNote) =>
    isCell ? isCellNote(n, { stage: target.stage, channel: target.channel!, touchpoint: target.touchpoint! }) : isStageNote(n, target.stage);
  const title = isCell
    ? t('jm.flag.where', { touchpoint: target.touchpoint!, channel: label('channel', target.channel!), stage: label('stage', target.stage) })
    : label('stage', target.stage);
  const list = notes.notes?.filter(mine) ?? [];
  return (
    <aside className="notes-panel" aria-label={t('jmx.panel.label', { target: title })} data-testid="notes-panel">
      <header>
        <div>
          <span className="panel-kind">{isCell ? t('jmx.panel.cell') : t('jmx.panel.stage')}</span>
          <h2>{title}</h2>
        </div>
        <button type="button" onClick={onClose} aria-label={t('jmx.panel.close')} data-testid="notes-close">
          ×
        </button>
      </header>
      {notes.loaded.status === 'loading' && <Loading />}
      {notes.loaded.status === 'error' && <ErrorState error={notes.loaded.error} retry={notes.loaded.retry} />}
      {notes.notes && (
        <>
          {list.length === 0 ? (
            <Empty text={t('jmx.panel.none')} />
          ) : (
            <ul className="notes">
              {list.map((n) => (
                <NoteItem key={n.id} note={n} onUpdate={(p) => notes.update(n.id, p)} onDelete={() => notes.remove(n.id)} />
              ))}
            </ul>
          )}
          <h3>{t('jmx.panel.add')}</h3>
          <NoteForm
            testId="note-add"
            submitLabel={t('jmx.form.add')}
            onSubmit={(v) =>
              notes.add({ kind: v.kind, stage: target.stage, channel: target.channel, touchpoint: target.touchpoint, lane: null, text: v.text, owner: v.owner || null, status: v.status })
            }
          />
        </>
      )}
    </aside>
  );
}
