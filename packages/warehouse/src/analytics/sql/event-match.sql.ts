import { toList, type EventMatcher, type PropertyFilter, type TimeRange } from '@trailmap/core';
import type { Params } from '../../dialect/dialect.js';

/**
 * SQL for `eventLabel`: the track event's name, else the page/screen name, else the type. Queries
 * over the events table read `dialect.eventLabel` (a stored column on ClickHouse); this is the
 * expression it stands for, for any other source of event rows.
 */
export const EVENT_LABEL_SQL = 'coalesce(event, name, type)';

const inList = (expr: string, values: readonly (string | number | boolean)[], p: Params) =>
  `${expr} IN (${values.map((v) => p.add(String(v))).join(', ')})`;

/** One property filter as a boolean SQL expression over a JSON text column (see `matchesFilter`). */
export function filterSql(column: string, f: PropertyFilter, p: Params): string {
  return filterOnTextSql(p.dialect.jsonKey(column, f.property, p), f, p);
}

/** A property filter applied to a text expression that is NULL when the value is absent. */
export function filterOnTextSql(text: string, f: PropertyFilter, p: Params): string {
  const d = p.dialect;
  const values = Array.isArray(f.value) ? f.value : f.value === undefined ? [] : [f.value];
  switch (f.op) {
    case 'is_set':
      return `(${text} IS NOT NULL)`;
    case 'is_not_set':
      return `(${text} IS NULL)`;
    case 'eq':
      return `coalesce(${text} = ${p.add(String(values[0]))}, false)`;
    case 'neq':
      return `coalesce(${text} <> ${p.add(String(values[0]))}, false)`;
    case 'in':
      return `coalesce(${inList(text, values, p)}, false)`;
    case 'not_in':
      return `coalesce(NOT (${inList(text, values, p)}), false)`;
    case 'contains':
      return `coalesce(${d.contains(text, p.add(String(values[0])))}, false)`;
    default: {
      const op = { gt: '>', gte: '>=', lt: '<', lte: '<=' }[f.op];
      return `coalesce(${d.toDouble(text)} ${op} ${p.add(Number(values[0]))}, false)`;
    }
  }
}

/** A matcher as a boolean SQL expression over the `events` table's columns (see `matchesEvent`). */
export function eventMatchSql(m: EventMatcher, p: Params): string {
  const parts: string[] = [];
  const ev = toList(m.event);
  if (ev) parts.push(inList(p.dialect.eventLabel, ev, p));
  const tp = toList(m.touchpoint);
  if (tp) parts.push(inList('touchpoint', tp, p));
  const ch = toList(m.channel);
  if (ch) parts.push(inList('channel', ch, p));
  const st = toList(m.stage);
  if (st) parts.push(inList('stage', st, p));
  for (const f of m.where ?? []) parts.push(filterSql('properties', f, p));
  return parts.length ? `(${parts.join(' AND ')})` : '(1 = 1)';
}

/** Half-open period on `timestamp`, bound as ISO text parsed by the engine. */
export function timeRangeSql(r: TimeRange | undefined, p: Params, column = 'timestamp'): string {
  const parts: string[] = [];
  const d = p.dialect;
  if (r?.from) parts.push(`${column} >= ${d.fromEpochMs(p.add(Date.parse(r.from)))}`);
  if (r?.to) parts.push(`${column} < ${d.fromEpochMs(p.add(Date.parse(r.to)))}`);
  return parts.length ? `(${parts.join(' AND ')})` : '(1 = 1)';
}
