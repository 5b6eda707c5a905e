import { useState } from 'react';
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

/** Cells a collapsed lane shows per stage (its busiest); the rest wait behind "+n more". */
export const LANE_PREVIEW = 2;
/** The service lane: human-assisted interactions (tickets, calls, chats, refunds), drawn last, under the customer's own channels. */
export const SERVICE_CHANNEL = 'support';

/** Lanes in order: the customer's channels busiest first, then the service lane (as a service blueprint draws it). */
export function laneOrder(channels: readonly string[]): string[] {
  return [...channels.filter((c) => c !== SERVICE_CHANNEL), ...channels.filter((c) => c === SERVICE_CHANNEL)];
}

/**
 * Stages as columns, channel lanes as rows, touchpoint cells where they meet: a swimlane board.
 * Lanes start collapsed (their busiest cells per stage, the rest behind "+n more"); a cell shows
 * its name, people and flags, and opens on demand for its other numbers.
 */
export function JourneyGrid({ map, layer }: { map: JourneyMapResult; layer?: GridLayer }) {
  const { t, fmt, label } = useI18n();
  const [openLanes, setOpenLanes] = useState<ReadonlySet<string>>(new Set());
  const [openCell, setOpenCell] = useState<string | null>(null);
  const pains = byCell(map.painPoints);
  const opps = byCell(map.opportunities);
  const toggleLane = (ch: string) =>
    setOpenLanes((cur) => {
      const next = new Set(cur);
      if (next.has(ch)) next.delete(ch);
      else next.add(ch);
      return next;
    });
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
  // A cell the current view is about (a step of the day, a planned change, the selection) is never hidden.
  const mustShow = (c: JourneyMapResult['cells'][number]) => {
    const k = cellKey(c);
    return (layer?.visits?.get(k)?.length ?? 0) > 0 || (layer?.planned?.get(k)?.length ?? 0) > 0 || (layer ? isSelected(layer.selection, c) : false);
  };
  return (
    <div className="grid-scroll" tabIndex={0} role="region" aria-label={t('jm.grid')}>
      <table className="journey-grid board" data-testid="jm-board">
        <thead>
          <tr>
            <th scope="col">{t('jm.channel')}</th>
            {map.stages.map((s) => (
              <th scope="col" key={s.stage} data-testid="jm-stage" data-stage={s.stage}>
                <span className="stage-name">{label('stage', s.stage)}</span>
                <span className="stage-meta">
                  {t('jm.stagePeople', { people: fmt.int(s.people) })}
                  {s.conversion !== null && <> · {t('jm.stageConversion', { rate: fmt.pct(s.conversion) })}</>}
                </span>
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
          {laneOrder(map.channels).map((ch) => {
            const open = openLanes.has(ch);
            const laneCells = map.cells.filter((c) => c.channel === ch);
            const service = ch === SERVICE_CHANNEL;
            return (
              <tr key={ch} className={service ? 'lane lane-service' : 'lane'} data-testid="jm-lane" data-channel={ch} data-open={open ? 'true' : 'false'}>
                <th scope="row">
                  <button type="button" className="lane-toggle" aria-expanded={open} onClick={() => toggleLane(ch)} data-testid="lane-toggle">
                    {label('channel', ch)}
                  </button>
                  {service && <span className="lane-line">{t('jm.lane.service')}</span>}
                  <span className="lane-line">{t('jm.lane.count', { n: fmt.int(laneCells.length) })}</span>
                </th>
                {map.stages.map((s) => {
                  const cells = laneCells.filter((c) => c.stage === s.stage).sort((a, b) => b.people - a.people);
                  const more = open ? 0 : Math.max(0, cells.length - LANE_PREVIEW);
                  return (
                    <td key={s.stage}>
                      {cells.map((c, i) => {
                        const k = cellKey(c);
                        const hidden = !open && i >= LANE_PREVIEW && !mustShow(c);
                        return (
                          <CellCard
                            key={c.touchpoint}
                            cell={c}
                            pains={pains.get(k) ?? []}
                            opportunities={opps.get(k) ?? []}
                            extras={extras(c)}
                            hidden={hidden}
                            expanded={openCell === k}
                            onToggle={() => setOpenCell((cur) => (cur === k ? null : k))}
                          />
                        );
                      })}
                      {more > 0 && (
                        <button type="button" className="lane-more" onClick={() => toggleLane(ch)} data-testid="lane-more">
                          {t('jm.lane.more', { n: fmt.int(more) })}
                        </button>
                      )}
                    </td>
                  );
                })}
              </tr>
            );
          })}
        </tbody>
      </table>
      {openLanes.size === 0 && (
        <p className="board-hint" data-testid="jm-board-hint">
          {t('jm.board.hint', { n: fmt.int(map.channels.length) })}
        </p>
      )}
    </div>
  );
}
