import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { funnelReference, funnelSchema, inlineSegments, personFilterSchema, personMatcher, resolvePersonFilter, segmentRuleSchema, UnknownSegmentError, SegmentCycleError, type AnalyticsEvent, type PersonFilter, type SegmentRule, type SegmentRuleInput } from '@trailmap/core';
import { Params, runFunnel } from '../src/index.js';
import { personFilterSql } from '../src/analytics/sql/person-filter.sql.js';
import { openEngines, type Engines } from './support/engines.js';
import { randomEvents, rng, RANDOM_EVENTS } from './support/random-events.js';

let engines: Engines;
before(async () => {
  engines = await openEngines();
});
after(() => engines.close());

const DAY = 86_400_000;
const START = Date.UTC(2025, 0, 6);

/** personMatcher's people (among those with events) = personFilterSql's people, on every engine. */
async function agree(events: readonly AnalyticsEvent[], filter: PersonFilter, label: string): Promise<string[]> {
  const match = personMatcher(events, filter);
  const expected = [...new Set(events.map((e) => e.personId))].filter(match).sort();
  for (const [name, wh] of engines.all) {
    const p = new Params(wh.dialect);
    const sql = personFilterSql(filter, p)!;
    const rows = await wh.query<{ person_id: string }>(`SELECT person_id FROM ${sql} AS f ORDER BY person_id`, p.values);
    assert.deepEqual(rows.map((r) => r.person_id), expected, `${name} ${label}: ${JSON.stringify(filter)}`);
  }
  return expected;
}

function randomRule(r: ReturnType<typeof rng>, depth = 0): SegmentRuleInput {
  const k = r.next();
  if (depth < 2 && k < 0.3) {
    const parts = Array.from({ length: r.int(1, 3) }, () => randomRule(r, depth + 1));
    return r.chance(0.5) ? { all: parts } : { any: parts };
  }
  if (depth < 2 && k < 0.4) return { not: randomRule(r, depth + 1) };
  switch (r.int(0, 3)) {
    case 0:
      return { trait: 'plan', op: r.pick(['eq', 'neq', 'is_set', 'is_not_set'] as const), value: r.pick(['gold', 'silver', 'free']) } as SegmentRuleInput;
    case 1:
      return { trait: 'age', op: r.pick(['gt', 'lte'] as const), value: r.int(18, 80) };
    case 2:
      return { performed: { event: r.pick(RANDOM_EVENTS) }, atLeast: r.int(1, 3), ...(r.chance(0.5) ? { within: `${r.int(1, 20)}d` } : {}) };
    default:
      return { lastSeen: { after: new Date(START + r.int(0, 40) * DAY).toISOString() } };
  }
}

function randomFilter(r: ReturnType<typeof rng>): PersonFilter {
  const items: unknown[] = [];
  const n = r.int(1, 3);
  for (let i = 0; i < n; i++) {
    if (r.chance(0.3)) items.push({ property: 'plan', op: r.pick(['eq', 'neq']), value: r.pick(['gold', 'silver', 'free']) });
    else items.push({ rule: randomRule(r), asOf: new Date(START + r.int(5, 45) * DAY).toISOString() });
  }
  return personFilterSchema.parse(items);
}

describe('person filter with segments: personMatcher = personFilterSql (DuckDB, ClickHouse)', () => {
  test('hand fixture: saved segments resolved, in / not in / rule with asOf', async () => {
    const ev = (personId: string, day: number, type: string, event: string | null, traits: Record<string, unknown> = {}): AnalyticsEvent => ({
      messageId: `${personId}-${day}-${event ?? type}`,
      personId,
      timestamp: START + day * DAY,
      type,
      event,
      name: null,
      touchpoint: event ?? type,
      channel: 'web',
      touchpointType: 'digital',
      stage: 'purchase',
      properties: {},
      traits,
      context: {},
    });
    const events = [
      ev('ann', 0, 'identify', null, { plan: 'gold' }),
      ev('ann', 1, 'track', 'Order Completed'),
      ev('ann', 2, 'track', 'Order Completed'),
      ev('bob', 0, 'identify', null, { plan: 'free' }),
      ev('bob', 1, 'track', 'Order Completed'),
      ev('cy', 0, 'identify', null, { plan: 'gold' }),
      ev('cy', 9, 'track', 'Order Completed'),
      ev('cy', 9, 'track', 'Order Completed', { x: 1 }),
    ];
    events[7]!.messageId = 'cy-9-b';
    await engines.load(events);
    const saved: Record<string, SegmentRule> = {
      buyers: segmentRuleSchema.parse({ performed: { event: 'Order Completed' }, atLeast: 2 }),
      'gold-buyers': segmentRuleSchema.parse({ all: [{ inSegment: 'buyers' }, { trait: 'plan', value: 'gold' }] }),
    };
    const resolve = (k: string) => saved[k];
    const asOfDay5 = START + 5 * DAY;
    // As of day 5, cy has not yet ordered twice: ann only.
    assert.deepEqual(await agree(events, resolvePersonFilter(personFilterSchema.parse([{ inSegment: 'gold-buyers' }]), resolve, asOfDay5), 'in'), ['ann']);
    assert.deepEqual(await agree(events, resolvePersonFilter(personFilterSchema.parse([{ notInSegment: 'gold-buyers' }]), resolve, asOfDay5), 'not in'), ['bob', 'cy']);
    // As of day 10 cy is a gold buyer too; a trait item and a rule item both hold.
    const both = resolvePersonFilter(personFilterSchema.parse([{ property: 'plan', value: 'gold' }, { rule: { inSegment: 'buyers' }, asOf: new Date(START + 10 * DAY).toISOString() }]), resolve, asOfDay5);
    assert.deepEqual(await agree(events, both, 'rule + trait'), ['ann', 'cy']);
    // The resolved filter is self-contained (no saved keys left) and valid as a definition field.
    assert.doesNotMatch(JSON.stringify(both), /inSegment/);
    assert.deepEqual(personFilterSchema.parse(both), both);
    assert.throws(() => resolvePersonFilter(personFilterSchema.parse([{ inSegment: 'nope' }]), resolve, asOfDay5), UnknownSegmentError);
    const loop = { a: segmentRuleSchema.parse({ inSegment: 'b' }), b: segmentRuleSchema.parse({ notInSegment: 'a' }) } as Record<string, SegmentRule>;
    assert.throws(() => inlineSegments({ inSegment: 'a' }, (k) => loop[k]), SegmentCycleError);
    // Unresolved saved-segment items are refused by both the reference and the compiler.
    assert.throws(() => personMatcher(events, personFilterSchema.parse([{ inSegment: 'buyers' }])), /resolve it first/);
    assert.throws(() => personFilterSql(personFilterSchema.parse([{ inSegment: 'buyers' }]), new Params(engines.all[0]![1].dialect)), /resolve it first/);
  });

  test('random data and random filters (rules with asOf, trait items)', async () => {
    let nonTrivial = 0;
    for (const seed of [31, 32, 33]) {
      const events = randomEvents({ seed, people: 50, perPerson: [1, 25], tieRate: 0.2, spanMs: 40 * DAY });
      await engines.load(events);
      const r = rng(seed * 7);
      const people = new Set(events.map((e) => e.personId)).size;
      for (let i = 0; i < 12; i++) {
        const got = await agree(events, randomFilter(r), `seed ${seed} #${i}`);
        if (got.length > 0 && got.length < people) nonTrivial++;
      }
    }
    assert.ok(nonTrivial >= 10, `too few filters split the people (${nonTrivial})`);
  });

  test('a funnel filtered by a rule: reference = SQL', async () => {
    const events = randomEvents({ seed: 41, people: 60, perPerson: [1, 25], spanMs: 40 * DAY });
    await engines.load(events);
    const def = funnelSchema.parse({
      steps: [{ event: RANDOM_EVENTS[0] }, { event: RANDOM_EVENTS[1] }],
      segment: [{ rule: { any: [{ trait: 'plan', value: 'gold' }, { performed: { event: RANDOM_EVENTS[2] }, atLeast: 2 }] }, asOf: new Date(START + 30 * DAY).toISOString() }],
    });
    const expected = funnelReference(events, def);
    assert.ok(expected.steps[0]!.count > 0);
    for (const [name, wh] of engines.all) assert.deepEqual(await runFunnel(wh, def), expected, name);
  });

  test('a funnel broken down by a segment ("in" / "not in"): reference = SQL, groups add up', async () => {
    let split = 0;
    for (const seed of [51, 52, 53]) {
      const events = randomEvents({ seed, people: 60, perPerson: [1, 25], tieRate: 0.2, spanMs: 40 * DAY });
      await engines.load(events);
      const r = rng(seed);
      for (let i = 0; i < 4; i++) {
        const def = funnelSchema.parse({
          steps: [{ event: RANDOM_EVENTS[0] }, { event: RANDOM_EVENTS[1] }, { event: RANDOM_EVENTS[2] }],
          order: r.pick(['sequential', 'strict', 'any']),
          countBy: r.pick(['person', 'session']),
          breakdown: { segment: 'random', rule: randomRule(r), asOf: new Date(START + r.int(5, 45) * DAY).toISOString() },
          ...(r.chance(0.5) ? { segment: randomFilter(r) } : {}),
        });
        const expected = funnelReference(events, def);
        for (const [name, wh] of engines.all) assert.deepEqual(await runFunnel(wh, def), expected, `${name} seed ${seed} #${i}: ${JSON.stringify(def.breakdown)}`);
        const groups = (expected.breakdown ?? []).map((b) => b.value);
        assert.ok(groups.every((g) => g === 'in' || g === 'not in'), JSON.stringify(groups));
        if (groups.length === 2) split++;
      }
    }
    assert.ok(split >= 3, `too few breakdowns had both groups (${split})`);
    // A saved key must be resolved first.
    assert.throws(() => funnelReference([], funnelSchema.parse({ steps: [{ event: 'a' }, { event: 'b' }], breakdown: { segment: 'vip' } })), /resolve it first/);
  });
});
