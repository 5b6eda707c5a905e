import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_PROJECT_CONFIG } from '@trailmap/core';
import { catalogueRevision, listImports, listInterventionEstimates, listJourneyNotes, listStateSettings, openStateStore, type StateStore } from '@trailmap/state';
import { seedEmbeddedState } from '@trailmap/state/test-support';
import { EventStore, listTouchpoints } from '../src/index.js';
import { makeLegacyDataDir, type LegacyContent } from './fixtures/legacy-data-dir.js';

const LOYALTY_RULE = { match: { event: '^loyalty card' }, set: { touchpoint: 'Loyalty card', channel: 'store', type: 'physical', stage: 'loyalty' } };

const CONTENT: LegacyContent = {
  notes: [
    { kind: 'quote', stage: 'conversion', text: '“支付页面一直出错。” — interview 7', owner: 'Mei', status: 'open' },
    { kind: 'idea', stage: null, text: "x'); DROP TABLE journey_notes; --", owner: null, status: 'done' },
  ],
  overrides: { 'fix_drop_off:Cart Viewed': { feasibility: 0.5, cost: 2000, share: 0.3 }, 'add_reminder:Email Opened': { reach: 0.4, lift: 0.1 } },
  catalogueRules: [LOYALTY_RULE],
  otherSettings: { 'team.currency': '"EUR"' },
  imports: [
    { name: 'crm.csv', rows: 10, accepted: 9 },
    { name: 'crm.csv', rows: 10, accepted: 0 },
    { name: 'pos.csv', rows: 5, accepted: 5 },
  ],
  events: ['Loyalty Card Scanned', 'Product Viewed'],
};

async function withDir(fn: (dir: string) => Promise<void>) {
  const dir = mkdtempSync(join(tmpdir(), 'trailmap-legacy-'));
  try {
    await fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function openNew(dir: string): Promise<{ store: EventStore; state: StateStore }> {
  await seedEmbeddedState(dir);
  const { state } = await openStateStore({ setting: 'embedded', dataDir: dir });
  try {
    return { store: await EventStore.open({ dataDir: dir, warehouse: { kind: 'duckdb' }, project: DEFAULT_PROJECT_CONFIG, state }), state };
  } catch (e) {
    await state.close();
    throw e;
  }
}

async function assertMovedOnce(state: StateStore) {
  const notes = await listJourneyNotes(state);
  assert.deepEqual(notes.map((n) => [n.kind, n.stage, n.text, n.owner, n.status]), CONTENT.notes.map((n) => [n.kind, n.stage, n.text, n.owner, n.status]));
  assert.deepEqual(notes.map((n) => n.createdAt), ['2026-05-02T08:00:00.000Z', '2026-05-02T08:00:01.000Z'], 'times kept as written');
  assert.deepEqual(await listInterventionEstimates(state), CONTENT.overrides);
  assert.equal(await catalogueRevision(state), 1);
  const imports = await listImports(state);
  assert.deepEqual(imports.map((i) => [i.fileName, i.times, i.rows, i.accepted]).sort(), [['crm.csv', 2, 10, 9], ['pos.csv', 1, 5, 5]]);
  // The project salt is the state store's own (made when the store first opens, for PII hashing), not moved.
  const moved = (await listStateSettings(state)).filter((s) => s.key !== 'project_salt');
  assert.deepEqual(moved, [{ key: 'team.currency', value: '"EUR"' }], "the warehouse's own settings (touchpoint_rules, the source id) stay in it");
  assert.equal((await state.query('SELECT * FROM legacy_moves')).length, 1);
}

test('a data directory of the version before the state store: settings, catalogue edits, notes and the imports log move at first open, once', async () => {
  await withDir(async (dir) => {
    await makeLegacyDataDir(dir, CONTENT);
    const first = await openNew(dir);
    try {
      assert.deepEqual(
        { ...first.store.legacyMove, source: '' },
        { source: '', settings: 1, catalogueRules: 1, interventionEstimates: 2, notes: 2, imports: 2, kept: [] },
      );
      await assertMovedOnce(first.state);
      assert.deepEqual((await first.store.catalogueRules()).edited, [LOYALTY_RULE]);
      const tps = await listTouchpoints(await first.store.readSession());
      assert.ok(tps.some((t) => t.touchpoint === 'Loyalty card' && t.events === 1), 'events keep the edited classification');
      // The warehouse's rows are left as they were (nothing deleted).
      assert.equal((await first.store.db.query<{ n: number }>('SELECT count(*) AS n FROM journey_notes'))[0]!.n, 2);
    } finally {
      await first.store.close();
      await first.state.close();
    }
    const again = await openNew(dir);
    try {
      assert.equal(again.store.legacyMove, null, 'a finished move is not repeated');
      await assertMovedOnce(again.state);
    } finally {
      await again.store.close();
      await again.state.close();
    }
  });
});

test('a move that fails midway leaves nothing in the state store, and the next start moves everything once', async () => {
  await withDir(async (dir) => {
    await makeLegacyDataDir(dir, CONTENT);
    await seedEmbeddedState(dir);
    {
      // A real constraint violation on the second note, inside the move's transaction.
      const { state } = await openStateStore({ setting: 'embedded', dataDir: dir });
      await state.exec(`ALTER TABLE journey_notes ADD CONSTRAINT refuse_one CHECK (text NOT LIKE '%DROP TABLE%')`);
      await state.close();
    }
    await assert.rejects(openNew(dir), /refuse_one/);
    {
      const { state } = await openStateStore({ setting: 'embedded', dataDir: dir });
      try {
        assert.equal((await listJourneyNotes(state)).length, 0);
        assert.deepEqual(await listInterventionEstimates(state), {});
        assert.equal(await catalogueRevision(state), 0);
        assert.equal((await listImports(state)).length, 0);
        assert.equal((await state.query('SELECT * FROM legacy_moves')).length, 0, 'no marker');
        await state.exec('ALTER TABLE journey_notes DROP CONSTRAINT refuse_one');
      } finally {
        await state.close();
      }
    }
    const ok = await openNew(dir);
    try {
      assert.equal(ok.store.legacyMove?.notes, 2);
      await assertMovedOnce(ok.state);
    } finally {
      await ok.store.close();
      await ok.state.close();
    }
  });
});

test('kill -9 during the move (embedded store): the next start finds nothing half-moved and moves all of it once', async () => {
  await withDir(async (dir) => {
    const many: LegacyContent = { ...CONTENT, notes: Array.from({ length: 3000 }, (_, i) => ({ kind: 'note', stage: 'interest', text: `note ${i}`, owner: null, status: 'open' })) };
    await makeLegacyDataDir(dir, many);
    await seedEmbeddedState(dir);
    const child = spawn(process.execPath, [fileURLToPath(new URL('./fixtures/move-child.js', import.meta.url)), dir], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('inside the move')) {
          child.kill('SIGKILL');
          resolve();
        }
      });
      child.stderr.on('data', (d: Buffer) => (out += d.toString()));
      child.on('exit', (code) => reject(new Error(`the child ended (${code}) before it was killed: ${out}`)));
    });
    await new Promise((r) => child.once('exit', r));
    const after = await openNew(dir);
    try {
      assert.equal(after.store.legacyMove?.notes, 3000, 'everything moved by the next start');
      assert.equal((await listJourneyNotes(after.state)).length, 3000);
      assert.equal((await listImports(after.state)).length, 2);
      assert.equal((await after.state.query('SELECT * FROM legacy_moves')).length, 1);
    } finally {
      await after.store.close();
      await after.state.close();
    }
  });
});
