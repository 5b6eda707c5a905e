import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  lifecycle,
  lifecycleSchema,
  retention,
  retentionSchema,
  stickiness,
  stickinessSchema,
  type AnalyticsEvent,
  type RetentionInput,
} from '@trailmap/core';
import { periodIndexSql, runLifecycle, runRetention, runStickiness } from '../src/index.js';
import { openEngines, type Engines } from './support/engines.js';
import { randomEvents, rng } from './support/random-events.js';

let engines: Engines;
before(async () => {
  engines = await openEngines();
});
after(() => engines.close());

/**
 * Random events over ~4 months with a "Signed Up" start event for most people, and occasional
 * absences of 1–5 weeks (so people go dormant and resurrect).
 */
function retentionEvents(seed: number): AnalyticsEvent[] {
  const r = rng(seed + 1000);
  const evs = randomEvents({ seed, people: 120, perPerson: [1, 30], spanMs: 100 * 86_400_000, tieRate: 0.05 });
  const firsts = new Set<string>();
  const shift = new Map<string, number>();
  return evs.map((raw) => {
    if (r.chance(0.06)) shift.set(raw.personId, (shift.get(raw.personId) ?? 0) + r.int(7, 35) * 86_400_000);
    const e = { ...raw, timestamp: raw.timestamp + (shift.get(raw.personId) ?? 0) };
    if (e.type === 'track' && (!firsts.has(e.personId) ? r.chance(0.8) : r.chance(0.05))) {
      firsts.add(e.personId);
      return { ...e, event: 'Signed Up' };
    }
    firsts.add(e.personId);
    return e;
  });
}

const events = retentionEvents(21);

const RETENTION: RetentionInput[] = [];
for (const period of ['day', 'week', 'month'] as const)
  for (const mode of ['on', 'on_or_after'] as const)
    for (const startMode of ['first_time', 'any'] as const)
      RETENTION.push({ start: { event: 'Signed Up' }, return: { event: ['Order Completed', 'Product Viewed'] }, period, mode, startMode, periods: period === 'day' ? 20 : 6 });
RETENTION.push(
  { period: 'week', periods: 12 },
  { start: { event: 'Signed Up' }, return: { channel: 'email' }, range: { from: '2025-02-01T00:00:00Z', to: '2025-04-01T00:00:00Z' }, mode: 'on_or_after' },
  { start: { event: 'Signed Up' }, startMode: 'any', return: { where: [{ property: 'revenue', op: 'gt', value: 50 }] }, range: { from: '2025-01-20T12:00:00Z' }, segment: [{ property: 'plan', op: 'eq', value: 'gold' }] },
);

describe('retention, lifecycle, stickiness: TS reference = DuckDB = ClickHouse', () => {
  test('period indexes agree with core on both engines (day, ISO week, month)', async () => {
    await engines.load(events);
    const { periodIndex } = await import('@trailmap/core');
    for (const unit of ['day', 'week', 'month'] as const) {
      const expected = new Map(events.map((e) => [e.messageId, periodIndex(unit, e.timestamp)]));
      for (const [name, wh] of engines.all) {
        const rows = await wh.query<{ message_id: string; i: unknown }>(`SELECT message_id, ${periodIndexSql(wh.dialect, unit)} AS i FROM events`);
        for (const r of rows) assert.equal(Number(r.i), expected.get(r.message_id), `${name} ${unit} ${r.message_id}`);
      }
    }
  });

  test('cohort retention grids are identical', async () => {
    await engines.load(events);
    for (const input of RETENTION) {
      const def = retentionSchema.parse(input);
      const expected = retention(events, def);
      assert.ok(expected.cohorts.length > 1 && expected.average[1]!.count > 0, `fixture should retain someone: ${JSON.stringify(input)}`);
      for (const [name, wh] of engines.all) assert.deepEqual(await runRetention(wh, def), expected, `${name}: ${JSON.stringify(input)}`);
    }
  });

  test('lifecycle rows are identical', async () => {
    await engines.load(events);
    const defs = [
      { period: 'day' },
      { period: 'week' },
      { period: 'month', event: { event: 'Order Completed' } },
      { period: 'week', range: { from: '2025-02-03T00:00:00Z', to: '2025-04-15T00:00:00Z' }, segment: [{ property: 'plan', op: 'neq', value: 'free' }] },
    ];
    for (const input of defs) {
      const def = lifecycleSchema.parse(input);
      const expected = lifecycle(events, def);
      assert.ok(expected.rows.some((r) => r.resurrecting > 0) && expected.rows.some((r) => r.dormant < 0 && r.returning > 0), `fixture should have all statuses: ${JSON.stringify(input)}`);
      for (const [name, wh] of engines.all) assert.deepEqual(await runLifecycle(wh, def), expected, `${name}: ${JSON.stringify(input)}`);
    }
  });

  test('stickiness is identical', async () => {
    await engines.load(events);
    const defs = [{ period: 'week' }, { period: 'month', event: { channel: ['web', 'app'] } }, { period: 'week', range: { from: '2025-02-05T00:00:00Z', to: '2025-03-01T00:00:00Z' } }];
    for (const input of defs) {
      const def = stickinessSchema.parse(input);
      const expected = stickiness(events, def);
      assert.ok(expected.distribution[1]!.people > 0, 'someone is active on two days of a period');
      for (const [name, wh] of engines.all) assert.deepEqual(await runStickiness(wh, def), expected, `${name}: ${JSON.stringify(input)}`);
    }
  });

  test('empty data gives empty results, not errors', async () => {
    await engines.load([]);
    for (const [name, wh] of engines.all) {
      assert.deepEqual((await runRetention(wh, retentionSchema.parse({}))).cohorts, [], name);
      assert.deepEqual((await runLifecycle(wh, lifecycleSchema.parse({}))).rows, [], name);
      assert.deepEqual((await runStickiness(wh, stickinessSchema.parse({}))).series, [], name);
    }
  });
});
