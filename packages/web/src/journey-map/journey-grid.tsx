import type { JourneyFlag, JourneyMapResult } from '../api/types.js';
import { useI18n } from '../i18n/i18n.js';
import { CellCard } from './cell-card.js';

const cellKey = (x: { stage: string; channel: string; touchpoint: string }) => `${x.stage}\u0000${x.channel}\u0000${x.touchpoint}`;

function byCell(flags: JourneyFlag[]): Map<string, JourneyFlag[]> {
  const m = new Map<string, JourneyFlag[]>();
  for (const f of flags) m.set(cellKey(f), [...(m.get(cellKey(f)) ?? []), f]);
  return m;
}

/** Stages as columns, channel lanes (busiest first) as rows, touchpoint cells where they meet. */
export function JourneyGrid({ map }: { map: JourneyMapResult }) {
  const { t, fmt, label } = useI18n();
  const pains = byCell(map.painPoints);
  const opps = byCell(map.opportunities);
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
                      <CellCard key={c.touchpoint} cell={c} pains={pains.get(cellKey(c)) ?? []} opportunities={opps.get(cellKey(c)) ?? []} />
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
