import { useI18n } from '../i18n/i18n.js';
import { BYS, CAPS, LOOKBACKS, METRICS, ORDERS, readAttributionQuery, writeAttributionQuery } from './attribution-query.js';
import { attributionRequest } from './attribution-query.js';
import { InterventionsSection } from './interventions-section.js';
import { ModelsSection } from './models-section.js';
import { TouchpointsSection } from './touchpoints-section.js';
import { TwinSection } from './twin-section.js';
import { useUrlQuery } from '../routing/url-params.js';
import { ChoiceSelect } from '../components/choice-select.js';
import { SaveInsight } from '../insights/save-insight.js';
import './attribution.css';
import { DateRangeControl } from '../components/date-range-control.js';
import { useDateRange } from '../components/use-date-range.js';

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
  const dates = useDateRange();

  return (
    <main className="page attribution">
      <div className="page-head">
        <h1>{t('attr.title')}</h1>
        <form className="filters" aria-label={t('attr.settings')} onSubmit={(e) => e.preventDefault()}>
          <ChoiceSelect label={t('attr.by')} testId="attr-by" choices={BYS} value={query.by} optionLabel={(b) => t(`attr.by.${b}`)} onChange={(b) => set({ by: b })} />
          <ChoiceSelect label={t('attr.lookback')} testId="attr-lookback" choices={LOOKBACKS} value={query.lookback} optionLabel={(l) => t(`attr.lookback.${l}`)} onChange={(l) => set({ lookback: l })} />
          <ChoiceSelect label={t('attr.cap')} testId="attr-cap" choices={CAPS} value={query.cap} optionLabel={(c) => (c === 'all' ? t('attr.cap.all') : t('attr.cap.last', { n: c }))} onChange={(c) => set({ cap: c })} />
          <ChoiceSelect label={t('attr.order')} testId="attr-order" choices={ORDERS} value={query.order} optionLabel={(o) => String(o)} onChange={(o) => set({ order: o })} />
          <ChoiceSelect label={t('attr.metric')} testId="attr-metric" choices={METRICS} value={query.metric} optionLabel={(m) => t(`attr.metric.${m}`)} onChange={(m) => set({ metric: m })} />
        </form>
        <DateRangeControl range={dates.range} onChange={dates.setRange} />
      </div>
      <SaveInsight kind="attribution" definition={attributionRequest(query)} defaultName={t('attr.title')} />
      <ModelsSection query={query} />
      <TouchpointsSection query={query} />
      <InterventionsSection query={query} />
      <TwinSection query={query} set={set} />
    </main>
  );
}
