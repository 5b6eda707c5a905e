import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { conversionJourneys, conversionPathsSchema, pathsSchema, pathStepCounts, type AnalyticsEvent } from '@trailmap/core';
import { EVENT_COLUMNS, queryPathStepCounts, runConversionPaths, type SqlSession } from '../src/index.js';
import { eventRow, openEngines, type Engines } from './support/engines.js';
import { randomEvents } from './support/random-events.js';

let engines: Engines;
before(async () => {
  engines = await openEngines();
});
after(() => engines.close());

/**
 * The session, but the first statement that reads the label list (SELECT DISTINCT … lbl) is
 * followed by a real insert of `late` into events, as when the collection log loads between an
 * analysis's two queries.
 */
function insertAfterLabels(wh: SqlSession, late: AnalyticsEvent, index: number): SqlSession {
  let done = false;
  return {
    dialect: wh.dialect,
    steps: wh.steps,
    exec: (sql, params) => wh.exec(sql, params),
    append: (table, columns, rows) => wh.append(table, columns, rows),
    async query(sql, params) {
      const rows = await wh.query(sql, params);
      if (!done && /SELECT DISTINCT .* AS lbl FROM|SELECT DISTINCT lbl FROM/s.test(sql)) {
        done = true;
        await wh.append('events', EVENT_COLUMNS.map(([name]) => ({ name, kind: 'text' as const })), [eventRow(late, index)]);
      }
      return rows as never;
    },
  };
}

describe('label ids: an event with a new label loaded between the label list and the analysis', () => {
  test('paths and conversion journeys read the labels again and count it (both engines)', async () => {
    const events = randomEvents({ seed: 41, people: 30, perPerson: [2, 12] });
    const person = events[0]!.personId;
    const last = Math.max(...events.filter((e) => e.personId === person).map((e) => e.timestamp));
    const late: AnalyticsEvent = { ...events[0]!, messageId: 'late-1', timestamp: last + 60_000, touchpoint: 'arrived_late', type: 'track', event: 'Product Viewed', name: null };
    const all = [...events, late];
    const pathsDef = pathsSchema.parse({});
    const journeysDef = conversionPathsSchema.parse({});
    assert.ok(pathStepCounts(all, pathsDef).some((r) => r.label === 'arrived_late'), 'the late label is on a path');
    assert.ok(conversionJourneys(all, journeysDef).some((j) => j.touches.some((t) => t.label === 'arrived_late')), 'the late label is a touch');
    for (const [name, wh] of engines.all) {
      await engines.load(events);
      const steps = await queryPathStepCounts(insertAfterLabels(wh, late, events.length), pathsDef);
      assert.deepEqual(steps.map((r) => JSON.stringify(r)).sort(), pathStepCounts(all, pathsDef).map((r) => JSON.stringify(r)).sort(), `${name}: paths`);
      await engines.load(events);
      const { journeys } = await runConversionPaths(insertAfterLabels(wh, late, events.length), journeysDef);
      assert.deepEqual(journeys, conversionJourneys(all, journeysDef), `${name}: journeys`);
    }
  });
});
