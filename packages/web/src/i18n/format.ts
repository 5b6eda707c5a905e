import type { Locale } from './locale.js';
import type { MessageKey } from './messages.en.js';

export type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

/**
 * The one place numbers are formatted for the UI, with Intl in the UI locale: counts are whole
 * numbers (`int`), rates percentages (`pct`), NPS a whole number on −100…100 (`nps`), money in the
 * project's currency (`money`, ISO 4217 from `GET /v1/project`), plus dates and durations.
 */
export function formatters(locale: Locale, t: Translate) {
  const int = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
  const dec = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 });
  const pct = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 });
  const month = new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'long', timeZone: 'UTC' });
  const day = new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' });
  const dateTime = new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: 'UTC', timeZoneName: 'short' });
  const oneDec = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
  const moneyFormats = new Map<string, Intl.NumberFormat>();
  const moneyFormat = (currency: string, signed: boolean) => {
    const key = `${currency}${signed ? '+' : ''}`;
    let f = moneyFormats.get(key);
    if (!f) moneyFormats.set(key, (f = new Intl.NumberFormat(locale, { style: 'currency', currency, ...(signed ? { signDisplay: 'exceptZero' as const } : {}) })));
    return f;
  };
  return {
    int: (n: number) => int.format(n),
    dec: (n: number) => dec.format(n),
    pct: (n: number | null) => (n === null ? '–' : pct.format(n)),
    /** An NPS (−100…100) as the whole number it is reported as. */
    nps: (n: number | null) => (n === null ? '–' : int.format(Math.round(n) || 0)),
    /** An amount of money in the project's currency (the currency's own decimals, e.g. $1,234.50, ¥1,235). */
    money: (n: number | null, currency: string) => (n === null ? '–' : moneyFormat(currency, false).format(n)),
    /** A change of money, signed (+$120.00, −$3.50). */
    signedMoney: (n: number | null, currency: string) => (n === null ? '–' : moneyFormat(currency, true).format(n)),
    month: (iso: string) => month.format(new Date(iso)),
    day: (iso: string) => day.format(new Date(iso)),
    /** A moment to the minute, in UTC (as analyses count periods). */
    dateTime: (iso: string) => dateTime.format(new Date(iso)),
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
