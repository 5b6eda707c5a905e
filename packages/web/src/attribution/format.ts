import { useMemo } from 'react';
import { useI18n } from '../i18n/i18n.js';

/** The page's own number formats (Intl, in the UI locale): signed changes, shares, ROI. */
export function useAttrFormat() {
  const { locale, t } = useI18n();
  return useMemo(() => {
    const n1 = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
    const n2 = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 });
    const n3 = new Intl.NumberFormat(locale, { maximumFractionDigits: 3 });
    const int = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
    const sInt = new Intl.NumberFormat(locale, { maximumFractionDigits: 0, signDisplay: 'exceptZero' });
    const sN1 = new Intl.NumberFormat(locale, { maximumFractionDigits: 1, signDisplay: 'exceptZero' });
    const sN2 = new Intl.NumberFormat(locale, { maximumFractionDigits: 2, signDisplay: 'exceptZero' });
    const pct = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 });
    const sPct = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1, signDisplay: 'exceptZero' });
    return {
      n1: (v: number) => n1.format(v),
      n2: (v: number) => n2.format(v),
      n3: (v: number) => n3.format(v),
      int: (v: number) => int.format(v),
      pct: (v: number | null) => (v === null ? '–' : pct.format(v)),
      /** A signed whole number (conversions, revenue changes). */
      signedInt: (v: number) => sInt.format(v),
      signedN2: (v: number) => sN2.format(v),
      signedPct: (v: number) => sPct.format(v),
      /** A change of a rate in percentage points: 0.0317 → "+3.2 pts". */
      points: (v: number) => t('attr.tw.points', { value: sN1.format(v * 100) }),
    };
  }, [locale, t]);
}
export type AttrFormat = ReturnType<typeof useAttrFormat>;
