import type { JourneyCell, JourneyFlag } from '../api/types.js';
import { useI18n } from '../i18n/i18n.js';
import { FlagPin } from './flag-pin.js';

/** The experience scores a cell has, each in its own scale (CSAT 1–5 mean, NPS −100…100, CES 1–7, sentiment −1…1). */
function experienceParts(x: JourneyCell['experience'], t: ReturnType<typeof useI18n>['t'], dec: (n: number) => string): string[] {
  const parts: string[] = [];
  if (x.csat.mean !== null) parts.push(t('exp.csat', { value: dec(x.csat.mean) }));
  if (x.nps.score !== null) parts.push(t('exp.nps', { value: dec(x.nps.score) }));
  if (x.ces.mean !== null) parts.push(t('exp.ces', { value: dec(x.ces.mean) }));
  if (x.sentiment.mean !== null) parts.push(t('exp.sentiment', { value: dec(x.sentiment.mean) }));
  return parts;
}

export function CellCard({ cell, pains, opportunities }: { cell: JourneyCell; pains: JourneyFlag[]; opportunities: JourneyFlag[] }) {
  const { t, fmt } = useI18n();
  const exp = experienceParts(cell.experience, t, fmt.dec);
  return (
    <article className={`cell${pains.length ? ' has-pain' : ''}`} data-testid="jm-cell" data-stage={cell.stage} data-channel={cell.channel} data-touchpoint={cell.touchpoint}>
      <h4>{cell.touchpoint}</h4>
      <dl>
        <dt>{t('jm.cell.people')}</dt>
        <dd data-testid="cell-people">{fmt.int(cell.people)}</dd>
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
    </article>
  );
}
