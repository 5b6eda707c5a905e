import type { JourneyCell, JourneyFlag } from '../api/types.js';
import { useI18n } from '../i18n/i18n.js';
import type { DayStep } from './day-in-life.js';
import { FlagPin } from './flag-pin.js';
import type { PlannedPin } from './future-plan.js';
import { PlannedBadges } from './future-state.js';
import { dwellIsMeaningful } from '@trailmap/core';
import { useDisplayNames } from '../api/display-names.js';
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

export function CellCard(props: {
  cell: JourneyCell;
  pains: JourneyFlag[];
  opportunities: JourneyFlag[];
  extras?: CellExtras | undefined;
  /** In a collapsed lane, beyond its preview: kept in the page (counts and links find it), not drawn. */
  hidden?: boolean;
  /** The cell's other numbers (conversion, dwell, bounce, experience) are open. */
  expanded?: boolean;
  onToggle?(): void;
}) {
  const { cell, pains, opportunities, extras } = props;
  const { t, fmt } = useI18n();
  const names = useDisplayNames();
  const exp = experienceParts(cell.experience, t, fmt.dec);
  const visits = extras?.visits ?? [];
  const planned = extras?.planned ?? [];
  const expanded = props.expanded ?? false;
  const name = names.touchpoint(cell.touchpoint);
  const detailsId = `cell-${cell.stage}-${cell.channel}-${cell.touchpoint}`.replace(/[^A-Za-z0-9_-]/g, '_');
  const cls = ['cell', 'compact', pains.length ? 'has-pain' : '', extras?.selected ? 'selected' : '', visits.length ? 'visited' : '', planned.length ? 'has-plan' : '', expanded ? 'open' : '']
    .filter(Boolean)
    .join(' ');
  return (
    <article
      className={cls}
      hidden={props.hidden}
      data-testid="jm-cell"
      data-stage={cell.stage}
      data-channel={cell.channel}
      data-touchpoint={cell.touchpoint}
      data-name={name}
      {...(visits.length ? { 'data-visited': visits.length } : {})}
      {...(planned.length ? { 'data-planned': planned.length } : {})}
    >
      <div className="cell-line">
        <button type="button" className="cell-toggle" aria-expanded={expanded} aria-controls={detailsId} onClick={props.onToggle} data-testid="cell-toggle" title={name}>
          <span className="cell-name">{name}</span>
        </button>
        <span className="cell-people" data-testid="cell-people" title={t('jm.cell.people')}>
          {fmt.int(cell.people)}
        </span>
        <ChangeBadge change={extras?.change} compact testId="cell-people-change" />
        {pains.length + opportunities.length > 0 && (
          <span className="pins">
            {pains.map((f) => (
              <FlagPin key={f.kind} flag={f} tone="pain" />
            ))}
            {opportunities.map((f) => (
              <FlagPin key={f.kind} flag={f} tone="opportunity" />
            ))}
          </span>
        )}
        {extras && (
          <button
            type="button"
            className={`notes-button${extras.notes ? ' has-notes' : ''}`}
            aria-pressed={extras.selected}
            onClick={extras.onNotes}
            data-testid="cell-notes"
            aria-label={t('jmx.cell.notesLabel', { n: fmt.int(extras.notes), touchpoint: name })}
          >
            {t('jmx.cell.notes')} <span className="count" data-testid="cell-notes-count">{fmt.int(extras.notes)}</span>
          </button>
        )}
      </div>
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
      <dl id={detailsId} hidden={!expanded} data-testid="cell-details">
        {name !== cell.touchpoint && (
          <>
            <dt>{t('jm.cell.stored')}</dt>
            <dd>{cell.touchpoint}</dd>
          </>
        )}
        <dt>{t('jm.cell.people')}</dt>
        <dd>{fmt.int(cell.people)}</dd>
        {cell.conversion !== null && (
          <>
            <dt>{t('jm.cell.conversion')}</dt>
            <dd>{fmt.pct(cell.conversion)}</dd>
          </>
        )}
        {/* Dwell only where it means something: enough measured visits and a median above 0 (core's dwellIsMeaningful). */}
        {dwellIsMeaningful(cell) && (
          <>
            <dt>{t('jm.cell.dwell')}</dt>
            <dd data-testid="cell-dwell">{fmt.duration(cell.dwellMedianMs)}</dd>
          </>
        )}
        <dt>{t('jm.cell.bounce')}</dt>
        <dd>{fmt.pct(cell.bounceRate)}</dd>
        <dt>{t('jm.cell.experience')}</dt>
        <dd>{exp.length ? `${exp.join(' · ')} (${t('jm.cell.responses', { n: fmt.int(cell.experience.responses) })})` : t('jm.cell.noScore')}</dd>
      </dl>
    </article>
  );
}
