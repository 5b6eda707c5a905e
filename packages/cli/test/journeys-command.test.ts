import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { JourneyStats } from '@trailmap/core';
import { listAudit, openStateStore } from '@trailmap/state';
import { seedEmbeddedState } from '@trailmap/state/test-support';
import { statsText } from '../src/journeys/journeys-output.js';

const bin = fileURLToPath(new URL('../../../../bin/trailmap.js', import.meta.url));
const example = fileURLToPath(new URL('../../../../docs/journeys/abandoned-cart.json', import.meta.url));
const run = (args: string[]) => {
  const r = spawnSync(process.execPath, [bin, 'journeys', ...args], { encoding: 'utf8', timeout: 120_000, env: { ...process.env, TRAILMAP_STATE: 'embedded' } });
  return { code: r.status, out: r.stdout, err: r.stderr };
};

test('trailmap journeys on the state store: the shipped abandoned cart created as it is, published, listed, shown, its stats; status rules, a broken file named at its field, audit lines as cli', { timeout: 300_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'trailmap-journeys-cli-'));
  try {
    await seedEmbeddedState(dir);
    const d = ['--data', dir];
    assert.match(run(['list', ...d]).out, /No journeys yet/);

    const valid = run(['validate', example]);
    assert.equal(valid.code, 0, valid.err);
    assert.match(valid.out, /^valid/);

    const made = run(['create', example, ...d]);
    assert.equal(made.code, 0, made.err);
    const id = made.out.trim();
    assert.match(id, /^abandoned-cart-[0-9a-f]{6}$/, 'stdout holds the id alone');
    assert.match(made.err, new RegExp(`trailmap journeys publish ${id}`));

    const published = run(['publish', id, ...d]);
    assert.equal(published.code, 0, published.err);
    assert.match(published.out, /version 1 is live/);

    const list = run(['list', ...d]);
    assert.equal(list.code, 0, list.err);
    assert.match(list.out, new RegExp(`${id}\\s+Abandoned cart\\s+live\\s+v1\\s+event\\s+0\\s+0`));

    const show = run(['show', id, ...d]);
    assert.equal(show.code, 0, show.err);
    assert.match(show.out, /status live, version 1 takes new entries/);
    assert.match(show.out, /trigger: event "Product Added", one run per cart_id/);
    assert.match(show.out, /wait_for_order\s+waitForEvent\s+Order with this cart\?\s+next → \(end\), onTimeout → sending_hours/);
    assert.match(show.out, /\n\s+1\s+\d{4}-\d\d-\d\d \d\d:\d\d\s+0/);
    const detail = JSON.parse(run(['show', id, '--json', ...d]).out);
    assert.equal(detail.status, 'live');
    assert.equal(detail.unpublishedChanges, false);
    assert.deepEqual(detail.definition.steps.map((s: { id: string }) => s.id), JSON.parse(readFileSync(example, 'utf8')).steps.map((s: { id: string }) => s.id));

    const stats = run(['stats', id, ...d]);
    assert.equal(stats.code, 0, stats.err);
    assert.match(stats.out, /entered 0, running 0/);
    for (const step of ['wait_for_order', 'sending_hours', 'reminder_email']) assert.match(stats.out, new RegExp(`${step}\\s+\\w+\\s+.+\\s0\\s+0`));
    assert.match(stats.out, /queued\s+held\s+sending\s+sent\s+delivered\s+opened\s+clicked\s+failed\s+bounced\s+skipped/);
    const statsJson = JSON.parse(run(['stats', id, '--version', '1', '--json', ...d]).out) as JourneyStats;
    assert.equal(statsJson.version, 1);
    assert.deepEqual(statsJson.steps.map((s) => [s.stepId, s.reached, s.waiting]), [['wait_for_order', 0, 0], ['sending_hours', 0, 0], ['reminder_email', 0, 0]]);
    const noVersion = run(['stats', id, '--version', '2', ...d]);
    assert.equal(noVersion.code, 1);
    assert.match(noVersion.err, /has no version 2/);
    assert.match(run(['runs', id, ...d]).out, /No runs/);
    assert.match(run(['messages', '--journey', id, ...d]).out, /No messages/);

    // A broken file: refused by validate and create, the field named; nothing saved.
    const broken = JSON.parse(readFileSync(example, 'utf8'));
    broken.steps[0].timeout = '4 hours';
    const brokenFile = join(dir, 'broken.json');
    writeFileSync(brokenFile, JSON.stringify(broken));
    const v = run(['validate', brokenFile]);
    assert.equal(v.code, 1);
    assert.match(v.out, /invalid: 1 problem\n\s+steps\.0\.timeout: /);
    const bad = run(['create', brokenFile, ...d]);
    assert.equal(bad.code, 1);
    assert.match(bad.err, /invalid journey: steps\.0\.timeout: /);
    assert.equal(JSON.parse(run(['list', '--json', ...d]).out).journeys.length, 1);
    const badUpdate = run(['update', id, brokenFile, ...d]);
    assert.equal(badUpdate.code, 1);
    assert.match(badUpdate.err, /steps\.0\.timeout/);

    // Status rules as the API has them.
    const resumeLive = run(['resume', id, ...d]);
    assert.equal(resumeLive.code, 1);
    assert.match(resumeLive.err, /is live; only a paused journey can be resumed/);
    assert.match(run(['pause', id, ...d]).out, /is paused/);
    assert.match(run(['resume', id, ...d]).out, /is live/);
    const changed = { ...JSON.parse(readFileSync(example, 'utf8')), name: 'Abandoned cart, two hours' };
    changed.steps[0].timeout = '2h';
    writeFileSync(join(dir, 'changed.json'), JSON.stringify(changed));
    const updated = run(['update', id, join(dir, 'changed.json'), '--json', ...d]);
    assert.equal(updated.code, 0, updated.err);
    assert.equal(JSON.parse(updated.out).unpublishedChanges, true);
    assert.match(run(['publish', id, ...d]).out, /version 2 is live/);
    assert.match(run(['archive', id, ...d]).out, /is archived/);
    const afterArchive = run(['publish', id, ...d]);
    assert.equal(afterArchive.code, 1);
    assert.match(afterArchive.err, /is archived; it cannot be published/);
    assert.equal(run(['show', 'nope', ...d]).code, 1);

    // Usage errors exit 2 naming the flag.
    const limit = run(['runs', id, '--limit', '900', ...d]);
    assert.equal(limit.code, 2);
    assert.match(limit.err, /--limit: /);
    assert.match(run(['messages', '--channel', 'fax', ...d]).err, /--channel: /);
    assert.match(run(['list', '--version', '1', ...d]).err, /--version goes with stats/);
    assert.equal(run(['publish', ...d]).code, 2);
    assert.equal(run(['list', '--key', 'k', ...d]).code, 2, '--key needs --server');

    const { state } = await openStateStore({ setting: 'embedded', dataDir: dir });
    try {
      const log = (await listAudit(state, { limit: 50, actor: 'cli' })).entries.filter((e) => e.target === `journey:${id}`).map((e) => e.action).reverse();
      assert.deepEqual(log, ['journey.create', 'journey.publish', 'journey.pause', 'journey.resume', 'journey.update', 'journey.publish', 'journey.archive']);
    } finally {
      await state.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('stats text: the holdout comparison beside the split arms, only when there is a holdout', () => {
  const base: JourneyStats = {
    journeyId: 'j',
    version: null,
    entered: 300,
    running: 10,
    waiting: 8,
    following: 2,
    ended: { completed: 100, goal: 90, exit: 0, holdout: 100, loop_guard: 0, archived: 0 },
    goalReached: 90,
    steps: [{ stepId: 'split', type: 'split', label: null, reached: 300, waiting: 0 }],
    messages: { queued: 1, held: 2, sending: 0, sent: 150, delivered: 0, opened: 0, clicked: 0, failed: 3, bounced: 0, skipped: 4 },
    arms: [
      { variant: 'a', people: 200, goal: 80, rate: 0.4 },
      { variant: 'holdout', people: 100, goal: 25, rate: 0.25 },
    ],
    holdoutUplift: 0.15,
  };
  const text = statsText(base);
  assert.match(text, /ended: completed 100, goal 90, holdout 100/);
  assert.match(text, /a\s+200\s+80\s+40\.0%/);
  assert.match(text, /holdout\s+100\s+25\s+25\.0%/);
  assert.match(text, /Holdout comparison: treated 40\.0% vs holdout 25\.0% reached the goal: uplift \+15\.0 points/);
  assert.match(text, /\s1\s+2\s+0\s+150\s+0\s+0\s+0\s+3\s+0\s+4$/m);
  const noHoldout = statsText({ ...base, arms: [base.arms[0]!], holdoutUplift: null });
  assert.doesNotMatch(noHoldout, /Holdout comparison/);
  assert.doesNotMatch(statsText({ ...base, arms: [], holdoutUplift: null }), /Split arms/);
});
