import { sortPathCounts, type Journey, type ConversionPathCount, type ConversionPathsDefinition, type JourneyTouchTimes } from '@trailmap/core';
import { Params } from '../../dialect/dialect.js';
import type { SqlSession } from '../../warehouse.js';
import { conversionJourneysSql, conversionPathCountsSql, journeyTouchTimesSql } from './conversion-journeys.sql.js';

const texts = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : []);
const numbers = (v: unknown): number[] => (Array.isArray(v) ? v.map(Number) : []);
const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Rows ordered as the reference orders journeys: person id (code units), then journey number. */
function inJourneyOrder<T extends { person_id: string; jn: unknown }>(rows: T[]): T[] {
  return rows.sort((a, b) => byText(String(a.person_id), String(b.person_id)) || Number(a.jn) - Number(b.jn));
}

interface JourneyRow {
  person_id: string;
  jn: unknown;
  labels: unknown;
  times: unknown;
  converted: unknown;
  value: unknown;
  end_t: unknown;
}

/**
 * Every journey, as attribution's `Journey` (the same list as `conversionJourneys` in core).
 * One object per journey: use `runConversionPathCounts` when the counts are enough.
 */
export async function runConversionPaths(db: SqlSession, def: ConversionPathsDefinition): Promise<{ journeys: Journey[] }> {
  const p = new Params(db.dialect);
  const rows = inJourneyOrder(await db.query<JourneyRow>(conversionJourneysSql(def, p), p.values));
  const journeys = rows.map((r): Journey => {
    const labels = texts(r.labels);
    const times = numbers(r.times);
    const converted = Number(r.converted) === 1;
    return {
      personId: String(r.person_id),
      touches: labels.map((label, i) => ({ label, timestamp: times[i]! })),
      converted,
      value: converted ? Number(r.value) : 0,
      conversionAt: converted ? Number(r.end_t) : null,
    };
  });
  return { journeys };
}

/** Journeys counted per label sequence in the engine (what all models but time-decay need). */
export async function runConversionPathCounts(db: SqlSession, def: ConversionPathsDefinition): Promise<{ paths: ConversionPathCount[] }> {
  const p = new Params(db.dialect);
  const rows = await db.query<{ labels: unknown; conversions: unknown; nulls: unknown; value: unknown }>(conversionPathCountsSql(def, p), p.values);
  const paths = rows.map((r) => ({ labels: texts(r.labels), conversions: Number(r.conversions), nulls: Number(r.nulls), value: Number(r.value) }));
  return { paths: sortPathCounts(paths) };
}

/** Converting journeys as labels and ms before the conversion (time-decay's input), in journey order. */
export async function runJourneyTouchTimes(db: SqlSession, def: ConversionPathsDefinition): Promise<{ journeys: JourneyTouchTimes[] }> {
  const p = new Params(db.dialect);
  const rows = inJourneyOrder(await db.query<{ person_id: string; jn: unknown; labels: unknown; ms_before: unknown; value: unknown }>(journeyTouchTimesSql(def, p), p.values));
  return { journeys: rows.map((r) => ({ labels: texts(r.labels), msBefore: numbers(r.ms_before), value: Number(r.value) })) };
}
