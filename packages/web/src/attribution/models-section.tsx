import { useMemo } from 'react';
import { CsvTable } from '../components/csv-download.js';
import { apiPost } from '../api/client.js';
import type { JourneyCut, ModelComparison } from '@trailmap/core';
import { useApi } from '../api/use-api.js';
import { EChart, type ChartOption } from '../components/echart.js';
import { Empty, ErrorState, Loading } from '../components/states.js';
import { useI18n } from '../i18n/i18n.js';
import { attributionRequest, MODELS, type AttributionQuery } from './attribution-query.js';
import { useAttrFormat } from './format.js';
import { useMoney } from '../api/use-project.js';
import type { ResolvedRange } from '@trailmap/core';
import { ResolvedRangeLine } from '../components/date-range-control.js';

export type AttributionAll = ModelComparison & { model: 'all'; by: AttributionQuery['by']; cut: JourneyCut; range: ResolvedRange };

/** Labels in the chart (the table lists every label). */
const CHART_LABELS = 15;

/** A label as shown: channels are translated, touchpoint and event names shown as stored. */
export function useLabelName(by: AttributionQuery['by']) {
  const { label } = useI18n();
  return (name: string) => (by === 'channel' ? label('channel', name) : name);
}

function ModelsChart({ data, query }: { data: AttributionAll; query: AttributionQuery }) {
  const { t } = useI18n();
  const f = useAttrFormat();
  const { money } = useMoney();
  const name = useLabelName(query.by);
  const rows = data.rows.slice(0, CHART_LABELS);
  const metric = t(`attr.metric.${query.metric}`);
  const option = useMemo<ChartOption>(
    () => ({
      // ECharts 6 puts the legend at the bottom: leave room for it under the axis labels.
      grid: { left: 64, right: 16, top: 36, bottom: query.by === 'channel' ? 64 : 120 },
      legend: { bottom: 0, data: MODELS.map((m) => t(`attr.model.${m}`)) },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v: unknown) => (typeof v !== 'number' ? '–' : query.metric === 'value' ? money(v) : f.int(v)) },
      xAxis: { type: 'category', data: rows.map((r) => name(r.name)), axisLabel: { interval: 0, rotate: query.by === 'channel' ? 0 : 35, width: 110, overflow: 'truncate' } },
      yAxis: { type: 'value', name: metric, axisLabel: { formatter: (v: number) => f.int(v) } },
      series: MODELS.map((m) => ({ name: t(`attr.model.${m}`), type: 'bar', data: rows.map((r) => r[query.metric][m]) })),
    }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [data, query.metric, query.by, t, f, money],
  );
  return (
    <>
      <EChart option={option} label={t('attr.models.chart', { metric })} height={340} testId="attr-models-chart" />
      {data.rows.length > CHART_LABELS && <p className="attr-note">{t('attr.models.chartTop', { n: CHART_LABELS, total: data.rows.length })}</p>}
    </>
  );
}

export function ModelsSection({ query }: { query: AttributionQuery }) {
  const { t } = useI18n();
  const f = useAttrFormat();
  const { money } = useMoney();
  const name = useLabelName(query.by);
  const body = attributionRequest(query);
  const result = useApi<AttributionAll>(JSON.stringify(body), (signal) => apiPost('/v1/attribution', body, signal));
  const metric = t(`attr.metric.${query.metric}`);
  return (
    <section className="attr-card" aria-labelledby="attr-models-h">
      <h2 id="attr-models-h">{t('attr.models.title')}</h2>
      {result.status === 'loading' && <Loading />}
      {result.status === 'error' && <ErrorState error={result.error} retry={result.retry} />}
      {result.status === 'ok' && result.data.models.markov.conversions === 0 && <Empty text={t('attr.models.empty')} />}
      {result.status === 'ok' && result.data.models.markov.conversions > 0 && (
        <div data-testid="attr-models-ready" data-by={result.data.by}>
          <ResolvedRangeLine resolved={result.data.range} />
          <p className="subtitle" data-testid="attr-summary">
            {t('attr.subtitle', {
              journeys: f.int(result.data.models.markov.journeys),
              conversions: f.int(result.data.models.markov.conversions),
              value: money(result.data.models.markov.value),
              unattributed: f.int(result.data.models.markov.unattributed.conversions),
            })}
          </p>
          <p className="attr-note" data-testid="attr-cut" data-cut={result.data.cut.journeys}>
            {result.data.cut.maxTouches === null
              ? t('attr.cut.none')
              : t(result.data.cut.journeys === 1 ? 'attr.cut.one' : 'attr.cut.some', { journeys: f.int(result.data.cut.journeys), max: f.int(result.data.cut.maxTouches), touches: f.int(result.data.cut.touches) })}
          </p>
          <ModelsChart data={result.data} query={query} />
          <div className="grid-scroll" tabIndex={0} role="region" aria-label={t('attr.models.table', { metric })}>
            <CsvTable name={t('attr.models.table', { metric })}>
            <table className="attr-table" data-testid="attr-models-table">
              <caption>{t('attr.models.table', { metric })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('attr.models.label')}</th>
                  {MODELS.map((m) => (
                    <th scope="col" key={m} className="num">
                      {t(`attr.model.${m}`)}
                    </th>
                  ))}
                  <th scope="col" className="num">
                    {t('attr.models.removal')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {result.data.rows.map((r) => (
                  <tr key={r.name} data-testid="attr-model-row" data-label={r.name}>
                    <th scope="row">{name(r.name)}</th>
                    {MODELS.map((m) => (
                      <td key={m} className="num" data-model={m}>
                        {query.metric === 'value' ? money(r.value[m]) : f.int(r.conversions[m])}
                      </td>
                    ))}
                    <td className="num" data-testid="attr-removal">
                      {f.pct(r.removalEffect)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            </CsvTable>
          </div>
        </div>
      )}
    </section>
  );
}
