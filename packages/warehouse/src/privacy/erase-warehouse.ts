import { Params } from '../dialect/dialect.js';
import type { SqlSession, Warehouse } from '../warehouse.js';
import { eraseEngine } from './erase-rows.js';
import { inList, needlesOf, type PersonGraph } from './person-graph.js';

/** A table's rows that belong to the person, as a condition over its columns (null: the table holds nothing of them). */
type Condition = (p: Params, cols: Set<string>) => string | null;

const rawOf = (ids: readonly string[], prefix: string) => ids.filter((i) => i.startsWith(prefix)).map((i) => i.slice(prefix.length));

/**
 * The conditions per table. Known tables by their meaning; any other table (a derived table added
 * later, a consents table, staging) by the id columns it has, so nothing naming the person is
 * missed because its table is new. `received_at` bounds events and quarantine by the request's time.
 */
function conditions(g: PersonGraph, receivedAt: Date, s: SqlSession): (table: string, cols: Set<string>) => { cond: string; params: unknown[] } | null {
  const d = s.dialect;
  const users = rawOf(g.identities, 'user:');
  const anons = rawOf(g.identities, 'anon:');
  const raw = [...users, ...anons];
  const needles = needlesOf(g);
  const before = (p: Params) => `received_at <= ${d.parseTimestamp(p.add(receivedAt.toISOString()))}`;
  const anyText = (p: Params, col: string) => (needles.length ? `(${needles.map((n) => d.contains(`coalesce(${col}, '')`, p.add(n))).join(' OR ')})` : 'false');
  const byIds: Condition = (p, cols) => {
    const parts: string[] = [];
    if (cols.has('person_id') && g.personIds.length) parts.push(`person_id IN (${inList(p, g.personIds)})`);
    if (cols.has('user_id') && users.length) parts.push(`user_id IN (${inList(p, users)})`);
    if (cols.has('anonymous_id') && anons.length) parts.push(`anonymous_id IN (${inList(p, anons)})`);
    if (cols.has('previous_id') && raw.length) parts.push(`previous_id IN (${inList(p, raw)})`);
    if (cols.has('identity') && g.identities.length) parts.push(`identity IN (${inList(p, g.identities)})`);
    if (parts.length === 0) return null;
    const ids = `(${parts.join(' OR ')})`;
    return cols.has('received_at') ? `(${ids} AND ${before(p)})` : ids;
  };
  const known: Record<string, Condition> = {
    identity_merges: (p) => (g.personIds.length ? `(from_person IN (${inList(p, g.personIds)}) OR into_person IN (${inList(p, g.personIds)}))` : null),
    identity_conflicts: (p) => (g.identities.length ? `(identity_a IN (${inList(p, g.identities)}) OR identity_b IN (${inList(p, g.identities)}))` : null),
    quarantine: (p) => (needles.length ? `(${before(p)} AND (${anyText(p, 'raw')} OR ${anyText(p, 'message_id')}))` : null),
    journey_notes: (p) => (needles.length ? anyText(p, 'text') : null),
  };
  return (table, cols) => {
    if (table === 'schema_migrations' || table === 'settings') return null;
    const p = new Params(d);
    const cond = (known[table] ?? byIds)(p, cols);
    return cond === null ? null : { cond, params: p.values };
  };
}

/**
 * Remove the person's rows from every warehouse table (events, identities, merges, conflicts,
 * quarantine, scores and any other table with their ids), events and quarantine only up to the
 * request's time. Counts per table; running it again removes nothing more.
 */
export async function eraseFromWarehouse(s: SqlSession, g: PersonGraph, receivedAt: Date): Promise<Record<string, number>> {
  const engine = eraseEngine(s.dialect);
  const condFor = conditions(g, receivedAt, s);
  const counts: Record<string, number> = {};
  for (const [table, cols] of [...(await engine.tables(s))].sort(([a], [b]) => a.localeCompare(b))) {
    const c = condFor(table, cols);
    if (!c) continue;
    const [row] = await s.query<{ n: number | string }>(`SELECT count(*) AS n FROM ${s.dialect.ident(table)} WHERE ${c.cond}`, c.params);
    const n = Number(row?.n ?? 0);
    if (n > 0) await engine.eraseWhere(s, table, c.cond, c.params);
    counts[table] = n;
  }
  return counts;
}

/** Rewrite the engine's files so the erased rows' bytes are gone. */
export function compactWarehouse(db: Warehouse): Promise<string[]> {
  return eraseEngine(db.dialect).compact(db);
}
