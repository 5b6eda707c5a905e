import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_PROJECT_CONFIG, normalizeMessage } from '@trailmap/core';
import { IngestLog, loadSegment, migrate, openWarehouse, rulesFor, type IngestSettings, type QuarantineRow, type SqlSession, type Warehouse } from '../src/index.js';
import { testWarehouse } from '../src/testing/test-store.js';

// ClickHouse has no multi-statement transactions: a crash can stop a segment's load after any
// statement. Loading the segment again (what the next start does) must give exactly the state of
// one clean load: no event lost or doubled, every merge re-pointed and logged once, conflicts and
// quarantined records once. Checked for a crash before each write statement in turn, on the
// engine under test (TRAILMAP_WAREHOUSE); on DuckDB the transaction makes it hold trivially.

const settings: IngestSettings = { rules: rulesFor(DEFAULT_PROJECT_CONFIG), identity: DEFAULT_PROJECT_CONFIG.identity };

let n = 0;
const ev = (m: Record<string, unknown>) => {
  const r = normalizeMessage({ messageId: `m${++n}`, timestamp: `2026-05-01T10:${String(n).padStart(2, '0')}:00Z`, ...m }, { receivedAt: Date.parse('2026-06-01T00:00:00Z'), source: 'http' });
  assert.ok(r.ok, JSON.stringify(!r.ok && r.error));
  return r.value;
};
const q = (record: string): QuarantineRow => ({ source: 'http', record, code: 'no_user_anon_id', reason: 'either userId or anonymousId is required', raw: `{"r":"${record}"}` });

/** Stored before: two anonymous visitors, two known users (one with a device). */
const BEFORE = [
  ev({ type: 'track', event: 'Product Viewed', anonymousId: 'a1', context: { page: { path: '/p/1' } } }),
  ev({ type: 'page', name: 'Home', anonymousId: 'a2' }),
  ev({ type: 'identify', userId: 'u1', traits: { plan: 'free' } }),
  ev({ type: 'identify', userId: 'u2', anonymousId: 'a3' }),
  ev({ type: 'track', event: 'Ad Clicked', anonymousId: 'a1', properties: { utm_medium: 'cpc' } }),
];
/** The segment under test: merges re-pointing stored events, a refused merge, new people, an alias, duplicates, quarantine. */
const SEGMENT = [
  ev({ type: 'identify', userId: 'u1', anonymousId: 'a1' }),
  ev({ type: 'track', event: 'Order Completed', userId: 'u1', anonymousId: 'a2' }),
  ev({ type: 'identify', userId: 'u2', anonymousId: 'a1' }),
  ev({ type: 'track', event: 'Product Viewed', anonymousId: 'a9' }),
  ev({ type: 'identify', userId: 'u9', anonymousId: 'a9' }),
  ev({ type: 'alias', userId: 'u3', previousId: 'a4' }),
  { ...BEFORE[0]! },
  { ...ev({ type: 'track', event: 'Twice', userId: 'u9' }), messageId: 'dup-in-batch' },
  { ...ev({ type: 'track', event: 'Twice again', userId: 'u9' }), messageId: 'dup-in-batch' },
];

async function writeSegment(dir: string, events: typeof BEFORE, quarantine: QuarantineRow[]): Promise<string> {
  const log = IngestLog.open(dir);
  await log.append(events, quarantine);
  await log.seal();
  const [segment] = log.sealed();
  return segment!;
}

/** The warehouse, where a write statement numbered `failAt` (1-based, over the sessions it hands out) throws instead of running. */
function crashingAt(db: Warehouse, failAt: number): { db: Warehouse; writes: () => number } {
  let writes = 0;
  const wrap = <S extends SqlSession>(s: S): S =>
    new Proxy(s, {
      get(target, key) {
        const v = Reflect.get(target, key, target) as unknown;
        if (typeof v !== 'function') return v;
        if (key === 'exec' || key === 'append' || key === 'insertRaw') {
          return (...args: unknown[]) => {
            if (++writes === failAt) return Promise.reject(new Error(`crash before write statement ${writes}`));
            return (v as (...a: unknown[]) => unknown).apply(target, args);
          };
        }
        if (key === 'onWriter' || key === 'transaction') return (fn: (s: SqlSession) => Promise<unknown>) => (v as (f: unknown) => unknown).call(target, (inner: SqlSession) => fn(wrap(inner)));
        return (v as (...a: unknown[]) => unknown).bind(target);
      },
    });
  return { db: wrap(db), writes: () => writes };
}

async function state(db: SqlSession) {
  return {
    events: await db.query('SELECT message_id, person_id, type, touchpoint, channel, stage, timestamp FROM events ORDER BY message_id'),
    identities: await db.query('SELECT identity, person_id, first_seen FROM identities ORDER BY identity'),
    merges: await db.query('SELECT from_person, into_person, message_id, merged_at FROM identity_merges ORDER BY from_person, into_person, message_id'),
    conflicts: await db.query('SELECT identity_a, identity_b, via, message_id, seen_at, reason FROM identity_conflicts ORDER BY message_id, identity_a, identity_b'),
    quarantine: await db.query('SELECT source, record, message_id, code, reason, raw FROM quarantine ORDER BY record'),
  };
}

test('a segment load stopped before any write statement and run again ends as one clean load', { timeout: 600_000 }, async (t) => {
  const target = testWarehouse();
  const root = mkdtempSync(join(tmpdir(), 'trailmap-crash-'));
  try {
    const before = await writeSegment(join(root, 'log-before'), BEFORE, [q('batch[9]')]);
    const segment = await writeSegment(join(root, 'log-segment'), SEGMENT, [q('batch[7]'), q('batch[8]'), q('batch[9]')]);
    // One data directory with BEFORE loaded, copied (closed) for each run.
    const base = join(root, 'base');
    const first = await openWarehouse(target, base);
    await migrate(first);
    await loadSegment(first, before, settings);
    await first.close();
    /** A copy of the base directory, open, and its own copy of the segment. */
    const prepared = async (name: string) => {
      const dir = join(root, name);
      cpSync(base, dir, { recursive: true });
      copyFileSync(segment, join(root, `${name}.ndjson`));
      return { dir, db: await openWarehouse(target, dir), segment: join(root, `${name}.ndjson`) };
    };

    const clean = await prepared('clean');
    const counted = crashingAt(clean.db, Number.POSITIVE_INFINITY);
    const result = await loadSegment(counted.db, clean.segment, settings);
    const expected = await state(clean.db);
    await clean.db.close();
    const total = counted.writes();
    // The segment does what it is meant to: 4 merges (a1 and a2 into u1, re-pointing stored events;
    // a9 into the new u9; the alias's two new people), 1 refusal (u2 and u1 share a1), 2 duplicates dropped.
    assert.deepEqual([result.accepted, result.duplicates, result.merges, result.conflicts], [7, 2, 4, 1]);
    assert.equal(new Set(expected.events.filter((e) => ['m1', 'm2', 'm3', 'm5'].includes(e.message_id as string)).map((e) => e.person_id)).size, 1, 'a1, a2 and u1 are one person');
    assert.equal(expected.quarantine.length, 3);
    t.diagnostic(`${target.kind}: ${total} write statements in one load`);
    assert.ok(total >= 10, `only ${total} write statements counted`);

    for (let failAt = 1; failAt <= total; failAt++) {
      const run = await prepared(`crash-${failAt}`);
      await assert.rejects(loadSegment(crashingAt(run.db, failAt).db, run.segment, settings), new RegExp(`crash before write statement ${failAt}$`));
      // The process dies: its session (work tables) is gone; the next start loads the segment again.
      await run.db.close();
      const again = await openWarehouse(target, run.dir);
      try {
        await loadSegment(again, run.segment, settings);
        assert.deepEqual(await state(again), expected, `crash before write statement ${failAt} of ${total}, then a full load`);
        // And once more, as if the process died after that load but before deleting the segment.
        await loadSegment(again, run.segment, settings);
        assert.deepEqual(await state(again), expected, `the segment loaded a third time after a crash at ${failAt}`);
      } finally {
        await again.close();
        rmSync(run.dir, { recursive: true, force: true });
      }
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
