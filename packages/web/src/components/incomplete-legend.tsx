import { useI18n } from '../i18n/i18n.js';

/**
 * The legend of incomplete periods under a chart or grid (shown only when some period is
 * incomplete): a hatched or dashed swatch and what it means, with the observation end
 * (`observedUntil` of the result). `text` overrides the sentence (the funnel's names its window).
 */
export function IncompleteLegend({ style, count, observedUntil, testId, text }: { style: 'hatched' | 'dashed'; count: number; observedUntil: string | null; testId: string; text?: string }) {
  const { t, fmt } = useI18n();
  if (count === 0) return null;
  const until = observedUntil ? fmt.dateTime(observedUntil) : '–';
  return (
    <p className="incomplete-legend" data-testid={testId} data-count={count}>
      <span className={`incomplete-swatch ${style}`} aria-hidden="true" />
      {text ?? t(style === 'hatched' ? 'incomplete.hatched' : 'incomplete.dashed', { until })}
    </p>
  );
}

/** ECharts decal (pattern) for the bars of incomplete periods: diagonal hatching over the bar's colour. */
export const HATCH_DECAL = { symbol: 'rect', symbolSize: 1, color: 'rgba(255, 255, 255, 0.7)', dashArrayX: [1, 0], dashArrayY: [2, 4], rotation: Math.PI / 4 };

/**
 * A line series split into solid (complete) and dashed (incomplete) parts: the dashed part starts
 * at the last complete point so the line stays connected. Values of the other part are null.
 */
export function splitLine(values: ReadonlyArray<number | null>, complete: readonly boolean[]): { solid: Array<number | null>; dashed: Array<number | null> } {
  const firstOpen = complete.findIndex((c) => !c);
  if (firstOpen < 0) return { solid: [...values], dashed: values.map(() => null) };
  const solid = values.map((v, i) => (complete[i] ? v : null));
  const dashed = values.map((v, i) => (!complete[i] || i === firstOpen - 1 ? v : null));
  return { solid, dashed };
}
