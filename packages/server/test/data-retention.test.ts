import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { auditQuerySchema, normalizeMessage, retentionConfigSchema } from '@trailmap/core';
import { listAudit, openMemoryState, type StateStore } from '@trailmap/state';
import type { EventStore } from '@trailmap/warehouse';
import { openTestStore } from '@trailmap/warehouse/testing';
import { RetentionRunner } from '../src/retention/retention-runner.js';

// Retention rules on the engine under test (DuckDB, and chdb with --engines chdb): each rule's
// old events, old quarantine rows and old audit lines go; the counts equal a hand count; the run
// is recorded in the audit log; a second run deletes nothing more.
// Relative to the real clock: quarantine rows get the real received_at.
const NOW = Date.now();
const DAY = 86_400_000;
let dir: string;
let store: EventStore;
let state: StateStore;

/** [event, source, age in days] — 2 of each age per event so counts are not all ones. */
const EVENTS: Array<[string, string, number]> = [];
for (const [event, source] of [['Page Viewed', 'web'], ['Page Viewed', 'app'], ['Order Completed', 'web'], ['Order Completed', 'legacy']] as const) {
  for (const age of [5, 40, 100, 400]) EVENTS.push([event, source, age], [event, source, age + 0.5]);
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'trailmap-retention-'));
  store = await openTestStore(dir);
  state = await openMemoryState();
  const events = EVENTS.map(([event, source, age], i) => {
    const r = normalizeMessage({ type: 'track', event, userId: `u${i % 5}`, messageId: `ret-${i}`, timestamp: new Date(NOW - age * DAY).toISOString() }, { receivedAt: NOW - age * DAY, source });
    assert.ok(r.ok);
    return r.value;
  });
  await store.ingestBatch(events, [
    { source: 'web', code: 'invalid_field', reason: 'a test row', raw: '{"x":1}' },
    { source: 'web', code: 'invalid_field', reason: 'another test row', raw: '{"x":2}' },
  ]);
  await state.exec(`INSERT INTO audit_log (at, actor, action, outcome) VALUES ($1, 'cli', 'old.line', 'ok'), ($2, 'cli', 'recent.line', 'ok')`, [new Date(NOW - 800 * DAY).toISOString(), new Date(NOW - 10 * DAY).toISOString()]);
});
after(async () => {
  await store.close();
  await state.close();
  rmSync(dir, { recursive: true, force: true });
});

const remaining = async () => {
  // Every stored event (not the analyses' consent-scoped view).
  await store.flush();
  return store.db.query<{ event: string; source: string; n: number }>(`SELECT event, source, CAST(count(*) AS INTEGER) AS n FROM events GROUP BY event, source ORDER BY event, source`);
};

test('each rule deletes its events older than its cut-off, quarantine and audit by theirs; counts by hand; recorded; idempotent', { timeout: 180_000 }, async () => {
  const config = retentionConfigSchema.parse({
    events: [
      // Ages as the runner sees them (its clock is 20 days ahead): 25, 25.5, 60, 60.5, 120, 120.5, 420, 420.5.
      { event: 'Page Viewed', days: 30 }, // web and app, 60 and older: 12
      { source: 'legacy', days: 90 }, // Order Completed/legacy of 120 and older: 4
      { event: 'Order Completed', source: 'web', days: 365 }, // 420, 420.5: 2
      { event: 'Page Viewed', source: 'web', days: 60 }, // overlaps the first rule: what it left is 25 days old, so 0
    ],
    // Quarantine rows were received now; the runner's clock is 20 days on.
    quarantineDays: 10,
    auditDays: 365,
  });
  const runner = new RetentionRunner(store, state, config, () => NOW + 20 * DAY);
  // The rule cut-offs are from the runner's clock: move the expected ages by its 20 days too.
  const expectGone = (pred: (e: string, s: string, age: number) => boolean) => EVENTS.filter(([e, s, a]) => pred(e, s, a + 20)).length;
  const pv = expectGone((e, _s, a) => e === 'Page Viewed' && a > 30);
  const legacy = expectGone((_e, s, a) => s === 'legacy' && a > 90);
  const ocWeb = expectGone((e, s, a) => e === 'Order Completed' && s === 'web' && a > 365);
  assert.deepEqual([pv, legacy, ocWeb], [12, 4, 2], 'the hand count');

  const r = await runner.run('cli');
  assert.deepEqual(r.events.map((e) => e.deleted), [pv, legacy, ocWeb, 0]);
  assert.equal(r.events[0]!.before, new Date(NOW - 10 * DAY).toISOString());
  assert.deepEqual(r.quarantine, { before: new Date(NOW + 10 * DAY).toISOString(), deleted: 2 });
  assert.equal(r.audit!.deleted, 1, 'the 800-day-old audit line');
  assert.deepEqual(r.compaction, []);
  assert.deepEqual(await remaining(), [
    { event: 'Order Completed', source: 'legacy', n: 4 },
    { event: 'Order Completed', source: 'web', n: 6 },
    { event: 'Page Viewed', source: 'app', n: 2 },
    { event: 'Page Viewed', source: 'web', n: 2 },
  ]);
  assert.equal((await store.quarantine()).total, 0);

  const log = await listAudit(state, auditQuerySchema.parse({}));
  assert.deepEqual(log.entries.map((e) => e.action), ['retention.run', 'audit.retention', 'recent.line']);
  assert.deepEqual(log.entries[0]!.detail, { ...r });
  assert.deepEqual((await runner.describe()).lastRun, r);

  const again = await runner.run('cli');
  assert.deepEqual(again.events.map((e) => e.deleted), [0, 0, 0, 0]);
  assert.equal(again.quarantine!.deleted, 0);
  assert.equal(again.audit!.deleted, 0);
  await runner.close();
});

test('no rules: nothing is deleted, the run is still recorded', async () => {
  const runner = new RetentionRunner(store, state, retentionConfigSchema.parse({}), () => NOW);
  const before = await remaining();
  const r = await runner.run('server');
  assert.deepEqual({ ...r, ranAt: '' }, { ranAt: '', events: [], quarantine: null, audit: null, compaction: [] });
  assert.deepEqual(await remaining(), before);
  await runner.close();
});
