import type { TwinInterval } from '@trailmap/core';
import { CsvTable } from './csv-download.js';
import { useMoney } from '../api/use-project.js';

export const TWIN_METRICS = ['conversionRate', 'conversions', 'revenue', 'clv'] as const;
export type TwinMetric = (typeof TWIN_METRICS)[number];
type Arm = Record<TwinMetric, TwinInterval>;

/** The number formats a twin table needs (the attribution page's and the future-state map's both fit). */
export interface TwinFormat {
  int(v: number): string;
  n2(v: number): string;
  pct(v: number): string;
  signedInt(v: number): string;
  signedN2(v: number): string;
  /** A change of a rate in percentage points. */
  points(v: number): string;
}

/** How each metric reads: as a level on the arms, as a signed change in the change column; revenue and CLV are money in the project's currency. */
function formats(f: TwinFormat, m: ReturnType<typeof useMoney>): Record<TwinMetric, { arm(v: number): string; change(v: number): string }> {
  return {
    conversionRate: { arm: f.pct, change: f.points },
    conversions: { arm: f.int, change: f.signedInt },
    revenue: { arm: m.money, change: m.signedMoney },
    clv: { arm: m.money, change: m.signedMoney },
  };
}

function Cell({ v, show, interval, testId }: { v: TwinInterval; show(n: number): string; interval(low: string, high: string): string; testId: string | undefined }) {
  return (
    <td className="num" data-testid={testId}>
      <span className="estimate">{show(v.estimate)}</span>
      <small className="sub">{interval(show(v.low), show(v.high))}</small>
    </td>
  );
}

/**
 * Baseline, scenario and change of a twin simulation, each estimate with its interval: the
 * attribution page's simulator and the future-state journey map show the same table.
 */
export function TwinTable(props: {
  sim: { baseline: Arm; scenario: Arm; change: Arm };
  f: TwinFormat;
  className: string;
  caption?: string;
  tableTestId?: string;
  headers: { metric: string; baseline: string; scenario: string; change: string };
  metricLabel(m: TwinMetric): string;
  interval(low: string, high: string): string;
  cellTestId(column: 'baseline' | 'scenario' | 'change', m: TwinMetric): string | undefined;
}) {
  const { sim, f, headers, metricLabel, interval, cellTestId } = props;
  const fmt = formats(f, useMoney());
  return (
    <CsvTable name={props.tableTestId ?? 'twin'}>
    <table className={props.className} data-testid={props.tableTestId}>
      {props.caption && <caption>{props.caption}</caption>}
      <thead>
        <tr>
          <th scope="col">{headers.metric}</th>
          <th scope="col" className="num">
            {headers.baseline}
          </th>
          <th scope="col" className="num">
            {headers.scenario}
          </th>
          <th scope="col" className="num">
            {headers.change}
          </th>
        </tr>
      </thead>
      <tbody>
        {TWIN_METRICS.map((m) => (
          <tr key={m} data-metric={m}>
            <th scope="row">{metricLabel(m)}</th>
            <Cell v={sim.baseline[m]} show={fmt[m].arm} interval={interval} testId={cellTestId('baseline', m)} />
            <Cell v={sim.scenario[m]} show={fmt[m].arm} interval={interval} testId={cellTestId('scenario', m)} />
            <Cell v={sim.change[m]} show={fmt[m].change} interval={interval} testId={cellTestId('change', m)} />
          </tr>
        ))}
      </tbody>
    </table>
    </CsvTable>
  );
}
