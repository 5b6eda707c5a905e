import type { AppendColumn, Row } from '../warehouse.js';

/** Positional parameters to ClickHouse's named ones (`p0`, `p1`, … as the dialect writes them). */
export function bindParams(params: readonly unknown[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  params.forEach((v, i) => {
    out[`p${i}`] = v instanceof Date ? v.toISOString().replace('T', ' ').replace('Z', '') : v;
  });
  return out;
}

/**
 * ClickHouse DateTime64 text ("2024-01-02 03:04:05.678", UTC by our session) becomes ISO-8601
 * like DuckDB's results, so callers see one shape from either engine.
 */
const CH_DATETIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d+)?$/;

function plain(v: unknown): unknown {
  if (typeof v === 'string' && CH_DATETIME.test(v)) {
    const [date, time] = v.split(' ') as [string, string];
    const [hms, frac = ''] = time.split('.');
    return `${date}T${hms}.${(frac + '000').slice(0, 3)}Z`;
  }
  if (Array.isArray(v)) return v.map(plain);
  if (v !== null && typeof v === 'object') {
    const out: Row = {};
    for (const [k, x] of Object.entries(v)) out[k] = plain(x);
    return out;
  }
  return v;
}

export function parseJsonEachRow(text: string): Row[] {
  const rows: Row[] = [];
  for (const line of text.split('\n')) if (line) rows.push(plain(JSON.parse(line)) as Row);
  return rows;
}

export function toJsonEachRow(columns: readonly AppendColumn[], rows: ReadonlyArray<readonly unknown[]>): string {
  const parts: string[] = [];
  for (const row of rows) {
    const o: Record<string, unknown> = {};
    columns.forEach((c, i) => (o[c.name] = row[i] ?? null));
    parts.push(JSON.stringify(o));
  }
  return parts.join('\n');
}
