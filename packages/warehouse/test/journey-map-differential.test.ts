import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  experienceDefinitionSchema,
  experienceReference,
  isJourneyStep,
  journeyCounts,
  journeyMapDefinitionSchema,
  journeyMapReference,
  latestTraits,
  propertyText,
  responseGroups,
  scopedEvents,
  sortResponseGroups,
  STAGES,
  type AnalyticsEvent,
  type SentimentScorer,
} from '@trailmap/core';
import { queryJourneyCounts, queryResponseGroups, queryTouchpointReach, runExperience, runJourneyMap } from '../src/index.js';
import { openEngines, type Engines } from './support/engines.js';
import { randomEvents, rng } from './support/random-events.js';

let engines: Engines;
before(async () => {
  engines = await openEngines();
});
after(() => engines.close());

const TEXTS = ['great service', 'bad payment page', 'it was ok', '支付页面一直出错。', 'loved it', "o'hara; -- bad"];
/** Test scorer: a fixed function of the text, so results do not depend on the real lexicon. */
const scorer: SentimentScorer = (text) => ({ score: text.includes('bad') || text.includes('错') ? -0.75 : text.includes('great') || text.includes('loved') ? 0.5 : 0 });

/**
 * Random events (see support/random-events.ts) moved onto the stage vocabulary, plus identify
 * calls with a persona and survey/feedback events rating touchpoints (some with odd or missing
 * values, out-of-range scores and scores given as text).
 */
function journeyEvents(seed: number): AnalyticsEvent[] {
  const r = rng(seed * 31 + 1);
  const out: AnalyticsEvent[] = [];
  for (const e of randomEvents({ seed, people: 70, perPerson: [1, 30], tieRate: 0.08 })) {
    if (e.type === 'identify' && r.chance(0.7)) e.traits = { ...e.traits, persona: r.pick(['mobile_impulse', 'researcher', 'store_first']) };
    out.push({ ...e, stage: r.chance(0.03) ? 'unknown_stage' : r.pick(STAGES) });
    if (r.chance(0.12)) {
      const survey = r.pick(['csat', 'nps', 'ces', 'csat', 'other']);
      const score: unknown = r.chance(0.05) ? 'n/a' : r.chance(0.1) ? String(r.int(0, 11)) : survey === 'nps' ? r.int(0, 10) : r.int(0, 8);
      const fb = r.chance(0.4);
      out.push({
        ...e,
        messageId: `${e.messageId}_v`,
        timestamp: e.timestamp + r.int(0, 120_000),
        type: 'track',
        event: fb ? 'Feedback Submitted' : 'Survey Responded',
        name: null,
        touchpoint: fb ? 'Feedback Submitted' : 'Survey Responded',
        channel: r.pick(['web', 'email', 'app']),
        stage: 'loyalty',
        properties: {
          ...(r.chance(0.95) ? { touchpoint: r.pick([e.touchpoint, 'web_checkout', 'no_such_touchpoint']) } : {}),
          ...(fb ? { text: r.pick(TEXTS), language: r.pick(['en', 'zh']) } : { survey, score }),
        },
        traits: {},
      });
    }
  }
  return out;
}

const DEFS = [
  {},
  { segment: [{ property: 'persona', op: 'eq', value: 'mobile_impulse' }] },
  { period: { from: '2025-01-10T00:00:00Z', to: '2025-01-25T00:00:00Z' }, sessionGap: '10m' },
  { segment: [{ property: 'plan', op: 'in', value: ['gold', 'silver'] }], thresholds: { minPeople: 3, minResponses: 1 } },
];

describe('journey map: TS reference = DuckDB = ClickHouse', () => {
  for (const seed of [3, 4]) {
    test(`cell and stage counts, responses and the assembled map agree (seed ${seed})`, async () => {
      const events = journeyEvents(seed);
      await engines.load(events);
      for (const raw of DEFS) {
        const def = journeyMapDefinitionSchema.parse(raw);
        const scoped = scopedEvents(events, def.segment, def.period);
        const counts = journeyCounts(scoped, def.sessionGap);
        assert.ok(counts.cells.length > 10, 'enough cells to compare');
        assert.ok(counts.cells.some((c) => c.converted > 0 && c.converted < c.people), 'conversion varies');
        const responses = sortResponseGroups(responseGroups(scoped));
        assert.ok(responses.some((g) => g.text !== null) && responses.some((g) => g.survey === 'nps'), 'responses of both kinds');
        const expected = journeyMapReference(events, def, scorer);
        // Distinct people and events per touchpoint over its cells (key-touchpoint reach).
        const reach = new Map<string, { people: number; events: number }>();
        const seen = new Map<string, Set<string>>();
        for (const e of scoped.filter(isJourneyStep)) {
          const tp = String(e.touchpoint);
          const people = seen.get(tp) ?? new Set<string>();
          people.add(e.personId);
          seen.set(tp, people);
          reach.set(tp, { people: people.size, events: (reach.get(tp)?.events ?? 0) + 1 });
        }
        const summed = (tp: string) => counts.cells.filter((c) => c.touchpoint === tp).reduce((a, c) => a + c.people, 0);
        assert.ok([...reach].some(([tp, r]) => r.people < summed(tp)), 'some person is in two cells of one touchpoint (summing would count them twice)');
        for (const [name, wh] of engines.all) {
          const label = `${name} ${JSON.stringify(raw)}`;
          assert.deepEqual(await queryJourneyCounts(wh, def), counts, `${label}: counts`);
          assert.deepEqual(sortResponseGroups(await queryResponseGroups(wh, def.segment, def.period)), responses, `${label}: responses`);
          assert.deepEqual(await runJourneyMap(wh, def, scorer), expected, `${label}: map`);
          assert.deepEqual(await queryTouchpointReach(wh, def), reach, `${label}: distinct reach per touchpoint`);
        }
      }
    });
  }

  test('experience roll-ups per touchpoint, stage and persona agree', async () => {
    const events = journeyEvents(5);
    await engines.load(events);
    const traits = latestTraits(events);
    for (const raw of [{}, { trait: 'plan', period: { from: '2025-01-12T00:00:00Z' } }, { segment: [{ property: 'persona', op: 'is_set' }] }]) {
      const def = experienceDefinitionSchema.parse(raw);
      const expected = experienceReference(events, def, scorer);
      assert.ok(expected.groups.length >= 2 && expected.stages.length >= 2, 'groups and stages to compare');
      const values = new Set([...traits.values()].map((t) => propertyText(t[def.trait])));
      assert.ok(expected.groups.every((g) => values.has(g.value) || g.value === null), 'groups are trait values');
      for (const [name, wh] of engines.all) assert.deepEqual(await runExperience(wh, def, scorer), expected, `${name} ${JSON.stringify(raw)}`);
    }
  });
});
