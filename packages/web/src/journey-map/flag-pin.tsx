import { useId } from 'react';
import type { JourneyFlag } from '../api/types.js';
import { useI18n } from '../i18n/i18n.js';

const RATE_KEYS = new Set(['dropOff', 'bounceRate', 'negativeShare', 'conversion']);

/** A flag's number in its unit (rates as percents, dwell as a duration). */
export function useFlagFormat() {
  const { fmt, label, t } = useI18n();
  const metricValue = (f: JourneyFlag, v: number | null) => {
    if (v === null) return '–';
    if (f.metric === 'conversion' || f.metric === 'csatSatisfiedShare') return fmt.pct(v);
    if (f.metric === 'dwellMedianMs') return fmt.duration(v);
    if (f.kind === 'positive_low_reach' && v === f.baseline) return fmt.int(v);
    return fmt.dec(v);
  };
  const summary = (f: JourneyFlag) => {
    const vars = { metric: label('metric', f.metric), value: metricValue(f, f.value), threshold: fmt.dec(f.threshold) };
    return f.baseline === null ? t('jm.flag.valueAbsolute', vars) : t('jm.flag.value', { ...vars, baseline: metricValue(f, f.baseline) });
  };
  const evidence = (f: JourneyFlag) =>
    Object.entries(f.evidence).map(([k, v]) => ({ key: k, label: label('evidence', k), value: v === null ? '–' : RATE_KEYS.has(k) ? fmt.pct(v) : fmt.dec(v) }));
  return { summary, evidence };
}

export function FlagEvidence({ flag }: { flag: JourneyFlag }) {
  const { t } = useI18n();
  const { summary, evidence } = useFlagFormat();
  return (
    <>
      <span className="flag-summary">{summary(flag)}</span>
      <span className="flag-evidence-title">{t('jm.flag.evidence')}</span>
      <span className="flag-evidence">
        {evidence(flag).map((e) => (
          <span key={e.key}>
            {e.label}: <b>{e.value}</b>
          </span>
        ))}
      </span>
    </>
  );
}

/** A pain point or opportunity pinned in its cell; the evidence shows on hover and on keyboard focus. */
export function FlagPin({ flag, tone }: { flag: JourneyFlag; tone: 'pain' | 'opportunity' }) {
  const { label } = useI18n();
  const tip = useId();
  return (
    <button type="button" className={`pin ${tone}`} aria-describedby={tip} data-flag={flag.kind}>
      {label('flag', flag.kind)}
      <span role="tooltip" id={tip} className="tip">
        <FlagEvidence flag={flag} />
      </span>
    </button>
  );
}
