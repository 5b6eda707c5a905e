import type { JourneyCell, JourneyFlag } from '../api/types.js';
import { useI18n } from '../i18n/i18n.js';
import type { DayStep } from './day-in-life.js';
import { FlagPin } from './flag-pin.js';
import type { PlannedPin } from './future-plan.js';
import { PlannedBadges } from './future-state.js';
import type { Change } from '@trailmap/core';
import { ChangeBadge } from '../components/date-range-control.js';

/** The experience scores a cell has, each in its own scale (CSAT 1–5 mean, NPS −100…100, CES 1–7, sentiment −1…1). */
export function experienceParts(x: JourneyCell['experience'], t: ReturnType<typeof useI18n>['t'], dec: (n: number) => string): string[] {
  const parts: string[] = [];
  if (x.csat.mean !== null) parts.push(t('exp.csat', { value: dec(x.csat.mean) }));
  if (x.nps.score !== null) parts.push(t('exp.nps', { value: dec(Math.round(x.nps.score) || 0) }));
  if (x.ces.mean !== null) parts.push(t('exp.ces', { value: dec(x.ces.mean) }));
  if (x.sentiment.mean !== null) parts.push(t('exp.sentiment', { value: dec(x.sentiment.mean) }));
  return parts;
}

/** The qualitative layer and the day-in-the-life steps a cell shows besides its numbers. */
export interface CellExtras {
  notes: number;
  selected: boolean;
  onNotes(): void;
  /** The steps of a day in the life that hit this cell, in order (day map type only). */
  visits?: DayStep[];
  stepTime?(iso: string): string;
  /** The changes planned at this cell (future-state map type only). */
  planned?: PlannedPin[];
  /** The change of the cell's people from the previous period (compare on). */
  change?: Change | undefined;
}

export function CellCard({ cell, pains, opportunities, extras }: { cell: JourneyCell; pains: JourneyFlag[]; opportunities: JourneyFlag[]; extras?: CellExtras }) {
  const { t, fmt } = useI18n();
  const exp = experienceParts(cell.experience, t, fmt.dec);
  const visits = extras?.visits ?? [];
  const planned = extras?.planned ?? [];
  const cls = ['cell', pains.length ? 'has-pain' : '', extras?.selected ? 'selected' : '', visits.length ? 'visited' : '', planned.length ? 'has-plan' : ''].filter(Boolean).join(' ');
  return (
    <article
      className={cls}
      data-testid="jm-cell"
      data-stage={cell.stage}
      data-channel={cell.channel}
      data-touchpoint={cell.touchpoint}
      {...(visits.length ? { 'data-visited': visits.length } : {})}
      {...(planned.length ? { 'data-planned': planned.length } : {})}
    >
      <h4>{cell.touchpoint}</h4>
      {planned.length > 0 && <PlannedBadges pins={planned} />}
      {visits.length > 0 && (
        <ol className="visits" aria-label={t('jmx.day.cellSteps')} data-testid="cell-visits">
          {visits.map((v) => (
            <li key={v.event.messageId}>
              <span className="step-n">{fmt.int(v.n)}</span> <time dateTime={v.timestamp}>{extras?.stepTime?.(v.timestamp)}</time>
            </li>
          ))}
        </ol>
      )}
      <dl>
        <dt>{t('jm.cell.people')}</dt>
        <dd data-testid="cell-people">
          {fmt.int(cell.people)}
          <ChangeBadge change={extras?.change} compact testId="cell-people-change" />
        </dd>
        {cell.conversion !== null && (
          <>
            <dt>{t('jm.cell.conversion')}</dt>
            <dd>{fmt.pct(cell.conversion)}</dd>
          </>
        )}
        <dt>{t('jm.cell.dwell')}</dt>
        <dd>{fmt.duration(cell.dwellMedianMs)}</dd>
        <dt>{t('jm.cell.experience')}</dt>
        <dd>{exp.length ? `${exp.join(' · ')} (${t('jm.cell.responses', { n: fmt.int(cell.experience.responses) })})` : t('jm.cell.noScore')}</dd>
      </dl>
      {pains.length + opportunities.length > 0 && (
        <div className="pins">
          {pains.map((f) => (
            <FlagPin key={f.kind} flag={f} tone="pain" />
          ))}
          {opportunities.map((f) => (
            <FlagPin key={f.kind} flag={f} tone="opportunity" />
          ))}
        </div>
      )}
      {extras && (
        <button
          type="button"
          className={`notes-button${extras.notes ? ' has-notes' : ''}`}
          aria-pressed={extras.selected}
          onClick={extras.onNotes}
          data-testid="cell-notes"
          aria-label={t('jmx.cell.notesLabel', { n: fmt.int(extras.notes), touchpoint: cell.touchpoint })}
        >
          {t('jmx.cell.notes')} <span className="count" data-testid="cell-notes-count">{fmt.int(extras.notes)}</span>
        </button>
      )}
    </article>
  );
}
