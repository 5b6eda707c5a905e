import { INSIGHT_CHARTS, type InsightChart, type InsightKind } from '@trailmap/core';
import { useI18n } from '../i18n/i18n.js';

export interface InsightFieldValues {
  name: string;
  description: string;
  chart: InsightChart;
}

/**
 * An insight's name, description and chart fields, as saving one from an analysis page and
 * editing one in the list both show them. `testIdPrefix` names the inputs (`…-name`, `…-description`, `…-chart`).
 */
export function InsightFields({ kind, values, onChange, testIdPrefix }: { kind: InsightKind; values: InsightFieldValues; onChange(v: InsightFieldValues): void; testIdPrefix: string }) {
  const { t } = useI18n();
  return (
    <>
      <label>
        {t('ins.save.name')}
        <input data-testid={`${testIdPrefix}-name`} value={values.name} required maxLength={200} onChange={(e) => onChange({ ...values, name: e.target.value })} />
      </label>
      <label>
        {t('ins.save.description')}
        <input data-testid={`${testIdPrefix}-description`} value={values.description} maxLength={2000} onChange={(e) => onChange({ ...values, description: e.target.value })} />
      </label>
      <label>
        {t('ins.save.chart')}
        <select data-testid={`${testIdPrefix}-chart`} value={values.chart} onChange={(e) => onChange({ ...values, chart: e.target.value as InsightChart })}>
          {(INSIGHT_CHARTS[kind] as readonly InsightChart[]).map((c) => (
            <option key={c} value={c}>
              {t(`ins.chart.${c}`)}
            </option>
          ))}
        </select>
      </label>
    </>
  );
}
