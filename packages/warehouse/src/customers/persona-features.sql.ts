import { asOfEndMs, personasFromRaw, type PersonaDefinition, type PersonaRaw, type PersonaResult } from '@trailmap/core';
import { Params } from '../dialect/dialect.js';
import type { SqlSession } from '../warehouse.js';

/** The events column each mix choice reads (a fixed list; the choice is never spliced as text). */
const MIX_COLUMN = { channel: 'channel', stage: 'stage', touchpoint: 'touchpoint' } as const;

const upTo = (def: PersonaDefinition, p: Params) => {
  const end = asOfEndMs(def.asOf);
  return end === null ? '1 = 1' : `timestamp < ${p.dialect.fromEpochMs(p.add(end))}`;
};

/**
 * Per-person event count, latest event time (ms), purchase value sum (missing or non-numeric
 * counts 0) and the sentiment property's sum and count over the sentiment event, up to the end
 * of the as-of day (see core's `personaRaw`). Event names, property keys and the day are bound.
 */
export function personaBaseSql(def: PersonaDefinition, p: Params): string {
  const d = p.dialect;
  const value = `coalesce(${d.toDouble(d.jsonKey('properties', def.value, p))}, 0)`;
  const isPurchase = `${d.eventLabel} = ${p.add(def.purchase)}`;
  const s = d.toDouble(d.jsonKey('properties', def.sentimentProperty, p));
  const isSentiment = `${d.eventLabel} = ${p.add(def.sentimentEvent)}`;
  return `SELECT person_id, CAST(count(*) AS BIGINT) AS events, CAST(max(${d.epochMs('timestamp')}) AS BIGINT) AS last_ms,
      CAST(sum(CASE WHEN ${isPurchase} THEN ${value} ELSE 0 END) AS DOUBLE) AS value,
      CAST(sum(CASE WHEN ${isSentiment} THEN coalesce(${s}, 0) ELSE 0 END) AS DOUBLE) AS sentiment_sum,
      CAST(sum(CASE WHEN ${isSentiment} AND ${s} IS NOT NULL THEN 1 ELSE 0 END) AS BIGINT) AS sentiment_count
    FROM ${p.dialect.events} AS events WHERE ${upTo(def, p)}
    GROUP BY person_id`;
}

/** Events per person and mix value (channel, stage or touchpoint column) up to the as-of day. */
export function personaMixSql(def: PersonaDefinition, p: Params): string {
  const col = MIX_COLUMN[def.mix];
  return `SELECT person_id, ${col} AS k, CAST(count(*) AS BIGINT) AS n FROM ${p.dialect.events} AS events WHERE ${upTo(def, p)} GROUP BY person_id, ${col}`;
}

/** Events per person and category property text (events without it left out) up to the as-of day. */
export function personaCategorySql(def: PersonaDefinition, p: Params): string {
  const d = p.dialect;
  return `SELECT person_id, k, CAST(count(*) AS BIGINT) AS n
    FROM (SELECT person_id, ${d.jsonKey('properties', def.category, p)} AS k FROM ${p.dialect.events} AS events WHERE ${upTo(def, p)}) AS c
    WHERE k IS NOT NULL GROUP BY person_id, k`;
}

const byPerson = (a: PersonaRaw, b: PersonaRaw) => (a.personId < b.personId ? -1 : a.personId > b.personId ? 1 : 0);

/** Raw persona behaviour per person from the `events` table, ordered by person id as the reference is. */
export async function personaRawFromWarehouse(db: SqlSession, def: PersonaDefinition): Promise<PersonaRaw[]> {
  const run = async <T extends object>(build: (def: PersonaDefinition, p: Params) => string) => {
    const p = new Params(db.dialect);
    const sql = build(def, p);
    return db.query<T>(sql, p.values);
  };
  type Base = { person_id: string; events: unknown; last_ms: unknown; value: unknown; sentiment_sum: unknown; sentiment_count: unknown };
  type Count = { person_id: string; k: unknown; n: unknown };
  const [base, mix, cats] = [await run<Base>(personaBaseSql), await run<Count>(personaMixSql), await run<Count>(personaCategorySql)];
  const by = new Map<string, PersonaRaw>();
  for (const r of base) {
    const personId = String(r.person_id);
    by.set(personId, {
      personId,
      events: Number(r.events),
      lastMs: Number(r.last_ms),
      value: Number(r.value),
      mix: Object.create(null) as Record<string, number>, // no prototype: a value named __proto__ is a key like any other
      categories: Object.create(null) as Record<string, number>,
      sentimentSum: Number(r.sentiment_sum),
      sentimentCount: Number(r.sentiment_count),
    });
  }
  for (const r of mix) by.get(String(r.person_id))!.mix[String(r.k)] = Number(r.n);
  for (const r of cats) by.get(String(r.person_id))!.categories[String(r.k)] = Number(r.n);
  return [...by.values()].sort(byPerson);
}

/** Personas on the warehouse (DuckDB or ClickHouse): the features in SQL, the clustering in core. */
export async function runPersonas(db: SqlSession, def: PersonaDefinition): Promise<PersonaResult> {
  return personasFromRaw(await personaRawFromWarehouse(db, def), def);
}
