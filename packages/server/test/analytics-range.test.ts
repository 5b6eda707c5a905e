import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FunnelAnswer, JourneyMapAnswer, MetricsAnswer } from '@trailmap/core';
import { basic, KEYS, post, startTestServer } from './support/test-server.js';

const read = `Bearer ${KEYS.readKey}`;
const NOW = Date.parse('2026-11-10T12:00:00Z'); // a Tuesday; Berlin is on CET (+1) since 25 October

/**
 * Hand-computed: in Europe/Berlin at NOW, `last: "7d"` is 4–10 November local, i.e.
 * [2026-11-03T23:00Z, 2026-11-10T23:00Z); its previous period is 28 October – 3 November local,
 * [2026-10-27T23:00Z, 2026-11-03T23:00Z). Events sit on both sides of each local midnight.
 */
const CURRENT = { from: '2026-11-03T23:00:00.000Z', to: '2026-11-10T23:00:00.000Z' };
const PREVIOUS = { from: '2026-10-27T23:00:00.000Z', to: '2026-11-03T23:00:00.000Z' };
const steps = [{ event: 'Product Viewed' }, { event: 'Order Completed' }];

describe('analysis ranges and compare with the previous period (Europe/Berlin, fixed clock)', () => {
  let srv: Awaited<ReturnType<typeof startTestServer>>;
  before(async () => {
    srv = await startTestServer({ timeZone: 'Europe/Berlin', now: () => NOW });
    const batch: Array<Record<string, unknown>> = [];
    let n = 0;
    const track = (userId: string, event: string, iso: string) => batch.push({ type: 'track', event, userId, messageId: `r-${n++}`, timestamp: iso });
    // Current period: c1..c4 view, c1 and c2 order; e1 views at 00:30 local on 4 November (3 November in UTC).
    for (const p of ['c1', 'c2', 'c3', 'c4']) track(p, 'Product Viewed', '2026-11-05T10:00:00Z');
    for (const p of ['c1', 'c2']) track(p, 'Order Completed', '2026-11-05T10:05:00Z');
    track('e1', 'Product Viewed', '2026-11-03T23:30:00Z');
    // Previous period: p1..p4 view, p1..p3 order; e2 views at 23:30 local on 3 November.
    for (const p of ['p1', 'p2', 'p3', 'p4']) track(p, 'Product Viewed', '2026-10-30T10:00:00Z');
    for (const p of ['p1', 'p2', 'p3']) track(p, 'Order Completed', '2026-10-30T10:05:00Z');
    track('e2', 'Product Viewed', '2026-11-03T22:30:00Z');
    // Outside both: 23:30 local on 27 October, 00:30 local on 11 November.
    track('o1', 'Product Viewed', '2026-10-27T22:30:00Z');
    track('o2', 'Product Viewed', '2026-11-10T23:30:00Z');
    const r = await post(srv.url, '/v1/batch', { batch }, basic(KEYS.writeKey));
    assert.equal(r.status, 200, JSON.stringify(r.body));
  });
  after(async () => srv.close());

  test('a relative range resolves in the project time zone and the answer says the absolute range', async () => {
    const r = await post(srv.url, '/v1/analytics/funnel', { steps, range: { last: '7d' } }, read);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    const a = r.body as FunnelAnswer;
    assert.deepEqual(a.range, { ...CURRENT, timeZone: 'Europe/Berlin', spec: { last: '7d' }, complete: false });
    assert.deepEqual(a.steps.map((s) => s.count), [5, 2]);
    assert.equal(a.previous, undefined);
    // The same days written as local dates give the same answer.
    const abs = await post(srv.url, '/v1/analytics/funnel', { steps, range: { from: '2026-11-04', to: '2026-11-11' } }, read);
    assert.deepEqual(abs.body.range.from, CURRENT.from);
    assert.deepEqual(abs.body.range.to, CURRENT.to);
    assert.deepEqual(abs.body.steps.map((s: { count: number }) => s.count), [5, 2]);
    // No range: all time, every event.
    const all = await post(srv.url, '/v1/analytics/funnel', { steps }, read);
    assert.deepEqual(all.body.range, { from: null, to: null, timeZone: 'Europe/Berlin', spec: null, complete: false });
    assert.deepEqual(all.body.steps.map((s: { count: number }) => s.count), [12, 5]);
  });

  test('funnel compare: both periods and the change of each step', async () => {
    const r = await post(srv.url, '/v1/analytics/funnel', { steps, range: { last: '7d' }, compare: 'previous_period' }, read);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    const a = r.body as FunnelAnswer;
    assert.deepEqual(a.previous!.range, { ...PREVIOUS, timeZone: 'Europe/Berlin', spec: PREVIOUS, complete: true });
    assert.deepEqual(a.previous!.result.steps.map((s) => s.count), [5, 3]);
    assert.deepEqual(a.change!.steps[0]!.count, { current: 5, previous: 5, absolute: 0, relative: 0 });
    assert.deepEqual(a.change!.steps[1]!.count, { current: 2, previous: 3, absolute: -1, relative: -1 / 3 });
    const rate = a.change!.steps[1]!.conversionFromFirst;
    assert.equal(rate.current, 0.4);
    assert.equal(rate.previous, 0.6);
    assert.ok(Math.abs(rate.absolute! + 0.2) < 1e-12 && Math.abs(rate.relative! + 1 / 3) < 1e-12);
    assert.deepEqual(a.change!.steps[0]!.conversionFromPrevious, { current: null, previous: null, absolute: null, relative: null });
  });

  test('metrics compare: active people, converters and the conversion rate', async () => {
    const r = await post(srv.url, '/v1/analytics/metrics', { range: { last: '7d' }, compare: 'previous_period' }, read);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    const a = r.body as MetricsAnswer;
    assert.deepEqual(a.range.from, CURRENT.from);
    const all = a.change!.rows.find((x) => x.group === 'all')!;
    assert.deepEqual(all.activePeople, { current: 5, previous: 5, absolute: 0, relative: 0 });
    assert.deepEqual(all.converters, { current: 2, previous: 3, absolute: -1, relative: -1 / 3 });
    assert.equal(all.conversionRate.current, 0.4);
    assert.equal(all.conversionRate.previous, 0.6);
    assert.equal(a.previous!.result.rows.find((x) => x.group === 'all')!.converters, 3);
  });

  test('journey-map compare: the period field is resolved and each cell carries its change', async () => {
    const r = await post(srv.url, '/v1/analytics/journey-map', { period: { last: '7d' }, compare: 'previous_period' }, read);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    const a = r.body as JourneyMapAnswer;
    assert.deepEqual(a.period, CURRENT);
    assert.deepEqual(a.previous!.result.period, PREVIOUS);
    assert.deepEqual(a.change!.events, { current: a.totals.events, previous: a.previous!.result.totals.events, absolute: a.totals.events - a.previous!.result.totals.events, relative: a.previous!.result.totals.events ? (a.totals.events - a.previous!.result.totals.events) / a.previous!.result.totals.events : null });
    assert.equal(a.change!.cells.length, a.cells.length);
    for (const [i, c] of a.change!.cells.entries()) {
      assert.equal(c.people.current, a.cells[i]!.people);
      const before = a.previous!.result.cells.find((p) => p.stage === c.stage && p.channel === c.channel && p.touchpoint === c.touchpoint);
      assert.equal(c.people.previous, before?.people ?? 0);
    }
    // The viewed cell: 5 people now (c1..c4, e1), 5 before (p1..p4, e2).
    const viewed = a.change!.cells.filter((c) => c.people.current === 5);
    assert.ok(viewed.length >= 1, JSON.stringify(a.change!.cells));
    assert.ok(viewed.some((c) => c.people.previous === 5));
  });

  test('bad ranges are a 400 naming the field', async () => {
    const cases: Array<[string, unknown, string | undefined]> = [
      ['funnel', { steps, range: { last: '7 days' } }, 'range.last'],
      ['funnel', { steps, range: { period: 'next_month' } }, 'range.period'],
      ['funnel', { steps, range: { from: '2026-11-11', to: '2026-11-04' } }, 'range.to'],
      ['funnel', { steps, range: { last: '7d', from: '2026-11-01' } }, 'range.last'],
      ['funnel', { steps, compare: 'previous_period' }, 'compare'],
      ['funnel', { steps, range: { last: '7d' }, compare: 'yesterday' }, 'compare'],
      ['journey-map', { period: { lastt: '7d' } }, 'period'],
      ['paths', { range: { last: '7d' }, compare: 'previous_period' }, undefined],
    ];
    for (const [name, body, field] of cases) {
      const r = await post(srv.url, `/v1/analytics/${name}`, body, read);
      assert.equal(r.status, 400, `${name} ${JSON.stringify(body)}: ${JSON.stringify(r.body)}`);
      assert.equal(r.body.error.code, 'invalid_definition');
      assert.equal(r.body.error.field, field, JSON.stringify(r.body));
    }
  });

  test('the decide routes take written ranges too: attribution counts only the range\'s conversions', async () => {
    const r = await post(srv.url, '/v1/attribution', { model: 'last', by: 'event', range: { last: '7d' } }, read);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.deepEqual(r.body.range, { ...CURRENT, timeZone: 'Europe/Berlin', spec: { last: '7d' }, complete: false });
    const prev = await post(srv.url, '/v1/attribution', { model: 'last', by: 'event', range: { from: '2026-10-28', to: '2026-11-04' } }, read);
    assert.equal(prev.status, 200, JSON.stringify(prev.body));
    assert.deepEqual([prev.body.range.from, prev.body.range.to], [PREVIOUS.from, PREVIOUS.to]);
    const total = (b: { credits?: Array<{ credit: number }>; conversions?: number }) => b.conversions ?? (b.credits ?? []).reduce((x, c) => x + c.credit, 0);
    assert.equal(Math.round(total(r.body)), 2, JSON.stringify(r.body).slice(0, 400));
    assert.equal(Math.round(total(prev.body)), 3);
    const bad = await post(srv.url, '/v1/attribution', { model: 'last', range: { last: 'a week' } }, read);
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.field, 'range.last');
    const score = await post(srv.url, '/v1/touchpoints/score', { range: { period: 'last_month' } }, read);
    assert.equal(score.status, 200, JSON.stringify(score.body).slice(0, 300));
    assert.deepEqual([score.body.range.from, score.body.range.to], ['2026-09-30T22:00:00.000Z', '2026-10-31T23:00:00.000Z']);
  });

  test('every ranged analysis takes a relative range and says the range it used', async () => {
    for (const [name, body] of Object.entries({
      paths: { range: { period: 'this_month' } },
      retention: { range: { period: 'this_month' }, period: 'day', periods: 3 },
      lifecycle: { range: { period: 'this_month' }, period: 'day' },
      stickiness: { range: { period: 'this_month' } },
      experience: { period: { period: 'this_month' } },
    })) {
      const r = await post(srv.url, `/v1/analytics/${name}`, body, read);
      assert.equal(r.status, 200, `${name}: ${JSON.stringify(r.body).slice(0, 300)}`);
      assert.deepEqual([r.body.range.from, r.body.range.to], ['2026-10-31T23:00:00.000Z', '2026-11-30T23:00:00.000Z'], name);
    }
  });
});
