import type { AppendColumn, Row } from '../warehouse.js';

/** Positional parameters to ClickHouse's named ones (`p0`, `p1`, … as the dialect writes them). */
export function bindParams(params: readonly unknown[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  params.forEach((v, i) => {
    out[`p${i}`] = v instanceof Date ? v.toISOString().replace('T', ' ').replace('Z', '') : v;
  });
  return out;
}

/** ClickHouse DateTime text ("2024-01-02 03:04:05.678", UTC by our session) → ISO-8601, as DuckDB's results read. */
function isoFromClickHouse(v: string): string {
  const [date, time = '00:00:00'] = v.split(' ') as [string, string?];
  const [hms, frac = ''] = time.split('.');
  return `${date}T${hms}.${(frac + '000').slice(0, 3)}Z`;
}

/** Convert the values of a column by its ClickHouse type: only DateTime columns change (arrays of them too). */
function converter(type: string): ((v: unknown) => unknown) | null {
  const inner = type.replace(/^(Nullable|LowCardinality)\((.*)\)$/, '$2');
  if (/^DateTime(64)?\b/.test(inner)) return (v) => (typeof v === 'string' ? isoFromClickHouse(v) : v);
  const arr = /^Array\((.*)\)$/.exec(inner);
  if (arr) {
    const f = converter(arr[1]!);
    return f ? (v) => (Array.isArray(v) ? v.map(f) : v) : null;
  }
  return null;
}

/**
 * Rows from ClickHouse's `JSONCompactEachRowWithNamesAndTypes`: the types say which columns hold
 * times, so text that merely looks like a time (a label) is never rewritten.
 */
export function parseCompactWithTypes(text: string): Row[] {
  const lines = text.split('\n').filter((l) => l.length > 0);
  if (lines.length < 2) return [];
  const names = JSON.parse(lines[0]!) as string[];
  const convert = (JSON.parse(lines[1]!) as string[]).map(converter);
  const rows: Row[] = [];
  for (let i = 2; i < lines.length; i++) {
    const values = JSON.parse(lines[i]!) as unknown[];
    const row: Row = {};
    for (let c = 0; c < names.length; c++) {
      const f = convert[c];
      row[names[c]!] = f ? f(values[c]) : values[c];
    }
    rows.push(row);
  }
  return rows;
}

export const CLICKHOUSE_RESULT_FORMAT = 'JSONCompactEachRowWithNamesAndTypes';

export function toJsonEachRow(columns: readonly AppendColumn[], rows: ReadonlyArray<readonly unknown[]>): string {
  const parts: string[] = [];
  for (const row of rows) {
    const o: Record<string, unknown> = {};
    columns.forEach((c, i) => (o[c.name] = row[i] ?? null));
    parts.push(JSON.stringify(o));
  }
  return parts.join('\n');
}
