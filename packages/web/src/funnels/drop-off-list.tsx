import { useSegmentFilter } from '../components/segment-picker.js';
import { Link } from 'react-router';
import { apiPost } from '../api/client.js';
import type { FunnelResult } from '../api/types.js';
import { useApi } from '../api/use-api.js';
import { Empty, ErrorState, Loading } from '../components/states.js';
import { useI18n } from '../i18n/i18n.js';
import { DROP_OFF_MAX, DROP_OFF_PAGE, dropOffDefinition, type FunnelQuery } from './funnel-query.js';

export const DROP_OFF_PANEL_ID = 'funnel-dropoff';

/**
 * The people who reached step n−1 but not step n (`POST /v1/analytics/funnel` with
 * `dropOffStep: n`), each linking to their profile on the People page.
 */
export function DropOffList({ query, result, onLimit, onClose }: { query: FunnelQuery; result: FunnelResult; onLimit(limit: number): void; onClose(): void }) {
  const { t, fmt } = useI18n();
  const segment = useSegmentFilter();
  const base = dropOffDefinition(query);
  const definition = base && segment.length ? { ...base, segment } : base;
  const answer = useApi<FunnelResult>(definition && JSON.stringify(definition), (signal) => apiPost('/v1/analytics/funnel', definition, signal));
  const n = query.dropOff;
  if (n === null) return null;
  const step = result.steps[n - 1];
  const prev = result.steps[n - 2];
  if (!step || !prev) return null;

  let body;
  if (answer.status === 'loading') body = <Loading />;
  else if (answer.status === 'error') body = <ErrorState error={answer.error} retry={answer.retry} />;
  else {
    const d = answer.data.dropOff;
    if (!d || d.count === 0) body = <Empty text={t('fn.dropoff.none')} />;
    else {
      const summaryKey = query.order === 'any' ? 'fn.dropoff.summaryAny' : 'fn.dropoff.summary';
      const more = Math.min(DROP_OFF_PAGE, d.count - d.people.length, DROP_OFF_MAX - query.dropOffLimit);
      body = (
        <>
          <p data-testid="dropoff-summary">
            {t(summaryKey, { count: fmt.int(d.count), prev: fmt.int(n - 1), prevName: prev.name, n: fmt.int(n), name: step.name })}
            {query.breakdown && ` ${t('fn.dropoff.allPeople')}`}
          </p>
          <p className="help" data-testid="dropoff-shown">
            {t('fn.dropoff.shown', { shown: fmt.int(d.people.length), count: fmt.int(d.count) })}
          </p>
          <ol className="dropoff-people" aria-label={t('fn.dropoff.list', { n: fmt.int(n) })}>
            {d.people.map((id) => (
              <li key={id}>
                <Link to={`/people?${new URLSearchParams({ person: id }).toString()}`} data-testid="dropoff-person" data-person-id={id}>
                  {id}
                </Link>
              </li>
            ))}
          </ol>
          {more > 0 && (
            <button type="button" onClick={() => onLimit(query.dropOffLimit + more)} data-testid="dropoff-more">
              {t('fn.dropoff.more', { n: fmt.int(more) })}
            </button>
          )}
        </>
      );
    }
  }
  return (
    <section id={DROP_OFF_PANEL_ID} className="dropoff-panel" aria-labelledby={`${DROP_OFF_PANEL_ID}-title`} data-testid="dropoff-panel" data-step={n}>
      <div className="dropoff-head">
        <h3 id={`${DROP_OFF_PANEL_ID}-title`}>{t('fn.dropoff.title', { n: fmt.int(n), name: step.name })}</h3>
        <button type="button" onClick={onClose} data-testid="dropoff-close">
          {t('fn.dropoff.close')}
        </button>
      </div>
      {body}
    </section>
  );
}
