/** Date and time with Intl in the UI locale, in UTC like the rest of the app (used by the People and Data pages). */
const cache = new Map<string, Intl.DateTimeFormat>();

export function formatDateTime(locale: string, iso: string | null): string {
  if (!iso) return '–';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  let f = cache.get(locale);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit', timeZone: 'UTC', timeZoneName: 'short' });
    cache.set(locale, f);
  }
  return f.format(d);
}

/** A JSON value as one line of text (strings as they are). */
export function valueText(v: unknown): string {
  if (v === null || v === undefined) return '–';
  if (typeof v === 'string') return v;
  return JSON.stringify(v);
}
