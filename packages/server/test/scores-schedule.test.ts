import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openMemoryState, type StateStore } from '@trailmap/state';
import { loadDemo, type EventStore } from '@trailmap/warehouse';
import { openTestStore } from '@trailmap/warehouse/testing';
import { ComputePool } from '../src/compute/compute-pool.js';
import { ScoreRunner } from '../src/scores/score-runner.js';
import { SegmentRefresher } from '../src/segments/segment-refresher.js';

// The server's scoring schedule on the engine under test: a first run when there is none, then
// one per interval; runs asked for together run one after the other, never two at once.
let dir: string;
let store: EventStore;
let state: StateStore;
const pool = new ComputePool({ budgetMs: 170_000 });

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'trailmap-schedule-'));
  store = await openTestStore(dir);
  state = await openMemoryState();
  await loadDemo(store, { events: 3000, seed: 5 });
});
after(async () => {
  await pool.close();
  await store.close();
  await state.close();
  rmSync(dir, { recursive: true, force: true });
});

const until = async (what: string, ok: () => Promise<boolean>, ms = 120_000) => {
  const end = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
};

test('runs asked for together run one after the other', { timeout: 300_000 }, async () => {
  const runner = new ScoreRunner(store, state, pool, new SegmentRefresher(store, state));
  const [a, b] = await Promise.all([runner.run({ k: 2 }), runner.run({ k: 2 })]);
  assert.ok(Date.parse(b.scoredAt) >= Date.parse(a.completedAt), `the second started (${b.scoredAt}) after the first completed (${a.completedAt})`);
  assert.deepEqual(await runner.latest(), b);
  await runner.close();
});

test('the schedule: no first run while the latest is fresh; one per interval after that; close stops it', { timeout: 300_000 }, async () => {
  const errors: unknown[] = [];
  const fresh = new ScoreRunner(store, state, pool, new SegmentRefresher(store, state));
  const before = await fresh.latest();
  fresh.start(3_600_000, (e) => errors.push(e), 10);
  await new Promise((r) => setTimeout(r, 1000));
  assert.deepEqual(await fresh.latest(), before, 'a run of less than an interval ago: no run at start');
  await fresh.close();

  const every = new ScoreRunner(store, state, pool, new SegmentRefresher(store, state));
  every.start(1500, (e) => errors.push(e), 10);
  const seen = new Set<string>();
  await until('two scheduled runs', async () => {
    const l = await every.latest();
    if (l) seen.add(l.scoredAt);
    return seen.size >= 3;
  });
  await every.close();
  const last = await every.latest();
  await new Promise((r) => setTimeout(r, 2500));
  assert.deepEqual(await every.latest(), last, 'no run after close');
  assert.deepEqual(errors, []);
});

test('a model too slow for the compute budget is skipped with the budget message; RFM is still stored', { timeout: 300_000 }, async () => {
  const tight = new ComputePool({ budgetMs: 1 });
  const runner = new ScoreRunner(store, state, tight, new SegmentRefresher(store, state));
  try {
    const run = await runner.run({ k: 2 });
    assert.ok(!('skipped' in run.rfm), 'RFM runs in SQL, outside the compute pool');
    assert.ok(run.rfm.people > 0);
    for (const model of [run.personas, run.clv, run.churn]) {
      assert.ok('skipped' in model, `skipped: ${JSON.stringify(model)}`);
      assert.match(model.skipped, /1 ms compute budget/);
    }
    assert.equal(run.people, run.rfm.people, 'everyone scored has an RFM score');
    assert.deepEqual(await runner.latest(), run, 'the run was recorded as complete');
  } finally {
    await runner.close();
    await tight.close();
  }
});
