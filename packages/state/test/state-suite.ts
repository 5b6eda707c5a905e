import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { journeyNoteInputSchema, journeyNotePatchSchema, type JourneyNote } from '@trailmap/core';
import type { StateStore } from '../src/state-store.js';
import { migrateState } from '../src/migrations/migrate.js';
import { STATE_MIGRATIONS } from '../src/migrations/migrations.js';
import { readStateSetting, writeStateSetting } from '../src/repos/settings.repo.js';
import { catalogueRevision, loadCatalogueEdits, saveCatalogueEdits } from '../src/repos/catalogue-edits.repo.js';
import { listInterventionEstimates, mergeInterventionEstimate, removeInterventionEstimate } from '../src/repos/intervention-estimates.repo.js';
import { createJourneyNote, deleteJourneyNote, insertJourneyNoteAsIs, listJourneyNotes, updateJourneyNote } from '../src/repos/journey-notes.repo.js';
import { insertImportAsIs, listImports, recordImport } from '../src/repos/imports-log.repo.js';
import { legacyMoveDone, markLegacyMove } from '../src/repos/legacy-moves.repo.js';

/**
 * The state suite: the same tests on every adapter. `open` gives a new, empty, migrated store;
 * `openAgain` a second handle on the same database (a second process sharing it), where the
 * adapter allows one.
 */
export function stateSuite(name: string, open: () => Promise<{ state: StateStore; openAgain?: () => Promise<StateStore> }>): void {
  const withStore = (title: string, fn: (s: StateStore, openAgain?: () => Promise<StateStore>) => Promise<void>) =>
    test(`${name}: ${title}`, async () => {
      const { state, openAgain } = await open();
      try {
        await fn(state, openAgain);
      } finally {
        await state.close();
      }
    });

  withStore('migrations are versioned: applied once, recorded, a newer store refused', async (s) => {
    const rows = await s.query<{ version: number; name: string }>('SELECT version, name FROM state_migrations ORDER BY version');
    assert.deepEqual(rows.map((r) => r.version), STATE_MIGRATIONS.map((m) => m.version));
    assert.deepEqual(await migrateState(s), { from: STATE_MIGRATIONS.at(-1)!.version, to: STATE_MIGRATIONS.at(-1)!.version, applied: [] });
    const next = [...STATE_MIGRATIONS, { version: 99, name: 'test step', statements: ['CREATE TABLE test_step (x int)', 'INSERT INTO test_step VALUES (1)'] }];
    assert.deepEqual((await migrateState(s, next)).applied, [99]);
    assert.equal((await s.query<{ n: number }>('SELECT count(*)::int AS n FROM test_step'))[0]!.n, 1);
    await assert.rejects(migrateState(s), /schema version 99, newer than this Trailmap knows/);
    const broken = [...next, { version: 100, name: 'fails half way', statements: ['CREATE TABLE half_made (x int)', 'SELECT * FROM no_such_table'] }];
    await assert.rejects(migrateState(s, broken), /no_such_table/);
    assert.equal((await s.query(`SELECT 1 FROM information_schema.tables WHERE table_name = 'half_made'`)).length, 0, 'a failed step leaves nothing');
    assert.equal((await s.query<{ v: number }>('SELECT max(version) AS v FROM state_migrations'))[0]!.v, 99);
  });

  withStore('a transaction commits together or not at all', async (s) => {
    await assert.rejects(
      s.transaction(async (tx) => {
        await writeStateSetting(tx, 'a', '1');
        assert.equal(await readStateSetting(tx, 'a'), '1', 'visible inside');
        throw new Error('stop');
      }),
      /stop/,
    );
    assert.equal(await readStateSetting(s, 'a'), null);
    await s.transaction(async (tx) => {
      await writeStateSetting(tx, 'a', '1');
      await writeStateSetting(tx, 'b', '2');
    });
    assert.equal(await readStateSetting(s, 'b'), '2');
  });

  withStore('settings: write, overwrite, values with quotes stay text', async (s) => {
    await writeStateSetting(s, 'k', '{"x":1}');
    await writeStateSetting(s, 'k', `it's "quoted"; DROP TABLE settings; --`);
    assert.equal(await readStateSetting(s, 'k'), `it's "quoted"; DROP TABLE settings; --`);
    assert.equal((await s.query<{ n: number }>('SELECT count(*)::int AS n FROM settings'))[0]!.n, 1);
  });

  withStore('catalogue edits: each save raises the revision; rules round-trip; damaged rules are an error naming them', async (s) => {
    assert.equal(await catalogueRevision(s), 0);
    assert.deepEqual(await loadCatalogueEdits(s), { revision: 0, rules: [] });
    const rules = [{ match: { event: '^loyalty card' }, set: { touchpoint: 'Loyalty card', channel: 'store' as const, type: 'physical' as const, stage: 'loyalty' as const } }];
    assert.equal(await saveCatalogueEdits(s, rules), 1);
    assert.equal(await saveCatalogueEdits(s, rules), 2);
    const got = await loadCatalogueEdits(s);
    assert.equal(got.revision, 2);
    assert.equal(got.rules[0]!.set.touchpoint, 'Loyalty card');
    await s.exec(`UPDATE catalogue_edits SET rules = '[{"match": 3}]'::jsonb`);
    await assert.rejects(loadCatalogueEdits(s), /catalogue edits \(revision 2\) are not a valid rule list/);
  });

  withStore('intervention estimates: a row per id; merges keep earlier parameters; many concurrent edits all kept', async (s) => {
    assert.deepEqual(await mergeInterventionEstimate(s, 'fix_drop_off:Cart Viewed', { feasibility: 0.5 }), { feasibility: 0.5 });
    assert.deepEqual(await mergeInterventionEstimate(s, 'fix_drop_off:Cart Viewed', { cost: 2000 }), { feasibility: 0.5, cost: 2000 });
    const ids = Array.from({ length: 40 }, (_, i) => `add_reminder:Touch ${i}`);
    await Promise.all(ids.flatMap((id, i) => [mergeInterventionEstimate(s, id, { reach: 0.1 + i / 100 }), mergeInterventionEstimate(s, id, { lift: 0.05 })]));
    const all = await listInterventionEstimates(s);
    assert.equal(Object.keys(all).length, 41);
    for (const [i, id] of ids.entries()) assert.deepEqual(all[id], { reach: 0.1 + i / 100, lift: 0.05 });
    assert.equal(await removeInterventionEstimate(s, ids[0]!), true);
    assert.equal(await removeInterventionEstimate(s, ids[0]!), false);
    assert.equal(Object.hasOwn(await listInterventionEstimates(s), ids[0]!), false);
  });

  withStore('journey notes: create, filter, patch only the named fields, delete; text is bound, never SQL', async (s) => {
    const a = await createJourneyNote(s, journeyNoteInputSchema.parse({ kind: 'quote', stage: 'conversion', touchpoint: 'Payment', text: '“支付页面一直出错。”', owner: 'Mei' }));
    const b = await createJourneyNote(s, journeyNoteInputSchema.parse({ stage: 'conversion', text: "x'); DROP TABLE journey_notes; --" }));
    assert.match(a.createdAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    assert.deepEqual((await listJourneyNotes(s, { touchpoint: 'Payment' })).map((n) => n.id), [a.id]);
    assert.deepEqual((await listJourneyNotes(s, { stage: 'conversion' })).map((n) => n.id), [a.id, b.id]);
    const u = await updateJourneyNote(s, a.id, { owner: null, status: 'done' });
    assert.deepEqual([u!.owner, u!.status, u!.text, u!.kind], [null, 'done', a.text, 'quote']);
    assert.ok(u!.updatedAt >= a.updatedAt);
    assert.equal(await updateJourneyNote(s, 'nope', { status: 'done' }), null);
    assert.equal(await deleteJourneyNote(s, b.id), true);
    assert.equal(await deleteJourneyNote(s, b.id), false);
    assert.equal((await listJourneyNotes(s)).length, 1);
  });

  withStore('journey notes: concurrent patches of different fields of one note are all kept', async (s) => {
    const n = await createJourneyNote(s, journeyNoteInputSchema.parse({ text: 'start' }));
    await Promise.all([updateJourneyNote(s, n.id, { owner: 'Ana' }), updateJourneyNote(s, n.id, { status: 'in_progress' }), updateJourneyNote(s, n.id, { stage: 'interest' }), updateJourneyNote(s, n.id, { lane: 'backstage' })]);
    const [got] = await listJourneyNotes(s);
    assert.deepEqual([got!.owner, got!.status, got!.stage, got!.lane, got!.text], ['Ana', 'in_progress', 'interest', 'backstage', 'start']);
  });

  withStore('journey notes: any sequence of patches gives what applying them to a plain object gives (fast-check)', async (s) => {
    const text = fc.string({ minLength: 1, maxLength: 20 }).filter((t) => t.trim().length > 0);
    const patch = fc.record(
      {
        kind: fc.constantFrom('note', 'quote', 'idea', 'question'),
        stage: fc.option(text, { nil: null }),
        owner: fc.option(text, { nil: null }),
        status: fc.constantFrom('open', 'in_progress', 'done', 'wont_do'),
        text,
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(fc.array(patch, { maxLength: 6 }), async (patches) => {
        let model: JourneyNote = await createJourneyNote(s, journeyNoteInputSchema.parse({ text: 'seed' }));
        const id = model.id;
        for (const raw of patches) {
          const p = journeyNotePatchSchema.parse(raw);
          const got = await updateJourneyNote(s, id, p);
          model = { ...model, ...p, updatedAt: got!.updatedAt };
          assert.deepEqual(got, model);
        }
        assert.deepEqual((await listJourneyNotes(s)).find((n) => n.id === id), model);
        await deleteJourneyNote(s, id);
      }),
      { numRuns: 25 },
    );
  });

  withStore('journey notes kept elsewhere keep their id and times; the same id twice is inserted once', async (s) => {
    const note: JourneyNote = { id: 'old-1', kind: 'idea', stage: null, channel: 'web', touchpoint: null, lane: 'process', text: 'from an older version', owner: null, status: 'open', createdAt: '2025-01-02T03:04:05.678Z', updatedAt: '2025-02-02T03:04:05.000Z' };
    assert.equal(await insertJourneyNoteAsIs(s, note), true);
    assert.equal(await insertJourneyNoteAsIs(s, { ...note, text: 'changed' }), false);
    assert.deepEqual(await listJourneyNotes(s), [note]);
  });

  withStore('imports log: the first import of a file is the one recorded; concurrent imports of one file, exactly one is first', async (s) => {
    const e = { fileHash: 'h1', fileName: 'a.csv', format: 'csv', rows: 10, accepted: 9, quarantined: 1, duplicates: 0 };
    assert.deepEqual(await recordImport(s, e), { alreadyImported: false, times: 1 });
    assert.deepEqual(await recordImport(s, { ...e, accepted: 0, duplicates: 9 }), { alreadyImported: true, times: 2 });
    const r = await Promise.all(Array.from({ length: 12 }, () => recordImport(s, { ...e, fileHash: 'h2' })));
    assert.equal(r.filter((x) => !x.alreadyImported).length, 1);
    assert.deepEqual(r.map((x) => x.times).sort((a, b) => a - b), Array.from({ length: 12 }, (_, i) => i + 1));
    const log = await listImports(s);
    assert.deepEqual(log.map((l) => [l.fileHash, l.times, l.accepted]), [['h1', 2, 9], ['h2', 12, 9]]);
    assert.equal(await insertImportAsIs(s, { ...log[0]!, times: 99 }), false);
  });

  withStore('legacy move marker: set once per source', async (s) => {
    assert.equal(await legacyMoveDone(s, 'dir-1'), false);
    assert.equal(await markLegacyMove(s, 'dir-1', { notes: 2 }), true);
    assert.equal(await markLegacyMove(s, 'dir-1', { notes: 2 }), false);
    assert.equal(await legacyMoveDone(s, 'dir-1'), true);
  });

  withStore('a second process on the same database sees every edit at once (where one may share it)', async (s, openAgain) => {
    if (!openAgain) {
      assert.equal(s.kind, 'embedded', 'only the embedded store is one process only');
      return;
    }
    const other = await openAgain();
    try {
      const n = await createJourneyNote(s, journeyNoteInputSchema.parse({ text: 'from A' }));
      await updateJourneyNote(other, n.id, { owner: 'B' });
      await saveCatalogueEdits(other, []);
      assert.equal(await catalogueRevision(s), 1);
      assert.equal((await listJourneyNotes(s))[0]!.owner, 'B');
      // Row locks across connections: A holds the note's row in a transaction, B's update waits for it.
      let bDone = false;
      let b: Promise<unknown> = Promise.resolve();
      await s.transaction(async (tx) => {
        await tx.query('SELECT 1 FROM journey_notes WHERE id = $1 FOR UPDATE', [n.id]);
        b = updateJourneyNote(other, n.id, { status: 'done' }).then(() => (bDone = true));
        await new Promise((r) => setTimeout(r, 150));
        assert.equal(bDone, false, "B waited for A's row lock");
        await updateJourneyNote(tx, n.id, { stage: 'loyalty' });
      });
      await b;
      const [got] = await listJourneyNotes(s);
      assert.deepEqual([got!.owner, got!.status, got!.stage], ['B', 'done', 'loyalty']);
    } finally {
      await other.close();
    }
  });
}
