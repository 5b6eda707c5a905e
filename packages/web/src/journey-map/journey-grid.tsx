import type { JourneyFlag, JourneyMapResult } from '../api/types.js';
import { useI18n } from '../i18n/i18n.js';
import { CellCard, type CellExtras } from './cell-card.js';
import { cellKey, type NoteTarget } from './map-mode.js';
import type { DayStep } from './day-in-life.js';
import type { PlannedPin } from './future-plan.js';
import type { Change } from '@trailmap/core';

function byCell(flags: JourneyFlag[]): Map<string, JourneyFlag[]> {
  const m = new Map<string, JourneyFlag[]>();
  for (const f of flags) m.set(cellKey(f), [...(m.get(cellKey(f)) ?? []), f]);
  return m;
}

/** The qualitative layer on the grid: note counts, the selection, the day-in-the-life visits. */
export interface GridLayer {
  cellNotes(c: { stage: string; channel: string; touchpoint: string }): number;
  stageNotes(stage: string): number;
  selection: NoteTarget | null;
  select(target: NoteTarget): void;
  visits?: Map<string, DayStep[]>;
  stepTime?(iso: string): string;
  /** Future-state map: the planned changes pinned in each cell (by cell key). */
  planned?: Map<string, PlannedPin[]>;
  /** Compare on: each cell's change of people from the previous period (by cell key). */
  changes?: Map<string, Change>;
}

const isSelected = (sel: NoteTarget | null, c: { stage: string; channel: string | null; touchpoint: string | null }) =>
  sel !== null && sel.stage === c.stage && sel.channel === c.channel && sel.touchpoint === c.touchpoint;

/** Stages as columns, channel lanes (busiest first) as rows, touchpoint cells where they meet. */
export function JourneyGrid({ map, layer }: { map: JourneyMapResult; layer?: GridLayer }) {
  const { t, fmt, label } = useI18n();
  const pains = byCell(map.painPoints);
  const opps = byCell(map.opportunities);
  const extras = (c: JourneyMapResult['cells'][number]): CellExtras | undefined =>
    layer && {
      notes: layer.cellNotes(c),
      selected: isSelected(layer.selection, c),
      onNotes: () => layer.select({ stage: c.stage, channel: c.channel, touchpoint: c.touchpoint }),
      ...(layer.visits ? { visits: layer.visits.get(cellKey(c)) ?? [] } : {}),
      ...(layer.stepTime ? { stepTime: layer.stepTime } : {}),
      ...(layer.planned ? { planned: layer.planned.get(cellKey(c)) ?? [] } : {}),
      ...(layer.changes ? { change: layer.changes.get(cellKey(c)) } : {}),
    };
  return (
    <div className="grid-scroll" tabIndex={0} role="region" aria-label={t('jm.grid')}>
      <table className="journey-grid">
        <thead>
          <tr>
            <th scope="col">{t('jm.channel')}</th>
            {map.stages.map((s) => (
              <th scope="col" key={s.stage} data-testid="jm-stage" data-stage={s.stage}>
                <span className="stage-name">{label('stage', s.stage)}</span>
                <span className="stage-meta">{t('jm.stagePeople', { people: fmt.int(s.people) })}</span>
                {s.conversion !== null && <span className="stage-meta">{t('jm.stageConversion', { rate: fmt.pct(s.conversion) })}</span>}
                {layer && (
                  <button
                    type="button"
                    className={`notes-button stage-notes${layer.stageNotes(s.stage) ? ' has-notes' : ''}`}
                    aria-pressed={isSelected(layer.selection, { stage: s.stage, channel: null, touchpoint: null })}
                    onClick={() => layer.select({ stage: s.stage, channel: null, touchpoint: null })}
                    data-testid="stage-notes"
                    aria-label={t('jmx.stage.notesLabel', { n: fmt.int(layer.stageNotes(s.stage)), stage: label('stage', s.stage) })}
                  >
                    {t('jmx.stage.notes')} <span className="count">{fmt.int(layer.stageNotes(s.stage))}</span>
                  </button>
                )}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {map.channels.map((ch) => (
            <tr key={ch}>
              <th scope="row">{label('channel', ch)}</th>
              {map.stages.map((s) => (
                <td key={s.stage}>
                  {map.cells
                    .filter((c) => c.channel === ch && c.stage === s.stage)
                    .sort((a, b) => b.people - a.people)
                    .map((c) => (
                      <CellCard key={c.touchpoint} cell={c} pains={pains.get(cellKey(c)) ?? []} opportunities={opps.get(cellKey(c)) ?? []} extras={extras(c)} />
                    ))}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
