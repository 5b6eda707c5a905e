import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { segmentMembersReference, segmentRuleSchema, SegmentCycleError, UnknownSegmentError, type AnalyticsEvent, type SegmentRule, type SegmentRuleInput } from '@trailmap/core';
import { segmentMembers } from '../src/index.js';
import { openEngines, type Engines } from './support/engines.js';
import { randomEvents, rng, RANDOM_CHANNELS, RANDOM_EVENTS } from './support/random-events.js';

let engines: Engines;
before(async () => {
  engines = await openEngines();
});
after(() => engines.close());

const DAY = 86_400_000;
const START = Date.UTC(2025, 0, 6);
const parse = (r: SegmentRuleInput) => segmentRuleSchema.parse(r);

async function agree(events: readonly AnalyticsEvent[], rule: SegmentRule, asOf: number, saved: Record<string, SegmentRule> = {}, label = '') {
  const resolve = (k: string) => saved[k];
  const expected = [...segmentMembersReference(events, rule, asOf, resolve)].sort();
  for (const [name, wh] of engines.all) {
    const got = await segmentMembers(wh, rule, asOf, resolve);
    assert.deepEqual(got, expected, `${name} ${label}: ${JSON.stringify(rule)}`);
  }
  return expected;
}

/** A random rule over the shapes random events have (traits plan/age, events, channels, properties). */
function randomRule(r: ReturnType<typeof rng>, depth = 0): SegmentRuleInput {
  const k = r.next();
  if (depth < 3 && k < 0.25) {
    const parts = Array.from({ length: r.int(1, 3) }, () => randomRule(r, depth + 1));
    return r.chance(0.5) ? { all: parts } : { any: parts };
  }
  if (depth < 3 && k < 0.32) return { not: randomRule(r, depth + 1) };
  const leaf = r.int(0, 6);
  switch (leaf) {
    case 0:
      return { trait: 'plan', op: r.pick(['eq', 'neq', 'is_set', 'is_not_set', 'contains'] as const), ...(r.chance(0.9) ? { value: r.pick(['gold', 'silver', 'free', 'ol']) } : { value: 'gold' }) } as SegmentRuleInput;
    case 1:
      return { trait: 'age', op: r.pick(['gt', 'gte', 'lt', 'lte'] as const), value: r.int(18, 80) };
    case 2:
      return { trait: 'plan', op: r.pick(['in', 'not_in'] as const), value: [r.pick(['gold', 'free']), 'silver'] };
    case 3: {
      const atLeast = r.int(0, 4);
      return {
        performed: { event: r.pick(RANDOM_EVENTS), ...(r.chance(0.3) ? { channel: r.pick(RANDOM_CHANNELS) } : {}), ...(r.chance(0.3) ? { where: [{ property: 'revenue', op: 'gt', value: r.int(0, 150) }] } : {}) },
        atLeast,
        ...(r.chance(0.3) ? { atMost: atLeast + r.int(0, 3) } : {}),
        ...(r.chance(0.5) ? { within: `${r.int(1, 20)}d` } : {}),
      };
    }
    case 4:
      return { performed: { channel: r.pick(RANDOM_CHANNELS) }, atLeast: r.int(1, 6) };
    case 5:
      return { firstSeen: r.chance(0.5) ? { before: new Date(START + r.int(0, 30) * DAY).toISOString() } : { within: `${r.int(1, 40)}d` } };
    default:
      return { lastSeen: r.chance(0.5) ? { after: new Date(START + r.int(0, 40) * DAY).toISOString() } : { within: `${r.int(1, 20)}d`, before: new Date(START + r.int(10, 50) * DAY).toISOString() } };
  }
}

describe('segments: TS reference = DuckDB = ClickHouse', () => {
  test('hand fixtures: each kind of condition', async () => {
    const ev = (personId: string, day: number, type: string, event: string | null, extra: Partial<AnalyticsEvent> = {}): AnalyticsEvent => ({
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
      traits: {},
      context: {},
      ...extra,
    });
    const events = [
      ev('ann', 0, 'identify', null, { traits: { plan: 'gold' } }),
      ev('ann', 1, 'track', 'Order Completed', { properties: { revenue: 120 } }),
      ev('ann', 9, 'track', 'Order Completed', { properties: { revenue: 30 } }),
      ev('bob', 2, 'identify', null, { traits: { plan: 'free' } }),
      ev('bob', 5, 'identify', null, { traits: { plan: 'gold' } }),
      ev('bob', 6, 'identify', null, { traits: { plan: '' } }), // an empty value does not replace gold
      ev('cat', 3, 'track', 'Product Viewed', { channel: 'app' }),
      ev('cat', 20, 'track', 'Order Completed', { properties: { revenue: 80 } }), // after asOf below
    ];
    await engines.load(events);
    const asOf = START + 10 * DAY;
    const cases: Array<[SegmentRuleInput, string[]]> = [
      [{ trait: 'plan', op: 'eq', value: 'gold' }, ['ann', 'bob']],
      [{ trait: 'plan', op: 'is_not_set' }, ['cat']],
      [{ performed: { event: 'Order Completed' }, atLeast: 2 }, ['ann']],
      [{ performed: { event: 'Order Completed' }, atLeast: 0, atMost: 0 }, ['bob', 'cat']],
      [{ performed: { event: 'Order Completed', where: [{ property: 'revenue', op: 'gte', value: 100 }] } }, ['ann']],
      [{ performed: { event: 'Order Completed' }, within: '2d' }, ['ann']], // day 9 is inside (8, 10]
      [{ performed: { event: 'Order Completed' }, within: '1d' }, []],
      [{ firstSeen: { before: new Date(START + 2 * DAY).toISOString() } }, ['ann']],
      [{ lastSeen: { within: '5d' } }, ['ann', 'bob']],
      [{ not: { performed: { channel: 'app' } } }, ['ann', 'bob']],
      [{ any: [{ trait: 'plan', op: 'eq', value: 'free' }, { performed: { channel: 'app' } }] }, ['cat']],
      [{ all: [{ trait: 'plan', op: 'eq', value: 'gold' }, { inSegment: 'buyers' }] }, ['ann']],
      [{ notInSegment: 'buyers' }, ['bob', 'cat']],
    ];
    const saved = { buyers: parse({ performed: { event: 'Order Completed' } }) };
    for (const [rule, members] of cases) assert.deepEqual(await agree(events, parse(rule), asOf, saved, 'fixture'), members, JSON.stringify(rule));
  });

  for (const seed of [1, 2, 3]) {
    test(`random events and random rules, seed ${seed}`, async () => {
      const events = randomEvents({ seed, people: 60, perPerson: [1, 30], tieRate: 0.2, spanMs: 40 * DAY });
      await engines.load(events);
      const r = rng(seed * 7919);
      const saved: Record<string, SegmentRule> = { a: parse(randomRule(r)), b: parse({ all: [randomRule(r), { inSegment: 'a' }] }) };
      let nonTrivial = 0;
      for (let i = 0; i < 25; i++) {
        const rule = parse(r.chance(0.15) ? { any: [randomRule(r), { notInSegment: 'b' }] } : randomRule(r));
        const asOf = START + r.int(5, 50) * DAY;
        const members = await agree(events, rule, asOf, saved, `seed ${seed} rule ${i}`);
        if (members.length > 0 && members.length < 60) nonTrivial++;
      }
      assert.ok(nonTrivial >= 8, `most random rules split the people (${nonTrivial} of 25)`);
    });
  }

  test('injection attempts in trait names, values, event names and property names are inert', async () => {
    const events = randomEvents({ seed: 9, people: 20, perPerson: [1, 10] });
    await engines.load(events);
    const asOf = START + 60 * DAY;
    const hostile = ["'); DROP TABLE events; --", "o'hara; --", '") OR 1=1 --', '会员\u0000', '$1', '{x}', '\\'];
    for (const h of hostile) {
      for (const rule of [
        { trait: h, op: 'eq', value: h },
        { trait: 'plan', op: 'in', value: [h, 'gold'] },
        { performed: { event: h, where: [{ property: h, op: 'contains', value: h }] } },
        { performed: { event: 'Order Completed', where: [{ property: 'plan', op: 'eq', value: h }] } },
      ] as SegmentRuleInput[])
        await agree(events, parse(rule), asOf, {}, 'hostile');
    }
    for (const [, wh] of engines.all) {
      const [row] = await wh.query<{ n: number | bigint }>('SELECT count(*) AS n FROM events');
      assert.equal(Number(row!.n), events.length, 'the events table is intact');
    }
  });

  test('a rule that refers to itself or to a missing segment is refused, naming it', async () => {
    const saved = { a: parse({ inSegment: 'b' }), b: parse({ notInSegment: 'a' }) };
    for (const [name, wh] of engines.all) {
      await assert.rejects(segmentMembers(wh, parse({ inSegment: 'a' }), START, (k) => saved[k as 'a']), (e: unknown) => e instanceof SegmentCycleError && /a → b → a/.test(e.message), name);
      await assert.rejects(segmentMembers(wh, parse({ inSegment: 'zzz' }), START, (k) => saved[k as 'a']), (e: unknown) => e instanceof UnknownSegmentError, name);
    }
    const one = randomEvents({ seed: 4, people: 1, perPerson: [1, 1] });
    assert.throws(() => segmentMembersReference(one, parse({ inSegment: 'a' }), START + 60 * DAY, (k) => saved[k as 'a']), SegmentCycleError);
  });
});
