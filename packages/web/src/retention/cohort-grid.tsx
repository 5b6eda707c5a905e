import type { CSSProperties } from 'react';
import { CsvTable } from '../components/csv-download.js';
import type { RetentionResult } from '@trailmap/core';
import { useI18n } from '../i18n/i18n.js';
import { periodLabel } from './period-label.js';
import { IncompleteLegend } from '../components/incomplete-legend.js';

/**
 * Heat shade of a rate, relative to the best rate after period 0 (period 0 is always 100%).
 * The darkest shade stops at 66% of the accent so the dark text keeps a 5.3:1 contrast on every
 * cell (WCAG AA); white text on the darker shades fell to 2.6:1 in the middle of the ramp.
 */
function shade(rate: number, max: number): CSSProperties {
  const a = 0.06 + 0.6 * Math.min(1, rate / max);
  return { backgroundColor: `rgba(47, 95, 208, ${a.toFixed(3)})`, color: '#1d2430' };
}

/** The cohort grid: cohorts as rows, periods as columns; not-yet-observed cells are blank, not 0%; cells of periods still running are hatched. */
export function CohortGrid({ result }: { result: RetentionResult }) {
  const { t, fmt } = useI18n();
  const unit = result.period;
  const cols = Array.from({ length: result.periods + 1 }, (_, k) => k);
  const later = result.cohorts.flatMap((c) => c.values.filter((v) => v.period > 0 && v.rate !== null).map((v) => v.rate as number));
  const max = Math.max(0.01, ...later);
  const cell = (key: string | number, count: number | null, rate: number | null, size: number, k: number, complete: boolean, testId?: string) =>
    rate === null ? (
      <td key={key} className="ret-cell na" title={t('ret.grid.notYet')} aria-label={t('ret.grid.notYet')} />
    ) : (
      <td
        key={key}
        className={complete ? 'ret-cell' : 'ret-cell incomplete'}
        style={k === 0 ? { backgroundColor: '#dfe6f5' } : shade(rate, max)}
        title={`${t('ret.grid.cell', { count: fmt.int(count ?? 0), size: fmt.int(size) })}${complete ? '' : ` (${t('incomplete.cell')})`}`}
        data-testid={testId}
        data-complete={complete}
      >
        {fmt.pct(rate)}
      </td>
    );
  const incomplete = result.cohorts.reduce((s, c) => s + c.values.filter((v) => v.count !== null && !v.complete).length, 0);
  return (
    <>
    <div className="grid-scroll" tabIndex={0}>
      <CsvTable name="retention">
      <table className="ret-grid" data-testid="ret-grid">
        <thead>
          <tr>
            <th scope="col">{t('ret.grid.cohort')}</th>
            <th scope="col" className="num">
              {t('ret.grid.size')}
            </th>
            {cols.map((k) => (
              <th scope="col" key={k} className="num">
                {t(`ret.grid.col.${unit}`, { n: fmt.int(k) })}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          <tr className="ret-average" data-testid="ret-average">
            <th scope="row">{t('ret.grid.average')}</th>
            <td className="num">{fmt.int(result.cohorts.reduce((s, c) => s + c.size, 0))}</td>
            {cols.map((k) => {
              const a = result.average.find((x) => x.period === k);
              return cell(k, a?.count ?? null, a?.rate ?? null, a?.size ?? 0, k, a?.complete ?? false);
            })}
          </tr>
          {result.cohorts.map((c) => (
            <tr key={c.cohort} data-testid="ret-cohort" data-cohort={c.cohort}>
              <th scope="row">{periodLabel(fmt, unit, c.cohort)}</th>
              <td className="num" data-testid="ret-cohort-size">
                {fmt.int(c.size)}
              </td>
              {cols.map((k) => {
                const v = c.values.find((x) => x.period === k);
                return cell(k, v?.count ?? null, v?.rate ?? null, c.size, k, v?.complete ?? false, 'ret-value');
              })}
            </tr>
          ))}
        </tbody>
      </table>
      </CsvTable>
    </div>
    <IncompleteLegend style="hatched" count={incomplete} observedUntil={result.observedUntil} testId="ret-grid-incomplete" />
    </>
  );
}
