import { useState } from 'react';
import type { JourneyMapResult } from '../api/types.js';
import { ErrorState, Loading } from '../components/states.js';
import { useI18n } from '../i18n/i18n.js';
import { NoteForm } from './note-form.js';
import { NoteItem } from './note-item.js';
import { EDITED_LANES, isLaneNote, type Lane } from './notes-api.js';
import type { NotesApi } from './use-notes.js';

/** A lane's items in one stage, with an add form opened on demand. */
function LaneCell({ lane, stage, notes }: { lane: Lane; stage: string; notes: NotesApi }) {
  const { t, label } = useI18n();
  const [adding, setAdding] = useState(false);
  const items = notes.notes?.filter((n) => isLaneNote(n, lane, stage)) ?? [];
  return (
    <td data-testid="bp-cell" data-lane={lane} data-stage={stage}>
      {items.length > 0 && (
        <ul className="notes">
          {items.map((n) => (
            <NoteItem key={n.id} note={n} showKind={false} onUpdate={(p) => notes.update(n.id, p)} onDelete={() => notes.remove(n.id)} />
          ))}
        </ul>
      )}
      {adding ? (
        <NoteForm
          testId="bp-form"
          showKind={false}
          submitLabel={t('jmx.form.add')}
          onCancel={() => setAdding(false)}
          onSubmit={async (v) => {
            await notes.add({ kind: 'note', stage, channel: null, touchpoint: null, lane, text: v.text, owner: v.owner || null, status: v.status });
            setAdding(false);
          }}
        />
      ) : (
        <button type="button" className="add" onClick={() => setAdding(true)} data-testid="bp-add" aria-label={t('jmx.bp.addTo', { lane: t(`jmx.lane.${lane}`), stage: label('stage', stage) })}>
          {t('jmx.bp.add')}
        </button>
      )}
    </td>
  );
}

/**
 * The service blueprint: the customer's steps (each stage's touchpoints from the map), then front-stage and back-stage
 * people, process and technology, one editable cell per stage; the lines of interaction,
 * visibility and internal interaction separate them.
 */
export function BlueprintLanes({ map, notes }: { map: JourneyMapResult; notes: NotesApi }) {
  const { t, label, fmt } = useI18n();
  const stages = map.stages;
  const SHOWN = 8;
  return (
    <section className="blueprint" aria-label={t('jmx.bp.title')} data-testid="blueprint">
      <h2>{t('jmx.bp.title')}</h2>
      <p className="hint">{t('jmx.bp.intro')}</p>
      {notes.loaded.status === 'loading' && <Loading />}
      {notes.loaded.status === 'error' && <ErrorState error={notes.loaded.error} retry={notes.loaded.retry} />}
      {notes.notes && (
        <div className="grid-scroll" tabIndex={0} role="region" aria-label={t('jmx.bp.title')}>
          <table className="journey-grid blueprint-grid">
            <thead>
              <tr>
                <th scope="col">{t('jmx.bp.lane')}</th>
                {stages.map((s) => (
                  <th scope="col" key={s.stage}>
                    <span className="stage-name">{label('stage', s.stage)}</span>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              <tr className="lane-customer" data-testid="bp-customer">
                <th scope="row">
                  {t('jmx.lane.customer')}
                  <span className="lane-line">{t('jmx.bp.customerHint')}</span>
                </th>
                {stages.map((s) => {
                  const cells = map.cells.filter((c) => c.stage === s.stage).sort((a, b) => b.people - a.people);
                  return (
                    <td key={s.stage}>
                      <ul className="customer-steps">
                        {cells.slice(0, SHOWN).map((c) => (
                          <li key={`${c.channel}:${c.touchpoint}`}>
                            {t('jmx.bp.step', { touchpoint: c.touchpoint, channel: label('channel', c.channel), people: fmt.int(c.people) })}
                          </li>
                        ))}
                        {cells.length > SHOWN && <li className="more">{t('jmx.bp.more', { n: fmt.int(cells.length - SHOWN) })}</li>}
                      </ul>
                    </td>
                  );
                })}
              </tr>
              {EDITED_LANES.map((lane) => (
                <tr key={lane} className={`lane-${lane}`} data-testid="bp-lane" data-lane={lane}>
                  <th scope="row">
                    {t(`jmx.lane.${lane}`)}
                    <span className="lane-line">{t(`jmx.line.${lane}`)}</span>
                  </th>
                  {stages.map((s) => (
                    <LaneCell key={s.stage} lane={lane} stage={s.stage} notes={notes} />
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
