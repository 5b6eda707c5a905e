import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { conversionPathsSchema } from '@trailmap/core';
import { openTestStore } from '../src/testing/test-store.js';
import { loadDemo, runConversionPaths, runPersonScores, twinDataSchema, twinJourneys, type EventStore } from '../src/index.js';

// The twin split by a stored score (segmentScore) on the engine under test: each journey's
// segment is its person's score in the latest run, counted independently from person_scores.
let dir: string;
let store: EventStore;
before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'trailmap-twin-scores-'));
  store = await openTestStore(dir);
  await loadDemo(store, { events: 6000, seed: 7 });
});
after(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const def = (extra: Record<string, unknown>) => twinDataSchema.parse({ conversion: { event: 'Order Completed' }, ...extra });

/** Journeys per segment when each journey takes its person's value from `segmentOf`. */
async function expectedCounts(segmentOf: Map<string, string>): Promise<Record<string, number>> {
  const { journeys } = await runConversionPaths(store.db, conversionPathsSchema.parse({ conversion: { event: 'Order Completed' } }));
  const out: Record<string, number> = {};
  for (const j of journeys) {
    const s = segmentOf.get(j.personId) ?? '(none)';
    out[s] = (out[s] ?? 0) + 1;
  }
  return out;
}
const counts = (js: { segment: string | null }[]) => js.reduce<Record<string, number>>((o, j) => ((o[j.segment ?? '(none)'] = (o[j.segment ?? '(none)'] ?? 0) + 1), o), {});

test('before any scoring run, segmentScore gives every journey no segment', async () => {
  const js = await twinJourneys(store.db, def({ segmentScore: 'persona' }));
  assert.ok(js.length > 0);
  assert.deepEqual(counts(js), { '(none)': js.length });
});

test('segmentScore persona / rfmGroup split journeys by the latest run’s scores, not by the persona trait', async () => {
  await runPersonScores(store.db, { k: 3 }, Date.UTC(2026, 10, 2));
  await runPersonScores(store.db, { k: 2 }, Date.UTC(2026, 10, 3));
  for (const score of ['persona', 'rfmGroup'] as const) {
    const rows = await store.db.query<{ person_id: string; text: string }>(
      `SELECT person_id, text FROM person_scores WHERE score = '${score}' AND scored_at = (SELECT max(scored_at) FROM person_score_runs)`,
    );
    assert.ok(rows.length > 0, `the run stored ${score}`);
    const want = await expectedCounts(new Map(rows.map((r) => [r.person_id, r.text])));
    assert.deepEqual(counts(await twinJourneys(store.db, def({ segmentScore: score }))), want);
  }
  const personas = Object.keys(counts(await twinJourneys(store.db, def({ segmentScore: 'persona' })))).filter((s) => s !== '(none)').sort();
  assert.deepEqual(personas, ['persona-1', 'persona-2'], 'the latest run (k = 2), the older one (k = 3) is gone');
  const byTrait = Object.keys(counts(await twinJourneys(store.db, def({}))));
  assert.ok(!byTrait.includes('persona-1'), `the default still splits by the persona trait: ${byTrait.join(', ')}`);
});

test('an unknown score is refused by the schema, naming segmentScore', () => {
  const r = twinDataSchema.safeParse({ conversion: { event: 'Order Completed' }, segmentScore: 'churnRisk' });
  assert.equal(r.success, false);
  assert.deepEqual(r.error!.issues[0]!.path, ['segmentScore']);
});
