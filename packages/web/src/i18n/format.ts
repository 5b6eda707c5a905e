import type { Locale } from './locale.js';
import type { MessageKey } from './messages.en.js';

export type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

/** Number, percent, date and duration formatting with Intl in the UI locale. */
export function formatters(locale: Locale, t: Translate) {
  const int = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
  const dec = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 });
  const pct = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 });
  const month = new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'long', timeZone: 'UTC' });
  const day = new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' });
  const oneDec = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
  return {
    int: (n: number) => int.format(n),
    dec: (n: number) => dec.format(n),
    pct: (n: number | null) => (n === null ? '–' : pct.format(n)),
    month: (iso: string) => month.format(new Date(iso)),
    day: (iso: string) => day.format(new Date(iso)),
    /** A duration in the largest unit that keeps it readable. */
    duration: (ms: number | null) => {
      if (ms === null) return '–';
      if (ms < 1000) return t('duration.ms', { n: int.format(ms) });
      if (ms < 60_000) return t('duration.s', { n: oneDec.format(ms / 1000) });
      if (ms < 3_600_000) return t('duration.min', { n: oneDec.format(ms / 60_000) });
      if (ms < 86_400_000) return t('duration.h', { n: oneDec.format(ms / 3_600_000) });
      return t('duration.d', { n: oneDec.format(ms / 86_400_000) });
    },
  };
}
export type Formatters = ReturnType<typeof formatters>;
