import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { retention, retentionSchema, type RetentionCohort, type SegmentRuleInput } from '@trailmap/core';
import { runRetention } from '../src/index.js';
import { openEngines, type Engines } from './support/engines.js';
import { randomEvents, rng, RANDOM_EVENTS } from './support/random-events.js';

let engines: Engines;
before(async () => {
  engines = await openEngines();
});
after(() => engines.close());

const DAY = 86_400_000;
const START = Date.UTC(2025, 0, 6);

function randomRule(r: ReturnType<typeof rng>, depth = 0): SegmentRuleInput {
  if (depth < 1 && r.chance(0.3)) {
    const parts = Array.from({ length: r.int(1, 3) }, () => randomRule(r, depth + 1));
    return r.chance(0.5) ? { all: parts } : { any: parts };
  }
  switch (r.int(0, 2)) {
    case 0:
      return { trait: 'plan', op: r.pick(['eq', 'neq'] as const), value: r.pick(['gold', 'silver', 'free']) } as SegmentRuleInput;
    case 1:
      return { performed: { event: r.pick(RANDOM_EVENTS) }, atLeast: r.int(1, 4) };
    default:
      return { not: { performed: { event: r.pick(RANDOM_EVENTS) }, atLeast: r.int(2, 5) } };
  }
}

/** Sum of the groups' cohort sizes per cohort: must equal the whole grid's. */
const sizes = (cs: RetentionCohort[]) => new Map(cs.map((c) => [c.cohort, c.size]));

describe('retention broken down by a segment: TS reference = DuckDB = ClickHouse', () => {
  test('one grid per group ("in", "not in"), the same on every engine, adding up to the whole', async () => {
    let split = 0;
    for (const seed of [61, 62, 63]) {
      const events = randomEvents({ seed, people: 70, perPerson: [1, 25], tieRate: 0.1, spanMs: 60 * DAY });
      await engines.load(events);
      const r = rng(seed);
      for (let i = 0; i < 4; i++) {
        const def = retentionSchema.parse({
          start: r.chance(0.5) ? { event: RANDOM_EVENTS[0] } : {},
          return: {},
          period: r.pick(['day', 'week'] as const),
          periods: 6,
          mode: r.pick(['on', 'on_or_after'] as const),
          startMode: r.pick(['first_time', 'any'] as const),
          breakdown: { segment: 'random', rule: randomRule(r), asOf: new Date(START + r.int(10, 50) * DAY).toISOString() },
          ...(r.chance(0.4) ? { segment: [{ property: 'plan', op: 'neq', value: 'free' }] } : {}),
        });
        const expected = retention(events, def);
        const label = `seed ${seed} #${i}: ${JSON.stringify(def.breakdown)}`;
        for (const [name, wh] of engines.all) assert.deepEqual(await runRetention(wh, def), expected, `${name} ${label}`);
        const groups = expected.breakdown!;
        assert.deepEqual(groups.map((g) => g.value), ['in', 'not in'], label);
        const whole = sizes(expected.cohorts);
        const sum = new Map<string, number>();
        for (const g of groups) for (const c of g.cohorts) sum.set(c.cohort, (sum.get(c.cohort) ?? 0) + c.size);
        assert.deepEqual(sum, whole, `group sizes add up to the whole: ${label}`);
        for (let k = 1; k <= def.periods; k++) assert.equal(groups[0]!.average[k]!.count + groups[1]!.average[k]!.count, expected.average[k]!.count, `period ${k}: ${label}`);
        if (groups.every((g) => g.cohorts.length > 0)) split++;
      }
    }
    assert.ok(split >= 4, `too few breakdowns had both groups (${split})`);
  });

  test('a saved key must be resolved first; no breakdown, no groups', () => {
    assert.throws(() => retention([], retentionSchema.parse({ breakdown: { segment: 'vip' } })), /resolve it first/);
    assert.equal(retention([], retentionSchema.parse({})).breakdown, undefined);
  });
});
