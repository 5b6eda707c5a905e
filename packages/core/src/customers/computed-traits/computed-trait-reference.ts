import type { AnalyticsEvent } from '../../analytics/shared/analytics-event.js';
import { matchesEvent } from '../../analytics/shared/event-matcher.js';
import { propertyText } from '../../analytics/shared/property-filter.js';
import { DAY_MS, numericProperty } from '../rfm/rfm-reference.js';
import { EVERY_PERSON_AGGREGATES, MAX_UNIQUE_LIST, type ComputedTraitDefinition, type ComputedTraitValue } from './computed-trait.schema.js';

/** One person's value of a computed trait. */
export interface ComputedTraitRow {
  personId: string;
  value: ComputedTraitValue;
}

/**
 * Text order as both engines compare text (byte order of UTF-8, which is code-point order);
 * JavaScript's `<` compares UTF-16 code units, which differs above U+FFFF.
 */
export function compareText(a: string, b: string): number {
  if (a === b) return 0;
  const ia = a[Symbol.iterator]();
  const ib = b[Symbol.iterator]();
  for (;;) {
    const x = ia.next();
    const y = ib.next();
    if (x.done) return y.done ? 0 : -1;
    if (y.done) return 1;
    const cx = x.value.codePointAt(0)!;
    const cy = y.value.codePointAt(0)!;
    if (cx !== cy) return cx < cy ? -1 : 1;
  }
}

/** Whether an event is one of a definition's matching events as of `asOfMs` (timestamp in [asOf − window, asOf)). */
export function matchesComputedTrait(e: AnalyticsEvent, def: ComputedTraitDefinition, asOfMs: number): boolean {
  if (e.timestamp >= asOfMs) return false;
  if (def.window !== undefined && e.timestamp < asOfMs - def.window) return false;
  return matchesEvent(e, { event: def.event, touchpoint: def.touchpoint, where: def.where });
}

/** (timestamp, messageId) order: the order first/last read events in. */
const byTime = (a: AnalyticsEvent, b: AnalyticsEvent) => (a.timestamp !== b.timestamp ? a.timestamp - b.timestamp : compareText(a.messageId, b.messageId));

/**
 * The TypeScript reference of computed traits (the SQL compiler must agree; differential tests
 * on DuckDB and ClickHouse check it). As of the instant `asOfMs`:
 *
 * - **Matching events** are the events with timestamp < asOf (and ≥ asOf − window when a window
 *   is given) whose label (track event name, else page/screen name) is one of `event`, whose
 *   touchpoint is one of `touchpoint`, and for which every `where` filter holds (property-filter
 *   semantics exactly as analyses use them).
 * - **Who gets a value.** `count` and `exists` give a value to every person with any event
 *   before asOf (0 when none matches). Every other aggregate gives a value only to people with at
 *   least one matching event that has a usable value: for `days_since_*` any matching event; for
 *   sum/min/max a matching event whose property is a number; for first/last/most_frequent/
 *   unique_list one whose property is set. People without such an event get no row.
 * - **Numbers** are read as both engines read JSON: the property's text (a JSON number's text,
 *   or a string) converted to a double, see `numericProperty`; absent, empty, boolean, object or
 *   non-numeric text values are skipped (they neither add 0 nor make the result missing).
 *   JSON numbers and plain decimal text (sign, digits, point, exponent: "+5", ".5", "1e3") read
 *   the same everywhere; odd text does not (shared with RFM and numeric filters): " 12 " is
 *   12 here and on DuckDB but not a number on ClickHouse, "0x10" is 16 only here, "inf"/"nan"
 *   and "1_000" are numbers only on DuckDB.
 * - **Texts** (first, last, most_frequent, unique_list) are the property's text as JSON gives it
 *   (`propertyText`: strings as they are, numbers and booleans as their JSON text); "" and null
 *   count as not set.
 * - `first` / `last`: the text on the earliest / latest matching event with the property set,
 *   ordered by (timestamp, messageId) — messageId breaks ties of equal timestamps.
 * - `most_frequent`: the text on the most matching events; among equally frequent texts the
 *   smallest in byte (code-point) order.
 * - `unique_list`: the distinct texts in byte (code-point) order, at most `MAX_UNIQUE_LIST` (the
 *   smallest ones), as a JSON array text.
 * - `exists`: 1 or 0. `days_since_first` / `days_since_last`: whole days (floor) from the
 *   first / latest matching event to asOf.
 *
 * Rows are ordered by person id (code-point order).
 */
export function computedTraitValues(events: readonly AnalyticsEvent[], def: ComputedTraitDefinition, asOfMs: number): ComputedTraitRow[] {
  const everyone = EVERY_PERSON_AGGREGATES.includes(def.aggregate);
  const byPerson = new Map<string, AnalyticsEvent[]>();
  for (const e of events) {
    if (e.timestamp >= asOfMs) continue;
    const hit = matchesComputedTrait(e, def, asOfMs);
    let list = byPerson.get(e.personId);
    if (!list) {
      if (!everyone && !hit) continue;
      byPerson.set(e.personId, (list = []));
    }
    if (hit) list.push(e);
  }
  const out: ComputedTraitRow[] = [];
  for (const [personId, matching] of byPerson) {
    const value = aggregate(matching, def, asOfMs);
    if (value !== null) out.push({ personId, value });
  }
  return out.sort((a, b) => compareText(a.personId, b.personId));
}

function aggregate(matching: AnalyticsEvent[], def: ComputedTraitDefinition, asOfMs: number): ComputedTraitValue | null {
  const prop = def.property ?? '';
  const numbers = () => matching.map((e) => numericProperty(e.properties, prop)).filter((n): n is number => n !== null);
  const texts = (evs: AnalyticsEvent[]) => evs.map((e) => propertyText(e.properties[prop])).filter((t): t is string => t !== null);
  switch (def.aggregate) {
    case 'count':
      return matching.length;
    case 'exists':
      return matching.length > 0 ? 1 : 0;
    case 'sum': {
      const xs = numbers();
      return xs.length ? xs.reduce((s, x) => s + x, 0) : null;
    }
    case 'min': {
      const xs = numbers();
      return xs.length ? xs.reduce((m, x) => (x < m ? x : m)) : null;
    }
    case 'max': {
      const xs = numbers();
      return xs.length ? xs.reduce((m, x) => (x > m ? x : m)) : null;
    }
    case 'first':
    case 'last': {
      const ts = texts([...matching].sort(byTime));
      return ts.length ? (def.aggregate === 'first' ? ts[0]! : ts[ts.length - 1]!) : null;
    }
    case 'most_frequent': {
      const counts = new Map<string, number>();
      for (const t of texts(matching)) counts.set(t, (counts.get(t) ?? 0) + 1);
      let best: string | null = null;
      let bestN = 0;
      for (const [t, n] of counts) if (n > bestN || (n === bestN && best !== null && compareText(t, best) < 0)) [best, bestN] = [t, n];
      return best;
    }
    case 'unique_list': {
      const ts = [...new Set(texts(matching))].sort(compareText);
      return ts.length ? JSON.stringify(ts.slice(0, MAX_UNIQUE_LIST)) : null;
    }
    case 'days_since_first':
    case 'days_since_last': {
      if (!matching.length) return null;
      const ts = matching.map((e) => e.timestamp);
      const t = def.aggregate === 'days_since_first' ? Math.min(...ts) : Math.max(...ts);
      return Math.floor((asOfMs - t) / DAY_MS);
    }
  }
}
