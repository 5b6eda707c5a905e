import { Params } from '../../dialect/dialect.js';
import type { SqlSession } from '../../warehouse.js';

/**
 * Labels as integer ids inside per-person sequences. An analysis that carries a text label per
 * event through per-person lists (paths, conversion journeys) first reads the distinct labels,
 * then names each label by its 1-based position in that list: lists of integers are several
 * times cheaper than lists of texts to build, sort, cut and send back, on both engines.
 */

/**
 * The id of `label` (an expression over the events) in the bound list `labels`, and what it needs
 * joined to the events: ClickHouse one `transform` (a hash lookup per row); DuckDB a join to the
 * list as VALUES (a CASE over many labels tests each in turn; a correlated lookup costs a delim
 * join). A label missing from the list is 0 (see `withLabelIds`).
 */
export function labelIdSql(label: string, labels: readonly string[], p: Params): { id: string; join: string } {
  if (labels.length === 0) return { id: 'CAST(0 AS INTEGER)', join: '' };
  if (p.dialect.name === 'clickhouse') return { id: `transform(${label}, ${p.add([...labels])}, ${p.add(labels.map((_, i) => i + 1))}, 0)`, join: '' };
  return { id: 'coalesce(lid.id, 0)', join: ` LEFT JOIN (VALUES ${labels.map((l, i) => `(${p.add(l)}, ${i + 1})`).join(', ')}) AS lid(lid_label, id) ON lid.lid_label = ${label}` };
}

/** An id of 0: an event loaded between reading the label list and the analysis. */
class LabelsChanged extends Error {}

/** Ids back to labels; an unknown id makes `withLabelIds` read both again. */
export function labelsOfIds(v: unknown, labels: readonly string[]): string[] {
  if (!Array.isArray(v)) return [];
  return v.map((id) => labelOfId(id, labels));
}

export function labelOfId(id: unknown, labels: readonly string[]): string {
  const label = labels[Number(id) - 1];
  if (label === undefined) throw new LabelsChanged();
  return label;
}

/**
 * Read the labels (`labelsSql` gives rows `lbl`), then run `fn` with them; if events with a new
 * label arrived in between (the collection log loads while analyses run), read both again.
 */
export async function withLabelIds<T>(db: SqlSession, labelsSql: (p: Params) => string, fn: (labels: readonly string[]) => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    const p = new Params(db.dialect);
    const labels = (await db.query<{ lbl: unknown }>(labelsSql(p), p.values)).map((r) => String(r.lbl));
    try {
      return await fn(labels);
    } catch (e) {
      if (!(e instanceof LabelsChanged) || attempt >= 4) throw e;
    }
  }
}
