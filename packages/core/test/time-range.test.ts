import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  change,
  funnelChange,
  funnelSchema,
  offsetAt,
  previousRange,
  projectConfigSchema,
  RANGED_ANALYSES,
  demoStartEndingToday,
  demoWindow,
  rangeSpecSchema,
  resolveRange,
  wallToInstant,
  type FunnelResult,
  type RangeClock,
  type RangeSpec,
} from '../src/index.js';

const at = (iso: string, timeZone: string): RangeClock => ({ timeZone, now: Date.parse(iso) });

/** Resolve a written range and return [from, to] (ISO), failing the test on an issue. */
function bounds(spec: RangeSpec, clock: RangeClock): [string | null, string | null] {
  const r = resolveRange(rangeSpecSchema.parse(spec), clock);
  assert.ok(r.ok, JSON.stringify(r));
  return [r.value.from, r.value.to];
}

function previous(spec: RangeSpec, clock: RangeClock): [string | null, string | null] {
  const r = resolveRange(rangeSpecSchema.parse(spec), clock);
  assert.ok(r.ok);
  const p = previousRange(r.value, clock);
  assert.ok(p.ok, JSON.stringify(p));
  return [p.value.from, p.value.to];
}

// Every expected instant below is worked out by hand from the zone's rules (EU: clocks change at
// 01:00 UTC on the last Sunday of March/October; US: 2:00 local on the second Sunday of March and
// the first of November), not computed with the code under test.
describe('relative ranges in UTC (now Wednesday 2026-12-02 18:30Z)', () => {
  const utc = at('2026-12-02T18:30:00Z', 'UTC');
  test('last N days are the N calendar days ending with today, today included', () => {
    assert.deepEqual(bounds({ last: '30d' }, utc), ['2026-11-03T00:00:00.000Z', '2026-12-03T00:00:00.000Z']);
    assert.deepEqual(bounds({ last: '1d' }, utc), ['2026-12-02T00:00:00.000Z', '2026-12-03T00:00:00.000Z']);
    assert.deepEqual(bounds({ last: '1w' }, utc), ['2026-11-26T00:00:00.000Z', '2026-12-03T00:00:00.000Z']);
  });
  test('calendar periods (weeks start on Monday)', () => {
    assert.deepEqual(bounds({ period: 'today' }, utc), ['2026-12-02T00:00:00.000Z', '2026-12-03T00:00:00.000Z']);
    assert.deepEqual(bounds({ period: 'yesterday' }, utc), ['2026-12-01T00:00:00.000Z', '2026-12-02T00:00:00.000Z']);
    assert.deepEqual(bounds({ period: 'this_week' }, utc), ['2026-11-30T00:00:00.000Z', '2026-12-07T00:00:00.000Z']);
    assert.deepEqual(bounds({ period: 'last_week' }, utc), ['2026-11-23T00:00:00.000Z', '2026-11-30T00:00:00.000Z']);
    assert.deepEqual(bounds({ period: 'this_month' }, utc), ['2026-12-01T00:00:00.000Z', '2027-01-01T00:00:00.000Z']);
    assert.deepEqual(bounds({ period: 'last_month' }, utc), ['2026-11-01T00:00:00.000Z', '2026-12-01T00:00:00.000Z']);
    assert.deepEqual(bounds({ period: 'this_year' }, utc), ['2026-01-01T00:00:00.000Z', '2027-01-01T00:00:00.000Z']);
    assert.deepEqual(bounds({ period: 'last_year' }, utc), ['2025-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z']);
  });
  test('the answer says what was asked, the zone, and whether the period is over', () => {
    const r = resolveRange({ last: '30d' }, utc);
    assert.ok(r.ok);
    assert.deepEqual(r.value, { from: '2026-11-03T00:00:00.000Z', to: '2026-12-03T00:00:00.000Z', timeZone: 'UTC', spec: { last: '30d' }, complete: false });
    const lm = resolveRange({ period: 'last_month' }, utc);
    assert.ok(lm.ok && lm.value.complete);
    const all = resolveRange(undefined, utc);
    assert.ok(all.ok);
    assert.deepEqual(all.value, { from: null, to: null, timeZone: 'UTC', spec: null, complete: false });
  });
  test('absolute dates keep their meaning (a date is 00:00 in the zone, UTC here)', () => {
    assert.deepEqual(bounds({ from: '2026-05-01', to: '2026-06-01' }, utc), ['2026-05-01T00:00:00.000Z', '2026-06-01T00:00:00.000Z']);
    assert.deepEqual(bounds({ from: '2026-05-01T10:00:00.000Z' }, utc), ['2026-05-01T10:00:00.000Z', null]);
  });
});

describe('Europe/Berlin across DST and month ends', () => {
  const nov10 = at('2026-11-10T12:00:00Z', 'Europe/Berlin');
  test('last month (October, 31 days and 1 hour: clocks went back on 25 October)', () => {
    assert.deepEqual(bounds({ period: 'last_month' }, nov10), ['2026-09-30T22:00:00.000Z', '2026-10-31T23:00:00.000Z']);
    assert.deepEqual(previous({ period: 'last_month' }, nov10), ['2026-08-31T22:00:00.000Z', '2026-09-30T22:00:00.000Z']);
  });
  test('last 30 days start at a CEST midnight and end at a CET midnight; the previous 30 days are whole local days too', () => {
    assert.deepEqual(bounds({ last: '30d' }, nov10), ['2026-10-11T22:00:00.000Z', '2026-11-10T23:00:00.000Z']);
    assert.deepEqual(previous({ last: '30d' }, nov10), ['2026-09-11T22:00:00.000Z', '2026-10-11T22:00:00.000Z']);
  });
  test('just after local midnight on 1 December it is December in Berlin, still November in UTC', () => {
    const c = at('2026-11-30T23:30:00Z', 'Europe/Berlin');
    assert.deepEqual(bounds({ period: 'this_month' }, c), ['2026-11-30T23:00:00.000Z', '2026-12-31T23:00:00.000Z']);
    assert.deepEqual(bounds({ period: 'today' }, c), ['2026-11-30T23:00:00.000Z', '2026-12-01T23:00:00.000Z']);
    assert.deepEqual(bounds({ period: 'this_month' }, at('2026-11-30T23:30:00Z', 'UTC')), ['2026-11-01T00:00:00.000Z', '2026-12-01T00:00:00.000Z']);
  });
  test('absolute local dates: the 23-hour day of 29 March; its previous period is 23 hours long', () => {
    assert.deepEqual(bounds({ from: '2026-03-29', to: '2026-03-30' }, nov10), ['2026-03-28T23:00:00.000Z', '2026-03-29T22:00:00.000Z']);
    assert.deepEqual(previous({ from: '2026-03-29', to: '2026-03-30' }, nov10), ['2026-03-28T00:00:00.000Z', '2026-03-28T23:00:00.000Z']);
  });
  test('a skipped wall time moves forward by the gap; a repeated one is its first instant; an offset wins', () => {
    assert.deepEqual(bounds({ from: '2026-03-29T02:30' }, nov10), ['2026-03-29T01:30:00.000Z', null]);
    assert.deepEqual(bounds({ from: '2026-10-25T02:30' }, nov10), ['2026-10-25T00:30:00.000Z', null]);
    assert.deepEqual(bounds({ from: '2026-10-25T02:30+01:00' }, nov10), ['2026-10-25T01:30:00.000Z', null]);
    assert.equal(wallToInstant(Date.UTC(2026, 6, 1, 12), 'Europe/Berlin'), Date.UTC(2026, 6, 1, 10));
    assert.equal(offsetAt(Date.UTC(2026, 0, 15), 'Europe/Berlin'), 3_600_000);
  });
});

describe('America/New_York across DST and the year end', () => {
  const mar10 = at('2026-03-10T15:00:00Z', 'America/New_York');
  test('last 7 days span the 8 March change (EST start, EDT end)', () => {
    assert.deepEqual(bounds({ last: '7d' }, mar10), ['2026-03-04T05:00:00.000Z', '2026-03-11T04:00:00.000Z']);
    assert.deepEqual(previous({ last: '7d' }, mar10), ['2026-02-25T05:00:00.000Z', '2026-03-04T05:00:00.000Z']);
  });
  test('this week and last week around the change', () => {
    assert.deepEqual(bounds({ period: 'this_week' }, mar10), ['2026-03-09T04:00:00.000Z', '2026-03-16T04:00:00.000Z']);
    assert.deepEqual(bounds({ period: 'last_week' }, mar10), ['2026-03-02T05:00:00.000Z', '2026-03-09T04:00:00.000Z']);
    assert.deepEqual(previous({ period: 'this_week' }, mar10), ['2026-03-02T05:00:00.000Z', '2026-03-09T04:00:00.000Z']);
  });
  test('at 22:00 on 31 December local it is still 2025 (UTC is already in 2026)', () => {
    const c = at('2026-01-01T03:00:00Z', 'America/New_York');
    assert.deepEqual(bounds({ period: 'this_year' }, c), ['2025-01-01T05:00:00.000Z', '2026-01-01T05:00:00.000Z']);
    assert.deepEqual(bounds({ period: 'today' }, c), ['2025-12-31T05:00:00.000Z', '2026-01-01T05:00:00.000Z']);
    assert.deepEqual(previous({ period: 'this_year' }, c), ['2024-01-01T05:00:00.000Z', '2025-01-01T05:00:00.000Z']);
  });
  test('last month on 31 March is February; the month before it is January', () => {
    const c = at('2026-03-31T12:00:00Z', 'America/New_York');
    assert.deepEqual(bounds({ period: 'last_month' }, c), ['2026-02-01T05:00:00.000Z', '2026-03-01T05:00:00.000Z']);
    assert.deepEqual(previous({ period: 'last_month' }, c), ['2026-01-01T05:00:00.000Z', '2026-02-01T05:00:00.000Z']);
  });
});

describe('validation names the field', () => {
  const bad: Array<[unknown, string]> = [
    [{ last: '0d' }, 'last'],
    [{ last: '30x' }, 'last'],
    [{ last: '3661d' }, 'last'],
    [{ last: '523w' }, 'last'],
    [{ period: 'next_month' }, 'period'],
    [{ from: '2026-02-30' }, 'from'],
    [{ to: '2026-11-01T25:00' }, 'to'],
    [{ from: 'yesterday' }, 'from'],
    [{ last: '30d', from: '2026-01-01' }, 'last'],
    [{ last: '30d', period: 'today' }, 'last'],
    [{ since: '2026-01-01' }, ''],
  ];
  for (const [spec, field] of bad) {
    test(JSON.stringify(spec), () => {
      const r = rangeSpecSchema.safeParse(spec);
      assert.ok(!r.success);
      assert.equal(r.error.issues[0]!.path.join('.'), field);
    });
  }
  test('"to" before "from" is found once the zone is known', () => {
    const r = resolveRange({ from: '2026-11-02', to: '2026-11-01' }, at('2026-12-02T00:00:00Z', 'UTC'));
    assert.ok(!r.ok);
    assert.deepEqual(r.error.path, ['to']);
  });
  test('the project time zone is an IANA name, UTC by default', () => {
    assert.equal(projectConfigSchema.parse({}).timeZone, 'UTC');
    assert.equal(projectConfigSchema.parse({ timeZone: 'Asia/Shanghai' }).timeZone, 'Asia/Shanghai');
    const r = projectConfigSchema.safeParse({ timeZone: 'Mars/Olympus' });
    assert.ok(!r.success);
    assert.deepEqual(r.error.issues[0]!.path, ['timeZone']);
  });
});

describe('a ranged definition', () => {
  const clock = at('2026-12-02T18:30:00Z', 'Europe/Berlin');
  const steps = [{ event: 'A' }, { event: 'B' }];
  test('resolves to the engines\' absolute range and, with compare, the previous period', () => {
    const r = RANGED_ANALYSES.funnel.parse({ steps, range: { last: '7d' }, compare: 'previous_period' }, clock);
    assert.ok(r.success, JSON.stringify(r));
    assert.deepEqual(r.data.definition.range, { from: '2026-11-25T23:00:00.000Z', to: '2026-12-02T23:00:00.000Z' });
    assert.deepEqual(r.data.previous?.definition.range, { from: '2026-11-18T23:00:00.000Z', to: '2026-11-25T23:00:00.000Z' });
    assert.equal('compare' in r.data.definition, false);
    // The engines' schema takes the resolved definition as it is.
    assert.deepEqual(funnelSchema.parse(r.data.definition), r.data.definition);
    assert.deepEqual(r.data.definition.steps, steps);
  });
  test('no range is all time; compare then has no previous period (400 on compare)', () => {
    const r = RANGED_ANALYSES.funnel.parse({ steps }, clock);
    assert.ok(r.success);
    assert.equal(r.data.definition.range, undefined);
    assert.equal(r.data.range.from, null);
    const c = RANGED_ANALYSES.funnel.parse({ steps, compare: 'previous_period' }, clock);
    assert.ok(!c.success);
    assert.deepEqual(c.error.issues[0]!.path, ['compare']);
  });
  test('errors keep their path: the range, the schema\'s own refinements, compare where it is not offered', () => {
    const a = RANGED_ANALYSES.funnel.parse({ steps, range: { last: 'soon' } }, clock);
    assert.ok(!a.success);
    assert.deepEqual(a.error.issues[0]!.path, ['range', 'last']);
    const b = RANGED_ANALYSES.funnel.parse({ steps, stepNames: ['x'], range: { last: '7d' } }, clock);
    assert.ok(!b.success);
    assert.deepEqual(b.error.issues[0]!.path, ['stepNames']);
    const c = RANGED_ANALYSES.paths.parse({ compare: 'previous_period' }, clock);
    assert.ok(!c.success);
    const d = RANGED_ANALYSES.funnel.parse({ steps, compare: 'last_year' }, clock);
    assert.ok(!d.success);
    assert.deepEqual(d.error.issues[0]!.path, ['compare']);
  });
  test('the journey map\'s range field is `period`', () => {
    const r = RANGED_ANALYSES.journeyMap.parse({ period: { period: 'last_month' } }, clock);
    assert.ok(r.success);
    assert.deepEqual(r.data.definition.period, { from: '2026-10-31T23:00:00.000Z', to: '2026-11-30T23:00:00.000Z' });
  });
});

describe('change', () => {
  test('absolute and relative, null where undefined', () => {
    assert.deepEqual(change(12, 10), { current: 12, previous: 10, absolute: 2, relative: 0.2 });
    assert.deepEqual(change(5, 0), { current: 5, previous: 0, absolute: 5, relative: null });
    assert.deepEqual(change(0, 4), { current: 0, previous: 4, absolute: -4, relative: -1 });
    assert.deepEqual(change(null, 0.3), { current: null, previous: 0.3, absolute: null, relative: null });
    assert.deepEqual(change(0.5, null), { current: 0.5, previous: null, absolute: null, relative: null });
    assert.deepEqual(change(-10, -20), { current: -10, previous: -20, absolute: 10, relative: 0.5 });
  });
  test('a funnel\'s steps and breakdown values (a value new in this period counts 0 before)', () => {
    const step = (index: number, count: number, first: number | null, prev: number | null) => ({ index, name: `s${index}`, count, conversionFromFirst: first, conversionFromPrevious: prev, dropOff: 0, avgTimeFromPreviousMs: null, medianTimeFromPreviousMs: null, p90TimeFromPreviousMs: null });
    const base: Omit<FunnelResult, 'steps'> = { order: 'sequential', countBy: 'person', windowMs: 1, timeToConvert: { avgMs: null, medianMs: null, p90Ms: null, histogram: [] }, overTime: [], observedUntil: null };
    const cur: FunnelResult = { ...base, steps: [step(1, 10, 1, null), step(2, 4, 0.4, 0.4)], breakdown: [{ value: 'new', steps: [step(1, 3, 1, null), step(2, 1, 1 / 3, 1 / 3)], timeToConvert: { avgMs: null, medianMs: null, p90Ms: null } }] };
    const prev: FunnelResult = { ...base, steps: [step(1, 8, 1, null), step(2, 4, 0.5, 0.5)], breakdown: [] };
    const c = funnelChange(cur, prev);
    assert.deepEqual(c.steps[0]!.count, { current: 10, previous: 8, absolute: 2, relative: 0.25 });
    assert.deepEqual(c.steps[0]!.conversionFromPrevious, { current: null, previous: null, absolute: null, relative: null });
    assert.equal(c.steps[1]!.count.absolute, 0);
    assert.ok(Math.abs(c.steps[1]!.conversionFromFirst.absolute! + 0.1) < 1e-12);
    assert.ok(Math.abs(c.steps[1]!.conversionFromFirst.relative! + 0.2) < 1e-12);
    assert.deepEqual(c.breakdown![0]!.steps[0]!.count, { current: 3, previous: 0, absolute: 3, relative: null });
    assert.equal(c.breakdown![0]!.steps[1]!.conversionFromFirst.previous, null);
  });
});

describe('the product demo window ends today', () => {
  test('180 days before today 00:00 UTC (hand count: 5 June + 180 days = 2 December)', () => {
    assert.equal(demoStartEndingToday(Date.parse('2026-12-02T18:30:00Z')), '2026-06-05T00:00:00.000Z');
    assert.equal(demoStartEndingToday(Date.parse('2026-12-02T00:00:00Z')), '2026-06-05T00:00:00.000Z');
    const w = demoWindow({ events: 1, seed: 1, start: demoStartEndingToday(Date.parse('2026-12-02T18:30:00Z')) });
    assert.equal(new Date(w.endMs).toISOString(), '2026-12-02T00:00:00.000Z');
  });
});
