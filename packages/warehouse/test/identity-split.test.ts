import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { DEFAULT_IDENTITY_RULES, personIdFor } from '@trailmap/core';
import { ChdbWarehouse, DuckDbWarehouse, migrate, type Warehouse } from '../src/index.js';
import { identityStep } from '../src/ingest/identity-step.js';

// Identities in no link are settled in SQL (a stored one keeps its person, a new one gets
// personIdFor's id); the rest go through core's identity graph. Differential: the same batches on
// three stores — DuckDB with every identity through the graph (the way it was), DuckDB and
// ClickHouse (chdb) with the split — must leave the same identities, merges, conflicts and persons.

interface Msg {
  type: 'track' | 'identify' | 'alias';
  user: string | null;
  anon: string | null;
  prev: string | null;
  minute: number;
}

const USERS = ['u1', 'u2', 'u3', 'u4', 'guest', 'null'];
const ANONS = ['a1', 'a2', 'a3', 'a4', 'a5', 'a6', 'a7'];
const MSG: fc.Arbitrary<Msg> = fc.oneof(
  fc.record({ type: fc.constant('track' as const), user: fc.option(fc.constantFrom(...USERS), { nil: null }), anon: fc.constantFrom(...ANONS), prev: fc.constant(null), minute: fc.nat(600) }),
  fc.record({ type: fc.constant('track' as const), user: fc.constantFrom(...USERS), anon: fc.constant(null), prev: fc.constant(null), minute: fc.nat(600) }),
  fc.record({ type: fc.constant('identify' as const), user: fc.constantFrom(...USERS), anon: fc.option(fc.constantFrom(...ANONS), { nil: null }), prev: fc.constant(null), minute: fc.nat(600) }),
  fc.record({ type: fc.constant('alias' as const), user: fc.constantFrom(...USERS), anon: fc.constant(null), prev: fc.constantFrom(...USERS, ...ANONS, 'x1', 'x2'), minute: fc.nat(600) }),
);

const TEXT_COLUMNS = ['message_id', 'type', 'user_id', 'anonymous_id', 'previous_id', 'ts_text'].map((name) => ({ name, kind: 'text' as const }));

/** One batch as `_fresh` (the columns the identity step reads), then the step in one transaction. */
async function run(wh: Warehouse, batch: readonly Msg[], batchNo: number, graphOnly: boolean) {
  return wh.transaction(async (tx) => {
    await tx.steps.replaceTemp(tx, '_fresh_text', TEXT_COLUMNS);
    const ts = (m: Msg) => new Date(Date.UTC(2026, 0, 1, 0, m.minute)).toISOString();
    await tx.append('temp._fresh_text', TEXT_COLUMNS, batch.map((m, i) => [`b${batchNo}-m${i}`, m.type, m.user, m.anon, m.prev, ts(m)]));
    await tx.steps.replaceTempAs(tx, '_fresh', `SELECT message_id, type, user_id, anonymous_id, previous_id, ${tx.dialect.parseTimestamp('ts_text')} AS ts FROM _fresh_text`);
    return identityStep(tx, DEFAULT_IDENTITY_RULES, { graphOnly });
  });
}

/** A timestamp as either engine returns it, as ISO text. */
const iso = (v: unknown) => {
  const s = String(v);
  return new Date(/[zZ]$|[+-]\d\d:?\d\d$/.test(s) ? s : `${s.replace(' ', 'T')}Z`).toISOString();
};

async function state(wh: Warehouse) {
  const ids = await wh.query<{ identity: string; person_id: string; first_seen: unknown }>(`SELECT identity, person_id, first_seen FROM identities`);
  const merges = await wh.query<{ from_person: string; into_person: string; message_id: string }>(`SELECT from_person, into_person, message_id FROM identity_merges`);
  const conflicts = await wh.query<{ identity_a: string; identity_b: string; via: string; message_id: string; reason: string }>(`SELECT identity_a, identity_b, via, message_id, reason FROM identity_conflicts`);
  const personOf = await wh.onWriter((s) => s.query<{ identity: string; person_id: string }>(`SELECT identity, person_id FROM _person_of`));
  const sorted = (rows: object[]) => rows.map((r) => JSON.stringify(r)).sort();
  return {
    identities: sorted(ids.map((r) => ({ ...r, first_seen: iso(r.first_seen) }))),
    merges: sorted(merges),
    conflicts: sorted(conflicts),
    personOf: sorted(personOf),
  };
}

let duckGraph: Warehouse;
let duckSplit: Warehouse;
let chdb: Warehouse;
before(async () => {
  duckGraph = await DuckDbWarehouse.open({ path: ':memory:' });
  duckSplit = await DuckDbWarehouse.open({ path: ':memory:' });
  chdb = await ChdbWarehouse.open();
  for (const wh of [duckGraph, duckSplit, chdb]) await migrate(wh);
});
after(async () => {
  for (const wh of [duckGraph, duckSplit, chdb]) await wh.close();
});

const reset = async (wh: Warehouse) => {
  for (const t of ['identities', 'identity_merges', 'identity_conflicts', 'events']) await wh.exec(`TRUNCATE TABLE ${t}`);
};

test('identities in no link settled in SQL end as the identity graph would leave them (random batches, DuckDB and chdb)', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(fc.array(MSG, { minLength: 1, maxLength: 25 }), { minLength: 1, maxLength: 4 }), async (batches) => {
      for (const wh of [duckGraph, duckSplit, chdb]) await reset(wh);
      for (const [i, batch] of batches.entries()) {
        const expected = await run(duckGraph, batch, i, true);
        const split = await run(duckSplit, batch, i, false);
        const onChdb = await run(chdb, batch, i, false);
        assert.deepEqual(split, expected, `batch ${i}: counts`);
        assert.deepEqual(onChdb, expected, `batch ${i}: counts on chdb`);
        const want = await state(duckGraph);
        assert.deepEqual(await state(duckSplit), want, `batch ${i}: DuckDB`);
        assert.deepEqual(await state(chdb), want, `batch ${i}: chdb`);
      }
    }),
    { numRuns: 25 },
  );
});

test('a new identity in no link gets the person core derives for it', async () => {
  await reset(duckSplit);
  const r = await run(duckSplit, [{ type: 'track', user: 'u-新', anon: null, prev: null, minute: 1 }, { type: 'track', user: null, anon: 'a"x', prev: null, minute: 2 }], 0, false);
  assert.deepEqual(r, { added: 2, merges: 0, conflicts: 0 });
  const rows = await duckSplit.query<{ identity: string; person_id: string }>(`SELECT identity, person_id FROM identities ORDER BY identity`);
  assert.deepEqual(rows, [
    { identity: 'anon:a"x', person_id: personIdFor('anon:a"x') },
    { identity: 'user:u-新', person_id: personIdFor('user:u-新') },
  ]);
});

test('an identity outside the links follows its person when a link in the same batch merges that person away', async () => {
  for (const wh of [duckGraph, duckSplit, chdb]) await reset(wh);
  const batches: Msg[][] = [
    [
      { type: 'identify', user: 'u3', anon: 'a3', prev: null, minute: 0 },
      { type: 'identify', user: 'u1', anon: 'a1', prev: null, minute: 5 },
    ],
    // a1 alone (in no link); the alias joins u1's person to u3's, which was seen first and survives.
    [
      { type: 'track', user: null, anon: 'a1', prev: null, minute: 9 },
      { type: 'alias', user: 'u3', anon: null, prev: 'u1', minute: 10 },
    ],
  ];
  for (const [i, batch] of batches.entries()) {
    const expected = await run(duckGraph, batch, i, true);
    assert.deepEqual(await run(duckSplit, batch, i, false), expected);
    assert.deepEqual(await run(chdb, batch, i, false), expected);
  }
  const want = await state(duckGraph);
  assert.deepEqual(await state(duckSplit), want);
  assert.deepEqual(await state(chdb), want);
  const personOf = new Map(want.personOf.map((r) => JSON.parse(r) as { identity: string; person_id: string }).map((r) => [r.identity, r.person_id]));
  assert.equal(personOf.get('anon:a1'), personOf.get('user:u3'), 'a1 is now with u3');
  assert.ok(want.merges.some((m) => (JSON.parse(m) as { message_id: string }).message_id === 'b1-m1'), 'the alias merged the two people');
});
