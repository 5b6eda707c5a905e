import type { PersonScores } from '@trailmap/core';
import { useMoney } from '../api/use-project.js';
import { Empty } from '../components/states.js';
import { useI18n } from '../i18n/i18n.js';
import { formatDateTime } from './datetime.js';

/** How long ago an instant was, in the largest whole unit (the scores' lag). */
function ago(iso: string, now: number): { unit: 'minutes' | 'hours' | 'days'; n: number } {
  const ms = Math.max(0, now - Date.parse(iso));
  if (ms < 3_600_000) return { unit: 'minutes', n: Math.floor(ms / 60_000) };
  if (ms < 86_400_000) return { unit: 'hours', n: Math.floor(ms / 3_600_000) };
  return { unit: 'days', n: Math.floor(ms / 86_400_000) };
}

/**
 * The person's model scores from the latest complete scoring run (the profile's `scores`): RFM
 * group with R/F/M, persona, CLV, P(alive), expected purchases, churn risk with its top reasons;
 * how to run one when there is none yet.
 */
export function ProfileScores({ scores }: { scores: PersonScores | null | undefined }) {
  const { t, fmt, locale } = useI18n();
  const { money } = useMoney();
  if (!scores) {
    return (
      <div data-testid="profile-scores-none">
        <Empty text={t('people.scores.none')} />
        <p className="subtitle">
          {t('people.scores.howTo')} <code>trailmap scores run</code> · <code>POST /v1/customers/scores</code>
        </p>
      </div>
    );
  }
  const lag = ago(scores.scoredAt, Date.now());
  const row = (name: string, label: string, value: string, raw: string | number) => (
    <tr data-score={name}>
      <th scope="row">{label}</th>
      <td data-testid={`score-${name}`} data-value={raw}>{value}</td>
    </tr>
  );
  return (
    <div data-testid="profile-scores" data-scored-at={scores.scoredAt}>
      <table className="data">
        <tbody>
          {scores.rfm && row('rfmGroup', t('people.scores.rfm'), `${t(`rfm.group.${scores.rfm.group}`)} · R ${scores.rfm.r} F ${scores.rfm.f} M ${scores.rfm.m}`, scores.rfm.group)}
          {scores.persona && row('persona', t('people.scores.persona'), locale === 'zh-CN' ? scores.persona.name.zh : scores.persona.name.en, scores.persona.key)}
          {scores.clv && row('clv', t('people.scores.clv', { horizon: fmt.int(scores.clv.horizon), unit: t(`people.scores.unit.${scores.clv.unit}`) }), money(scores.clv.clv), scores.clv.clv)}
          {scores.clv && row('pAlive', t('people.scores.pAlive'), fmt.pct(scores.clv.pAlive), scores.clv.pAlive)}
          {scores.clv && row('expectedPurchases', t('people.scores.expected'), fmt.dec(scores.clv.expectedPurchases), scores.clv.expectedPurchases)}
          {scores.churn && row('churnRisk', t('people.scores.churn'), fmt.pct(scores.churn.risk), scores.churn.risk)}
        </tbody>
      </table>
      {scores.churn && scores.churn.reasons.length > 0 && (
        <>
          <h5>{t('people.scores.reasons')}</h5>
          <ul className="consent" data-testid="score-churn-reasons">
            {scores.churn.reasons.map((r) => (
              <li key={r.feature} data-feature={r.feature}>
                <span>{t(`people.churn.${r.feature}`)}</span> <span className="subtitle">{fmt.dec(r.value)}</span>{' '}
                <b>{r.contribution > 0 ? t('people.scores.towards') : t('people.scores.against')}</b>
              </li>
            ))}
          </ul>
        </>
      )}
      {!scores.rfm && !scores.persona && !scores.clv && !scores.churn && <Empty text={t('people.scores.noneForPerson')} />}
      <p className="subtitle" data-testid="profile-scores-lag">
        {t('people.scores.scoredAt', { at: formatDateTime(locale, scores.scoredAt), ago: t(`people.scores.ago.${lag.unit}`, { n: fmt.int(lag.n) }) })}
      </p>
    </div>
  );
}
