import { MESSAGE_STATUSES, type JourneyStats, type RunOutcome } from '@trailmap/core';

const OUTCOMES: readonly RunOutcome[] = ['completed', 'goal', 'exit', 'holdout', 'loop_guard', 'archived'];
import { useI18n } from '../i18n/i18n.js';

/** The journey's runs now and its messages by status (`GET /v1/journeys/:id/stats`). */
export function StatsSummary({ stats }: { stats: JourneyStats }) {
  const { t, fmt } = useI18n();
  const runs = [
    ['entered', stats.entered],
    ['running', stats.running],
    ['waiting', stats.waiting],
    ['following', stats.following],
    ['goalReached', stats.goalReached],
  ] as const;
  const messages = MESSAGE_STATUSES.filter((s) => (stats.messages[s] ?? 0) > 0);
  const ended = OUTCOMES.filter((o) => (stats.ended[o] ?? 0) > 0);
  return (
    <section className="journey-stats" aria-labelledby="journey-stats-title" data-testid="journey-stats">
      <h2 id="journey-stats-title">{t('jb.stats.title')}</h2>
      <dl className="report-counts">
        {runs.map(([k, n]) => (
          <div key={k} className="count" data-testid={`stat-${k}`} data-value={n}>
            <dt>{t(`jb.stats.${k}`)}</dt>
            <dd>{fmt.int(n)}</dd>
          </div>
        ))}
      </dl>
      <h3>{t('jb.stats.ended')}</h3>
      {ended.length === 0 ? (
        <p className="subtitle">{t('jb.stats.noEnded')}</p>
      ) : (
        <p className="by-code">
          {ended.map((o) => (
            <span key={o} className="chip" data-testid="stat-ended" data-outcome={o}>
              {t(`jb.outcome.${o}`)}: {fmt.int(stats.ended[o])}
            </span>
          ))}
        </p>
      )}
      <h3>{t('jb.stats.messages')}</h3>
      {messages.length === 0 ? (
        <p className="subtitle">{t('jb.stats.noMessages')}</p>
      ) : (
        <p className="by-code">
          {messages.map((s) => (
            <span key={s} className="chip" data-testid="stat-message" data-status={s}>
              {t(`msgs.status.${s}`)}: {fmt.int(stats.messages[s])}
            </span>
          ))}
        </p>
      )}
    </section>
  );
}
