import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { serviceConfigSchema, type AnalyticsEvent } from '@trailmap/core';
import { Params, serviceSignals } from '../src/index.js';
import { openEngines, type Engines } from './support/engines.js';

// The proactive-service scan's SQL on a hand fixture: DuckDB and ClickHouse (chdb) read the same
// signals, and they are the ones worked out by hand (the window by event time and by arrival,
// contacts reaching back a trigger window, the latest scoring run only, lifecycle candidates).
let engines: Engines;
before(async () => {
  engines = await openEngines();
});
after(() => engines.close());

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 11, 6, 12);
const cfg = serviceConfigSchema.parse({});
let n = 0;
const ev = (personId: string, event: string, daysAgo: number, properties: Record<string, unknown> = {}): AnalyticsEvent => ({
  messageId: `m${++n}`, personId, timestamp: NOW - daysAgo * DAY, type: 'track', event, name: null, touchpoint: event, channel: 'web', touchpointType: 'digital', stage: 'interest', properties, traits: {}, context: {},
});

test('service signals: the same on DuckDB and ClickHouse, and as worked out by hand', async () => {
  await engines.load([
    ev('ana', 'Feedback Submitted', 1, { text: '太差了', touchpoint: 'Order Delivered' }),
    ev('ana', 'Feedback Submitted', 2, { text: '' }), // no text: no signal
    ev('bo', 'Feedback Submitted', 10, { text: 'old, outside the window' }),
    ev('bo', 'Payment Failed', 1, { order_id: 'o-1', total: '12.5' }),
    ev('cy', 'Support Call', 22), ev('cy', 'Support Call', 12), ev('cy', 'Support Chat Started', 3),
    ev('dee', 'Support Call', 30), // no new contact: not read
    ev('eve', 'Order Completed', 400), ev('eve', 'Order Completed', 200),
    ev('fay', 'Order Completed', 100), ev('fay', 'Order Completed', 62),
    ev('gus', 'Order Completed', 30), ev('gus', 'Order Completed', 10),
    ev('hi', 'Order Completed', 90), ev('hi2', 'Order Completed', 95), ev('visitor', 'Page Viewed', 3),
  ]);
  const w = { receivedSince: NOW - 7 * DAY, from: NOW - 7 * DAY, now: NOW };
  const [, churnRun] = [NOW - 2 * DAY, NOW - DAY];
  for (const [, wh] of engines.all) {
    const d = wh.dialect;
    await wh.exec('TRUNCATE TABLE person_scores');
    await wh.exec('TRUNCATE TABLE person_score_runs');
    for (const [at, person, risk] of [[NOW - 2 * DAY, 'old-run', 0.99], [churnRun, 'hi', 0.85], [churnRun, 'hi2', 0.9], [churnRun, 'visitor', 0.95], [churnRun, 'lo', 0.2]] as const) {
      const p = new Params(d);
      await wh.exec(`INSERT INTO person_scores (scored_at, person_id, score, num, text, detail) VALUES (${d.fromEpochMs(p.add(at))}, ${p.add(person)}, ${p.add('churnRisk')}, CAST(${p.add(risk)} AS DOUBLE), NULL, ${p.add('[{"feature":"recency"}]')})`, p.values);
    }
    for (const at of [NOW - 2 * DAY, churnRun]) {
      const p = new Params(d);
      await wh.exec(`INSERT INTO person_score_runs (scored_at, completed_at, people, summary) VALUES (${d.fromEpochMs(p.add(at))}, ${d.fromEpochMs(p.add(at + 1000))}, ${p.add(0)}, ${p.add('{}')})`, p.values);
    }
  }
  const results = [];
  for (const [name, wh] of engines.all) {
    const s = await serviceSignals(wh, cfg, w);
    results.push([name, s] as const);
    assert.deepEqual(s.feedback.map((f) => [f.personId, f.text, f.topic]), [['ana', '太差了', 'Order Delivered']], name);
    assert.deepEqual(s.failedPayments.map((f) => [f.personId, f.orderId, f.amount, f.event]), [['bo', 'o-1', 12.5, 'Payment Failed']], name);
    assert.deepEqual(s.contacts.map((c) => [c.personId, c.contacts.map((x) => x.event)]), [['cy', ['Support Call', 'Support Chat Started']]], `${name}: contacts back to from − 14 days (day 12, not day 22)`);
    assert.deepEqual(s.churn.map((c) => [c.personId, c.risk, c.scoredAt, c.reasons]), [['hi2', 0.9, churnRun, [{ feature: 'recency' }]], ['hi', 0.85, churnRun, [{ feature: 'recency' }]]], `${name}: the latest run, at or above the threshold, customers only, highest first`);
    const top1 = await serviceSignals(wh, serviceConfigSchema.parse({ churnRisk: { top: 1 } }), w);
    assert.deepEqual(top1.churn.map((c) => c.personId), ['hi2'], `${name}: top`);
    const everyone = await serviceSignals(wh, serviceConfigSchema.parse({ churnRisk: { customersOnly: false } }), w);
    assert.deepEqual(everyone.churn.map((c) => c.personId), ['visitor', 'hi2', 'hi'], `${name}: with visitors`);
    assert.deepEqual(s.orders.map((o) => [o.personId, o.orders]).sort(), [['eve', 2], ['fay', 2]], `${name}: a first order a year ago (eve), a repeat customer lapsing now (fay), not gus`);
    assert.equal(s.orders.find((o) => o.personId === 'fay')!.lastAt, NOW - 62 * DAY);
  }
  assert.deepEqual(results[0]![1], results[1]![1], 'DuckDB and ClickHouse agree');
  // Arrival before the cursor: nothing new to read.
  const later = await serviceSignals(engines.duckdb, cfg, { ...w, receivedSince: NOW });
  assert.deepEqual([later.feedback, later.failedPayments, later.contacts], [[], [], []]);
});
