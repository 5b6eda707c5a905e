import { SegmentPicker, useSegmentFilter } from '../components/segment-picker.js';
import { useUrlParams, useUrlQuery } from '../routing/url-params.js';
import { SegmentBreakdownPicker, useSegmentGroupLabel } from '../funnels/segment-breakdown-picker.js';
import type { LifecycleResult, MetricsAnswer, RetentionResult } from '@trailmap/core';
import { apiPost } from '../api/client.js';
import { useApi } from '../api/use-api.js';
import { Empty, ErrorState, Loading } from '../components/states.js';
import { useI18n } from '../i18n/i18n.js';
import { useTouchpointNames } from '../api/use-touchpoint-names.js';
import { TouchpointSelect } from '../components/touchpoint-select.js';
import { CohortGrid } from './cohort-grid.js';
import { ExperienceTrends } from './experience-trends.js';
import { LifecycleChart } from './lifecycle-chart.js';
import {
  lifecycleDefinition,
  metricsDefinition,
  MODES,
  PERIOD_COUNTS,
  PERIODS,
  readRetentionQuery,
  retentionDefinition,
  START_MODES,
  writeRetentionQuery,
} from './retention-query.js';
import './retention.css';
import { ChoiceSelect } from '../components/choice-select.js';
import { SaveInsight } from '../insights/save-insight.js';
import type { RangedAnswer } from '@trailmap/core';
import { DateRangeControl } from '../components/date-range-control.js';
import { useDateRange, withRange } from '../components/use-date-range.js';

/** The URL parameter of the segment breakdown (a saved segment's key). */
const BREAKDOWN_PARAM = 'bseg';

/** Run one analysis from its definition (the definition's JSON is the reload key). */
function useAnalysis<T>(name: string, base: object) {
  // The picked segment (filter bar) narrows every analysis of the page.
  const segment = useSegmentFilter();
  const definition = segment.length ? { ...base, segment } : base;
  return useApi<T>(`${name}:${JSON.stringify(definition)}`, (signal) => apiPost(`/v1/analytics/${name}`, definition, signal));
}

export function RetentionPage() {
  const { t, fmt } = useI18n();
  const [query, set] = useUrlQuery(readRetentionQuery, writeRetentionQuery);
  const names = useTouchpointNames();
  const dates = useDateRange();
  // Break down by segment (`?bseg=KEY`): one grid per group, in / not in the saved segment.
  const [params, editParams] = useUrlParams();
  const bseg = params.get(BREAKDOWN_PARAM);
  const groupLabel = useSegmentGroupLabel();
  const setBseg = (key: string | null) =>
    editParams((cur) => {
      const next = new URLSearchParams(cur);
      if (key) next.set(BREAKDOWN_PARAM, key);
      else next.delete(BREAKDOWN_PARAM);
      return next;
    });
  const gridBase = retentionDefinition(query);
  const grid = useAnalysis<RangedAnswer<RetentionResult>>('retention', withRange(bseg ? { ...gridBase, breakdown: { segment: bseg } } : gridBase, dates.range));
  const lifecycle = useAnalysis<LifecycleResult>('lifecycle', withRange(lifecycleDefinition(query), dates.range));
  // Only the trends can be compared with the previous period (retention and lifecycle have no such answer).
  const trends = useAnalysis<MetricsAnswer>('metrics', withRange(metricsDefinition(query), dates.range, 'range', dates.compare));
  const counts = (PERIOD_COUNTS as readonly number[]).includes(query.periods) ? [...PERIOD_COUNTS] : [...PERIOD_COUNTS, query.periods].sort((a, b) => a - b);

  return (
    <main className="page retention">
      <header className="page-head">
        <div>
          <h1>{t('ret.title')}</h1>
          <p className="subtitle">{t('ret.intro')}</p>
        </div>
      </header>
      {names.status === 'error' && <ErrorState error={names.error} retry={names.retry} />}
      <form className="filters" onSubmit={(e) => e.preventDefault()}>
        <TouchpointSelect label={t('ret.start')} testId="ret-start" noneLabel={t('ret.start.any')} value={query.start} names={names} onChange={(start) => set({ start })} />
        <TouchpointSelect label={t('ret.return')} testId="ret-return" noneLabel={t('ret.return.any')} value={query.ret} names={names} onChange={(ret) => set({ ret })} />
        <ChoiceSelect label={t('ret.startMode')} testId="ret-start-mode" choices={START_MODES} value={query.startMode} optionLabel={(m) => t(`ret.startMode.${m}`)} onChange={(m) => set({ startMode: m })} />
        <ChoiceSelect label={t('ret.period')} testId="ret-period" className="narrow" choices={PERIODS} value={query.period} optionLabel={(p) => t(`ret.period.${p}`)} onChange={(p) => set({ period: p })} />
        <ChoiceSelect label={t('ret.periods')} testId="ret-periods" className="narrow" choices={counts} value={query.periods} optionLabel={(n) => fmt.int(n)} onChange={(n) => set({ periods: n })} />
        <ChoiceSelect label={t('ret.mode')} testId="ret-mode" choices={MODES} value={query.mode} optionLabel={(m) => t(`ret.mode.${m}`)} onChange={(m) => set({ mode: m })} />
      </form>
      <DateRangeControl range={dates.range} onChange={dates.setRange} resolved={grid.status === 'ok' ? grid.data.range : undefined} compare={{ on: dates.compare, set: dates.setCompare, previous: trends.status === 'ok' ? trends.data.previous?.range : undefined }} />
      <SegmentPicker />
      <SegmentBreakdownPicker testId="ret-segment-breakdown" value={bseg} onChange={setBseg} />

      <section className="ret-section" aria-label={t('ret.grid.title')} aria-busy={grid.status === 'loading'}>
        <h2>{t('ret.grid.title')}</h2>
        <SaveInsight kind="retention" definition={retentionDefinition(query)} defaultName={t('ret.grid.title')} />
        <p className="help">{t('ret.grid.caption')}</p>
        {grid.status === 'loading' && <Loading />}
        {grid.status === 'error' && <ErrorState error={grid.error} retry={grid.retry} />}
        {grid.status === 'ok' && grid.data.cohorts.length === 0 && <Empty text={t('ret.grid.empty')} />}
        {grid.status === 'ok' && grid.data.cohorts.length > 0 && (
          <div data-testid="ret-grid-ready">
            <CohortGrid result={grid.data} />
          </div>
        )}
        {grid.status === 'ok' && grid.data.breakdown && (
          <div data-testid="ret-groups-ready">
            {grid.data.breakdown.map((g) => (
              <section key={g.value} className="ret-group" data-testid={`ret-group-${g.value === 'in' ? 'in' : 'out'}`} aria-label={groupLabel(g.value)}>
                <h3>{groupLabel(g.value)}</h3>
                {g.cohorts.length === 0 ? <Empty text={t('ret.grid.empty')} /> : <CohortGrid result={{ ...grid.data, cohorts: g.cohorts, average: g.average }} />}
              </section>
            ))}
          </div>
        )}
      </section>

      <section className="ret-section" aria-label={t('ret.lifecycle.title')} aria-busy={lifecycle.status === 'loading'}>
        <h2>{t('ret.lifecycle.title')}</h2>
        <SaveInsight kind="lifecycle" definition={lifecycleDefinition(query)} defaultName={t('ret.lifecycle.title')} />
        <p className="help">{t('ret.lifecycle.caption')}</p>
        {lifecycle.status === 'loading' && <Loading />}
        {lifecycle.status === 'error' && <ErrorState error={lifecycle.error} retry={lifecycle.retry} />}
        {lifecycle.status === 'ok' && lifecycle.data.rows.length === 0 && <Empty text={t('ret.lifecycle.empty')} />}
        {lifecycle.status === 'ok' && lifecycle.data.rows.length > 0 && <LifecycleChart result={lifecycle.data} />}
      </section>

      <section className="ret-section" aria-label={t('ret.trends.title')} aria-busy={trends.status === 'loading'}>
        <div className="ret-section-head">
          <h2>{t('ret.trends.title')}</h2>
          <ChoiceSelect label={t('ret.trends.interval')} testId="ret-interval" className="narrow" choices={PERIODS} value={query.interval} optionLabel={(p) => t(`ret.period.${p}`)} onChange={(p) => set({ interval: p })} />
        </div>
        <p className="help">{t('ret.trends.caption')}</p>
        {trends.status === 'loading' && <Loading />}
        {trends.status === 'error' && <ErrorState error={trends.error} retry={trends.retry} />}
        {trends.status === 'ok' && <ExperienceTrends result={trends.data} change={trends.data.change?.rows[0]} />}
      </section>
    </main>
  );
}
