import { sortPathCounts, type Journey, type ConversionPathCount, type ConversionPathsDefinition, type JourneyCut, type JourneyTouchTimes } from '@trailmap/core';
import { Params } from '../../dialect/dialect.js';
import type { SqlSession } from '../../warehouse.js';
import { labelsOfIds, withLabelIds } from '../sql/label-ids.sql.js';
import { conversionJourneysSql, conversionPathCountsSql, journeyLabelsSql, journeyTouchTimesSql } from './conversion-journeys.sql.js';

const numbers = (v: unknown): number[] => (Array.isArray(v) ? v.map(Number) : []);
const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Rows in the reference's journey order: person id (code units), then journey number. The engine
 * sorts (ORDER BY person_id, jn); its text order is the bytes' and JS's is UTF-16 code units,
 * which differ only past U+FFFF, so the rows are checked in one pass and sorted here only then.
 */
function inJourneyOrder<T extends { person_id: string; jn: unknown }>(rows: T[]): T[] {
  const cmp = (a: T, b: T) => byText(String(a.person_id), String(b.person_id)) || Number(a.jn) - Number(b.jn);
  for (let i = 1; i < rows.length; i++) if (cmp(rows[i - 1]!, rows[i]!) > 0) return rows.sort(cmp);
  return rows;
}

interface JourneyRow {
  person_id: string;
  jn: unknown;
  labels: unknown;
  times: unknown;
  converted: unknown;
  value: unknown;
  end_t: unknown;
  dropped: unknown;
}

/**
 * Every journey, as attribution's `Journey` (the same list as `conversionJourneys` in core), and
 * what the `maxTouches` cap cut (`conversionJourneysWithCut`). One object per journey: use
 * `runConversionPathCounts` when the counts are enough.
 */
export async function runConversionPaths(db: SqlSession, def: ConversionPathsDefinition): Promise<{ journeys: Journey[]; cut: JourneyCut }> {
  return withLabelIds(db, (p) => journeyLabelsSql(def, p), async (labels) => {
    const p = new Params(db.dialect);
    const rows = inJourneyOrder(await db.query<JourneyRow>(`SELECT * FROM (${conversionJourneysSql(def, p, labels)}) AS jo ORDER BY person_id, jn`, p.values));
    const cut: JourneyCut = { maxTouches: def.maxTouches ?? null, journeys: 0, touches: 0 };
    const journeys = rows.map((r): Journey => {
      const dropped = Number(r.dropped);
      if (dropped > 0) {
        cut.journeys++;
        cut.touches += dropped;
      }
      const names = labelsOfIds(r.labels, labels);
      const times = numbers(r.times);
      const converted = Number(r.converted) === 1;
      return {
        personId: String(r.person_id),
        touches: names.map((label, i) => ({ label, timestamp: times[i]! })),
        converted,
        value: converted ? Number(r.value) : 0,
        conversionAt: converted ? Number(r.end_t) : null,
      };
    });
    return { journeys, cut };
  });
}

/** Journeys counted per label sequence in the engine (what all models but time-decay need). */
export async function runConversionPathCounts(db: SqlSession, def: ConversionPathsDefinition): Promise<{ paths: ConversionPathCount[]; cut: JourneyCut }> {
  return withLabelIds(db, (p) => journeyLabelsSql(def, p), async (labels) => {
    const p = new Params(db.dialect);
    const rows = await db.query<{ labels: unknown; conversions: unknown; nulls: unknown; value: unknown; cut_journeys: unknown; cut_touches: unknown }>(
      conversionPathCountsSql(def, p, labels),
      p.values,
    );
    const cut: JourneyCut = { maxTouches: def.maxTouches ?? null, journeys: 0, touches: 0 };
    const paths = rows.map((r) => {
      cut.journeys += Number(r.cut_journeys);
      cut.touches += Number(r.cut_touches);
      return { labels: labelsOfIds(r.labels, labels), conversions: Number(r.conversions), nulls: Number(r.nulls), value: Number(r.value) };
    });
    return { paths: sortPathCounts(paths), cut };
  });
}

/** Converting journeys as labels and ms before the conversion (time-decay's input), in journey order. */
export async function runJourneyTouchTimes(db: SqlSession, def: ConversionPathsDefinition): Promise<{ journeys: JourneyTouchTimes[] }> {
  return withLabelIds(db, (p) => journeyLabelsSql(def, p), async (labels) => {
    const p = new Params(db.dialect);
    const rows = inJourneyOrder(await db.query<{ person_id: string; jn: unknown; labels: unknown; ms_before: unknown; value: unknown }>(journeyTouchTimesSql(def, p, labels), p.values));
    return { journeys: rows.map((r) => ({ labels: labelsOfIds(r.labels, labels), msBefore: numbers(r.ms_before), value: Number(r.value) })) };
  });
}
