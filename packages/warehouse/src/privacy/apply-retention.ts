import { retentionCutoff, type RetentionConfig, type RetentionRunResult } from '@trailmap/core';
import { Params } from '../dialect/dialect.js';
import type { SqlSession } from '../warehouse.js';
import { eraseEngine } from './erase-rows.js';

/** What a retention run removes from the warehouse: each rule's events, then quarantine rows (the audit log is the state store's). */
export type WarehouseRetention = Pick<RetentionRunResult, 'events' | 'quarantine'>;

async function eraseCounted(s: SqlSession, table: string, cond: string, params: readonly unknown[]): Promise<number> {
  const [row] = await s.query<{ n: number | string }>(`SELECT count(*) AS n FROM ${s.dialect.ident(table)} WHERE ${cond}`, params);
  const n = Number(row?.n ?? 0);
  if (n > 0) await eraseEngine(s.dialect).eraseWhere(s, table, cond, params);
  return n;
}

/**
 * Delete, on either engine, the events each rule names that are older than its cut-off (by the
 * event's timestamp; every matching rule applies, so the shortest wins), and the quarantine rows
 * received before the quarantine cut-off. Counts per rule; a second run at the same instant
 * deletes nothing more. Run it inside the store's exclusive section, then compact.
 */
export async function applyRetention(s: SqlSession, cfg: Pick<RetentionConfig, 'events' | 'quarantineDays'>, now: number): Promise<WarehouseRetention> {
  const d = s.dialect;
  const events: WarehouseRetention['events'] = [];
  for (const rule of cfg.events) {
    const p = new Params(d);
    const before = retentionCutoff(rule, now);
    const conds = [`timestamp < ${d.parseTimestamp(p.add(before.toISOString()))}`];
    if (rule.event !== undefined) conds.push(`${d.eventLabel} = ${p.add(rule.event)}`);
    if (rule.source !== undefined) conds.push(`source = ${p.add(rule.source)}`);
    events.push({ ...rule, before: before.toISOString(), deleted: await eraseCounted(s, 'events', conds.join(' AND '), p.values) });
  }
  let quarantine: WarehouseRetention['quarantine'] = null;
  if (cfg.quarantineDays !== undefined) {
    const p = new Params(d);
    const before = retentionCutoff({ days: cfg.quarantineDays }, now);
    quarantine = { before: before.toISOString(), deleted: await eraseCounted(s, 'quarantine', `received_at < ${d.parseTimestamp(p.add(before.toISOString()))}`, p.values) };
  }
  return { events, quarantine };
}
