import { test } from 'node:test';
import assert from 'node:assert/strict';
import { importFile } from '../src/index.js';
import { events, fixtureDb, quarantine, withStore } from './fixtures/import-helpers.js';

const line = (m: Record<string, unknown>) => JSON.stringify(m);
const ts = '2024-05-01T10:00:00Z';

test('JSONL: each line is a message; bad JSON and non-objects are quarantined at their line; blank lines are not rows', async () => {
  await withStore(async (store, file) => {
    const text = [
      line({ type: 'track', userId: 'u1', event: 'A', timestamp: ts, messageId: 'j1', properties: { sku: 'x', qty: 2 } }),
      '',
      '{"type":"track","userId":"u1","event":"A","timestamp":"2024-05-01T10:00:00Z",}',
      'not json at all',
      '[1,2]',
      '   ',
      line({ type: 'group', userId: 'u1', groupId: null, timestamp: ts }),
      line({ type: 'page', anonymousId: 12, name: 'Home', category: 'Docs', timestamp: '2024-05-01 12:00', messageId: 7 }),
      line({ type: 'identify', userId: 'u9', traits: { email: 'a@b.c' }, context: { locale: 'de' }, timestamp: ts, extra: 'ignored' }),
      '{"type":"track","userId":"u2","event":"NaN","timestamp":"2024-05-01T10:00:00Z","messageId":"j2","properties":{"note":"a,}"}}',
    ].join('\n');
    const r = await importFile(store, { path: file('events.jsonl', text) });
    assert.deepEqual([r.rows, r.accepted, r.quarantined, r.duplicates], [8, 4, 4, 0]);
    assert.deepEqual(
      r.quarantineSample.map((q) => [q.line, q.code, q.field]),
      [
        [3, 'invalid_json', null],
        [4, 'invalid_json', null],
        [5, 'invalid_field', null],
        [7, 'invalid_field', 'groupId'],
      ],
    );
    const q = await quarantine(store);
    assert.equal(q[0]!.raw, '{"type":"track","userId":"u1","event":"A","timestamp":"2024-05-01T10:00:00Z",}');
    const ev = await events(store);
    const byId = new Map(ev.map((e) => [e.message_id, e]));
    assert.deepEqual(JSON.parse(byId.get('j1')!.properties), { sku: 'x', qty: 2 });
    const page = byId.get('7')!;
    assert.deepEqual([page.type, page.name, page.anonymous_id, page.timestamp], ['page', 'Home', '12', '2024-05-01T12:00:00.000Z']);
    assert.deepEqual(JSON.parse(page.properties), { category: 'Docs' }, 'category goes into properties as over HTTP');
    const identify = ev.find((e) => e.type === 'identify')!;
    assert.deepEqual([JSON.parse(identify.traits), JSON.parse(identify.context)], [{ email: 'a@b.c' }, { locale: 'de' }]);
    assert.match(identify.message_id, /^imp-[0-9a-f]{32}$/);
    assert.equal(byId.get('j2')!.event, 'NaN', '"NaN" and ",}" inside strings are fine');
  });
});

test('JSONL: CRLF and mixed line endings keep line numbers', async () => {
  await withStore(async (store, file) => {
    const good = line({ type: 'track', userId: 'u1', event: 'A', timestamp: ts });
    const bad = line({ type: 'track', event: 'A', timestamp: ts });
    for (const [name, text] of [
      ['crlf.jsonl', [good, '', bad].join('\r\n') + '\r\n'],
      ['mixed.jsonl', `${good}\r\n\n${bad}\n`],
    ] as const) {
      const r = await importFile(store, { path: file(name, text) });
      assert.deepEqual(r.quarantineSample.map((q) => [q.line, q.code]), [[3, 'no_user_anon_id']], name);
    }
  });
});

test('JSONL: --type gives lines without a type one; "type": null stays invalid', async () => {
  await withStore(async (store, file) => {
    const text = [line({ userId: 'u1', event: 'A', timestamp: ts }), line({ type: null, userId: 'u1', event: 'B', timestamp: ts })].join('\n');
    const r = await importFile(store, { path: file('typeless.ndjson', text), defaultType: 'track' });
    assert.deepEqual([r.accepted, r.quarantined], [1, 1]);
    assert.deepEqual(r.quarantineSample.map((q) => [q.line, q.code, q.field]), [[2, 'invalid_type', 'type']]);
  });
});

test('JSONL: a message without timestamp is quarantined (file-only rule); re-import adds nothing', async () => {
  await withStore(async (store, file) => {
    const path = file('t.jsonl', [line({ type: 'track', userId: 'u1', event: 'A', messageId: 'k1', timestamp: ts }), line({ type: 'track', userId: 'u1', event: 'A' })].join('\n') + '\n');
    const r = await importFile(store, { path });
    assert.deepEqual(r.quarantineSample.map((q) => [q.line, q.code, q.field]), [[2, 'missing_field', 'timestamp']]);
    assert.match(r.quarantineSample[0]!.reason, /misdate/);
    const again = await importFile(store, { path });
    assert.deepEqual([again.alreadyImported, again.accepted, again.duplicates, again.quarantined], [true, 0, 1, 1]);
    assert.equal(await store.eventCount(), 1);
    assert.equal((await quarantine(store)).length, 1);
  });
});

test('Parquet: typed columns, nested properties and traits, row numbers in the quarantine', async () => {
  await withStore(async (store, _file, dir) => {
    const path = `${dir}/export.parquet`;
    await (await fixtureDb()).exec(`
      COPY (
        SELECT * FROM (VALUES
          (1, 'track', 101, 'Order Completed', TIMESTAMP '2024-05-01 10:00:00', {'revenue': 12.5, 'sku': 'A1'}, NULL::STRUCT(plan VARCHAR), 'o-1', UUID '6ba7b810-9dad-11d1-80b4-00c04fd430c8'),
          (2, 'identify', 102, NULL, TIMESTAMP '2024-05-02 11:30:00.250', NULL, {'plan': 'pro'}, 'o-2', NULL),
          (3, 'track', 103, 'Refund', NULL, NULL, NULL, 'o-3', NULL),
          (4, 'track', NULL, 'Ghost', TIMESTAMP '2024-05-03 09:00:00', NULL, NULL, 'o-4', NULL)
        ) t(n, type, user_id, event, timestamp, properties, traits, message_id, anonymous_id)
        ORDER BY n
      ) TO '${path}' (FORMAT parquet)`);
    await assert.rejects(importFile(store, { path }), /unknown column "n"/);
    const r = await importFile(store, { path, map: { n: 'properties.row' } });
    assert.deepEqual([r.rows, r.accepted, r.quarantined], [4, 2, 2]);
    assert.deepEqual(
      r.quarantineSample.map((q) => [q.line, q.record, q.code, q.field]),
      [
        [null, 'row 3', 'missing_field', 'timestamp'],
        [null, 'row 4', 'no_user_anon_id', null],
      ],
    );
    const ev = await events(store);
    assert.deepEqual(ev.map((e) => [e.message_id, e.user_id, e.timestamp]), [
      ['o-1', '101', '2024-05-01T10:00:00.000Z'],
      ['o-2', '102', '2024-05-02T11:30:00.250Z'],
    ]);
    assert.deepEqual(JSON.parse(ev[0]!.properties), { revenue: 12.5, sku: 'A1', row: 1 });
    assert.equal(ev[0]!.anonymous_id, '6ba7b810-9dad-11d1-80b4-00c04fd430c8', 'a UUID column is an id string');
    assert.deepEqual(JSON.parse(ev[1]!.traits), { plan: 'pro' });
    const q = await quarantine(store);
    assert.deepEqual(JSON.parse(q[0]!.raw!), { n: 3, type: 'track', user_id: 103, event: 'Refund', timestamp: null, properties: null, traits: null, message_id: 'o-3', anonymous_id: null });
  });
});

test('JSONL: --map renames keys of a non-Segment export and nests others into properties', async () => {
  await withStore(async (store, file) => {
    const text = [line({ customer_id: 'c-1', action: 'Order Completed', created_at: ts, amount: 12.5, meta: { a: 1 } })].join('\n');
    const r = await importFile(store, {
      path: file('crm.jsonl', text),
      defaultType: 'track',
      map: { customer_id: 'userId', action: 'event', created_at: 'timestamp', amount: 'properties.revenue', meta: 'properties.extra.meta' },
    });
    assert.equal(r.accepted, 1);
    const [e] = await events(store);
    assert.deepEqual([e!.user_id, e!.event, e!.timestamp], ['c-1', 'Order Completed', '2024-05-01T10:00:00.000Z']);
    assert.deepEqual(JSON.parse(e!.properties), { revenue: 12.5, extra: { meta: { a: 1 } } });
  });
});
