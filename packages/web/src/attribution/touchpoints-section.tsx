import { useMemo } from 'react';
import { CsvTable } from '../components/csv-download.js';
import type { ScoreComponent, TouchpointScore } from '@trailmap/core';
import { apiPost } from '../api/client.js';
import { useApi } from '../api/use-api.js';
import { EChart, type ChartOption } from '../components/echart.js';
import { Empty, ErrorState, Loading } from '../components/states.js';
import { useI18n } from '../i18n/i18n.js';
import { COMPONENTS, scoreRequest, type AttributionQuery } from './attribution-query.js';
import { useAttrFormat, type AttrFormat } from './format.js';

interface ScoreResult {
  weights: Record<ScoreComponent, number>;
  touchpoints: TouchpointScore[];
}

const COLORS: Record<ScoreComponent, string> = { reach: '#2f5fd0', frequency: '#8aa4e6', attribution: '#1e8449', dropOff: '#c0392b', experience: '#d68910' };

/** A component's raw figure in its own unit. */
function useRawValue(f: AttrFormat) {
  const { t } = useI18n();
  return (c: ScoreComponent, v: number | null): string => {
    if (v === null) return t('attr.comp.none');
    if (c === 'reach') return t('attr.comp.reach.value', { v: f.int(v) });
    if (c === 'frequency') return t('attr.comp.frequency.value', { v: f.n2(v) });
    if (c === 'experience') return f.n2(v);
    return f.pct(v);
  };
}

function ScoreChart({ rows }: { rows: TouchpointScore[] }) {
  const { t, label } = useI18n();
  const f = useAttrFormat();
  const raw = useRawValue(f);
  const option = useMemo<ChartOption>(() => {
    const shown = [...rows].reverse(); // rank 1 at the top of a horizontal chart
    return {
      grid: { left: 180, right: 24, top: 12, bottom: 64 },
      legend: { bottom: 0, data: COMPONENTS.map((c) => t(`attr.comp.${c}`)) },
      tooltip: {
        trigger: 'axis',
        axisPointer: { type: 'shadow' },
        formatter: (params: Array<{ dataIndex: number }>) => {
          const r = shown[params[0]?.dataIndex ?? 0];
          if (!r) return '';
          const esc = (s: string) => s.replace(/[&<>"]/g, (ch) => `&#${ch.charCodeAt(0)};`);
          const lines = COMPONENTS.map(
            (c) => `${esc(t(`attr.comp.${c}`))}: ${esc(t('attr.tp.contribution', { c: f.n3(r.components[c].contribution) }))} · ${esc(t('attr.tp.raw', { v: raw(c, r.components[c].value) }))}`,
          );
          return [`<b>${esc(r.touchpoint)}</b> · ${esc(t('attr.tp.score'))} ${f.n3(r.score)}`, `${esc(r.channel ? label('channel', r.channel) : '–')} · ${esc(r.stage ? label('stage', r.stage) : '–')}`, ...lines].join('<br/>');
        },
      },
      xAxis: { type: 'value', max: 1, axisLabel: { formatter: (v: number) => f.n2(v) } },
      yAxis: { type: 'category', data: shown.map((r) => r.touchpoint), axisLabel: { width: 170, overflow: 'truncate' } },
      series: COMPONENTS.map((c) => ({ name: t(`attr.comp.${c}`), type: 'bar', stack: 'score', itemStyle: { color: COLORS[c] }, data: shown.map((r) => r.components[c].contribution) })),
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [rows, t, f]);
  return <EChart option={option} label={t('attr.tp.chart')} height={Math.max(240, rows.length * 22 + 80)} testId="attr-score-chart" />;
}

export function TouchpointsSection({ query }: { query: AttributionQuery }) {
  const { t, label } = useI18n();
  const f = useAttrFormat();
  const raw = useRawValue(f);
  const body = scoreRequest(query);
  const result = useApi<ScoreResult>(JSON.stringify(body), (signal) => apiPost('/v1/touchpoints/score', body, signal));
  return (
    <section className="attr-card" aria-labelledby="attr-tp-h">
      <h2 id="attr-tp-h">{t('attr.tp.title')}</h2>
      <p className="attr-note">{t('attr.tp.intro')}</p>
      {result.status === 'loading' && <Loading />}
      {result.status === 'error' && <ErrorState error={result.error} retry={result.retry} />}
      {result.status === 'ok' && result.data.touchpoints.length === 0 && <Empty text={t('attr.tp.empty')} />}
      {result.status === 'ok' && result.data.touchpoints.length > 0 && (
        <div data-testid="attr-scores-ready">
          <ScoreChart rows={result.data.touchpoints} />
          <div className="grid-scroll" tabIndex={0} role="region" aria-label={t('attr.tp.table')}>
            <CsvTable name={t('attr.tp.table')}>
            <table className="attr-table" data-testid="attr-score-table">
              <caption>{t('attr.tp.table')}</caption>
              <thead>
                <tr>
                  <th scope="col" className="num">
                    {t('attr.tp.rank')}
                  </th>
                  <th scope="col">{t('attr.tp.touchpoint')}</th>
                  <th scope="col">{t('attr.tp.channelStage')}</th>
                  <th scope="col" className="num">
                    {t('attr.tp.score')}
                  </th>
                  {COMPONENTS.map((c) => (
                    <th scope="col" key={c} className="num">
                      {t(`attr.comp.${c}`)}
                      <small className="sub">{t('attr.tp.weight', { w: f.n2(result.data.weights[c]) })}</small>
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {result.data.touchpoints.map((r) => (
                  <tr key={r.touchpoint} data-testid="attr-score-row" data-touchpoint={r.touchpoint}>
                    <td className="num">{f.int(r.rank)}</td>
                    <th scope="row">{r.touchpoint}</th>
                    <td>
                      {r.channel ? label('channel', r.channel) : '–'} · {r.stage ? label('stage', r.stage) : '–'}
                    </td>
                    <td className="num" data-testid="attr-score">
                      <b>{f.n3(r.score)}</b>
                    </td>
                    {COMPONENTS.map((c) => (
                      <td key={c} className="num" data-component={c}>
                        <span className="raw">{raw(c, r.components[c].value)}</span>
                        <small className="sub">{t('attr.tp.contribution', { c: f.n3(r.components[c].contribution) })}</small>
                      </td>
                    ))}
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
