import { useI18n } from '../i18n/i18n.js';
import { BYS, LOOKBACKS, METRICS, ORDERS, readAttributionQuery, writeAttributionQuery, type AttributionQuery } from './attribution-query.js';
import { InterventionsSection } from './interventions-section.js';
import { ModelsSection } from './models-section.js';
import { TouchpointsSection } from './touchpoints-section.js';
import { TwinSection } from './twin-section.js';
import { useUrlQuery } from '../routing/url-params.js';
import './attribution.css';

/**
 * `/attribution`: every attribution model side by side, the key touchpoint scores with their
 * components, the ranked interventions (feasibility and cost editable) and the twin simulator.
 * Every number comes from `/v1/attribution`, `/v1/touchpoints/score`, `/v1/interventions` and
 * `/v1/twin/simulate`; the selection lives in the URL.
 */
export function AttributionPage() {
  const { t } = useI18n();
  // `set` merges into the URL as it is when the change lands (the twin slider's change is debounced).
  const [query, set] = useUrlQuery(readAttributionQuery, writeAttributionQuery, { replace: true });

  return (
    <main className="page attribution">
      <div className="page-head">
        <h1>{t('attr.title')}</h1>
        <form className="filters" aria-label={t('attr.settings')} onSubmit={(e) => e.preventDefault()}>
          <label>
            {t('attr.by')}
            <select value={query.by} data-testid="attr-by" onChange={(e) => set({ by: e.target.value as AttributionQuery['by'] })}>
              {BYS.map((b) => (
                <option key={b} value={b}>
                  {t(`attr.by.${b}`)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('attr.lookback')}
            <select value={query.lookback} data-testid="attr-lookback" onChange={(e) => set({ lookback: e.target.value as AttributionQuery['lookback'] })}>
              {LOOKBACKS.map((l) => (
                <option key={l} value={l}>
                  {t(`attr.lookback.${l}`)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('attr.order')}
            <select value={query.order} data-testid="attr-order" onChange={(e) => set({ order: Number(e.target.value) })}>
              {ORDERS.map((o) => (
                <option key={o} value={o}>
                  {o}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('attr.metric')}
            <select value={query.metric} data-testid="attr-metric" onChange={(e) => set({ metric: e.target.value as AttributionQuery['metric'] })}>
              {METRICS.map((m) => (
                <option key={m} value={m}>
                  {t(`attr.metric.${m}`)}
                </option>
              ))}
            </select>
          </label>
        </form>
      </div>
      <ModelsSection query={query} />
      <TouchpointsSection query={query} />
      <InterventionsSection query={query} />
      <TwinSection query={query} set={set} />
    </main>
  );
}
