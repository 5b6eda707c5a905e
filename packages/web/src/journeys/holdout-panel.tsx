import type { JourneyStats } from '@trailmap/core';
import { useI18n } from '../i18n/i18n.js';

/** The split's arms (holdout included) with their goal rates, and the uplift of treatment over the holdout. */
export function HoldoutPanel({ stats }: { stats: JourneyStats }) {
  const { t, fmt } = useI18n();
  if (stats.arms.length === 0) return null;
  const uplift = stats.holdoutUplift;
  return (
    <section className="holdout-panel" aria-labelledby="holdout-title" data-testid="holdout-panel">
      <h3 id="holdout-title">{t('jb.holdout.title')}</h3>
      <table className="tm-table" aria-labelledby="holdout-title">
        <thead>
          <tr>
            {(['variant', 'people', 'goal', 'rate'] as const).map((c) => (
              <th key={c} scope="col" className={c === 'variant' ? undefined : 'num'}>
                {t(`jb.holdout.col.${c}`)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {stats.arms.map((a) => (
            <tr key={a.variant} data-testid="holdout-arm" data-variant={a.variant}>
              <th scope="row">{a.variant === 'holdout' ? t('jb.holdout.holdout') : a.variant}</th>
              <td className="num">{fmt.int(a.people)}</td>
              <td className="num">{fmt.int(a.goal)}</td>
              <td className="num">{fmt.pct(a.rate)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p data-testid="holdout-uplift">{uplift === null ? t('jb.holdout.noUplift') : t('jb.holdout.uplift', { n: `${uplift >= 0 ? '+' : ''}${fmt.dec(uplift * 100)}` })}</p>
    </section>
  );
}
