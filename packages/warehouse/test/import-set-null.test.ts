import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ImportError, importFile, parseConstants } from '../src/index.js';
import { events, fixtureDb, quarantine, withStore } from './fixtures/import-helpers.js';

// --set (a constant for a field the file has no column for) and --null (the export's own null marker).

const POS = [
  'order_id,customer_id,visitor,created_at,sku,qty,note',
  '1001,C-1,NA,2024-05-01T10:00:00Z,SKU-1,2,first',
  '1002,NA,v-7,2024-05-01T11:00:00Z,SKU-2,NA,NA',
  '1003,NA,NA,2024-05-01T12:00:00Z,SKU-3,1,',
  '1004,C-2,,2024-05-01T13:00:00Z,"NA",3,"N/A"',
  '',
].join('\n');
const POS_MAP = { order_id: 'properties.order_id', customer_id: 'userId', visitor: 'anonymousId', created_at: 'timestamp', sku: 'properties.sku', qty: 'properties.qty', note: 'properties.note' };

test('CSV order lines: --set event gives every row its event, --null NA makes NA cells absent (hand-checked)', async () => {
  await withStore(async (store, file) => {
    const path = file('pos.csv', POS);
    // Without the two options every row lacks an event (and NA would be a person).
    const before = await importFile(store, { path, map: POS_MAP, defaultType: 'track' });
    assert.deepEqual([before.rows, before.accepted, before.quarantined, before.duplicates], [4, 0, 4, 0]);
    assert.ok(before.quarantineSample.every((q) => q.code === 'missing_field' && q.field === 'event'));

    const r = await importFile(store, { path, map: POS_MAP, defaultType: 'track', set: { event: 'Order Line', 'properties.store': 'Berlin', 'context.channel': 'store' }, nullMarkers: ['NA'] });
    assert.deepEqual([r.rows, r.accepted, r.quarantined, r.duplicates], [4, 3, 1, 0]);
    assert.equal(r.rows, r.accepted + r.quarantined + r.duplicates);
    assert.deepEqual(r.quarantineSample.map((q) => [q.line, q.code]), [[4, 'no_user_anon_id']], 'both ids NA: no one to attach the row to');
    const ev = await events(store);
    const byOrder = (x: unknown[], y: unknown[]) => (x[3] as { order_id: number }).order_id - (y[3] as { order_id: number }).order_id;
    assert.deepEqual(
      ev.map((e) => [e.event, e.user_id, e.anonymous_id, JSON.parse(e.properties), JSON.parse(e.context)]).sort(byOrder),
      [
        ['Order Line', 'C-1', null, { order_id: 1001, sku: 'SKU-1', qty: 2, note: 'first', store: 'Berlin' }, { channel: 'store' }],
        ['Order Line', null, 'v-7', { order_id: 1002, sku: 'SKU-2', store: 'Berlin' }, { channel: 'store' }],
        ['Order Line', 'C-2', null, { order_id: 1004, qty: 3, note: 'N/A', store: 'Berlin' }, { channel: 'store' }],
      ],
      'a quoted "NA" is a marker too (as a quoted empty cell is empty); N/A is not',
    );
    assert.ok(!ev.some((e) => e.user_id === 'NA' || e.anonymous_id === 'NA'), 'NA is nobody');
    const [q] = (await quarantine(store)).filter((x) => x.code === 'no_user_anon_id');
    assert.equal(q!.raw, '1003,NA,NA,2024-05-01T12:00:00Z,SKU-3,1,', 'the quarantine keeps the line as written');
  });
});

test('--set values are checked as the API checks the field; unknown fields and collisions are named', () => {
  const bad = (set: Record<string, string>, field: string, message: RegExp) => {
    const r = parseConstants(set);
    assert.equal(r.ok, false, JSON.stringify(set));
    if (!r.ok) {
      assert.equal(r.error.field, field);
      assert.match(r.error.message, message);
    }
  };
  bad({ evnt: 'x' }, 'set.evnt', /--set "evnt" is not a field; use one of type, event/);
  bad({ type: 'purchase' }, 'set.type', /--set type: expected one of track, identify/);
  bad({ timestamp: 'yesterday' }, 'set.timestamp', /--set timestamp="yesterday": timestamp: expected an ISO-8601 date/);
  bad({ timestamp: '2024-02-30T10:00:00Z' }, 'set.timestamp', /real calendar day/);
  bad({ timestamp: '1850-01-01T00:00:00Z' }, 'set.timestamp', /outside the supported range/);
  bad({ event: '' }, 'set.event', /give a value/);
  bad({ event: 'e'.repeat(513) }, 'set.event', /event/);
  bad({ userId: 'u'.repeat(513) }, 'set.userId', /512/);
  bad({ messageId: 'm-1' }, 'set.messageId', /all but the first would be duplicates/);
  bad({ context: '{"a":' }, 'set.context', /expected JSON object text/);
  bad({ properties: '[1,2]' }, 'set.properties', /expected a JSON object/);
  bad({ 'properties.': 'x' }, 'set.properties.', /is not a field/);
  assert.equal(parseConstants({ type: 'track' }, 'track').ok, false, '--set type and --type together');
  const http = parseConstants({ evnt: 'x' }, undefined, 'http');
  assert.ok(!http.ok && /^set: "evnt" is not a field/.test(http.error.message), 'over HTTP the parameter is named set');
  const good = parseConstants({ event: 'Order Line', user_id: 'c-1', timestamp: '2024-05-01 12:00:00+02:00', 'traits.plan': 'pro', context: '{"channel":"store"}', name: 'Home' });
  assert.ok(good.ok);
  assert.deepEqual(good.value.map((c) => c.target), [
    { kind: 'field', field: 'event' },
    { kind: 'field', field: 'userId' },
    { kind: 'field', field: 'timestamp' },
    { kind: 'dotted', root: 'traits', path: ['plan'] },
    { kind: 'field', field: 'context' },
    { kind: 'field', field: 'name' },
  ]);
});

test('--set may not fill a field a column fills (CSV, Parquet) or a --map target (JSON Lines); importFile refuses bad constants itself', async () => {
  await withStore(async (store, file) => {
    const csv = file('e.csv', 'type,userId,event,timestamp\ntrack,u1,Signed Up,2024-05-01T10:00:00Z\n');
    await assert.rejects(importFile(store, { path: csv, set: { event: 'X' } }), (e: unknown) => {
      assert.ok(e instanceof ImportError);
      assert.match(e.message, /column "event" and --set event both fill event; drop --set event or map the column elsewhere/);
      return true;
    });
    const ok = await importFile(store, { path: csv, set: { 'properties.a': '1' } });
    assert.equal(ok.accepted, 1, 'a dotted constant beside other columns is fine');
    const dotted = file('p.csv', 'type,userId,timestamp,properties.a\ntrack,u,2024-05-01T10:00:00Z,1\n');
    await assert.rejects(importFile(store, { path: dotted, set: { 'properties.a': '2' } }), /column "properties\.a" and --set properties\.a both fill properties\.a/);
    await assert.rejects(importFile(store, { path: dotted, set: { properties: '{"b":1}', 'properties.a.b': '2' } }), /--set properties\.a\.b fills/);
    const jsonl = file('e.jsonl', JSON.stringify({ type: 'track', userId: 'u1', action: 'A', timestamp: '2024-05-01T10:00:00Z' }) + '\n');
    await assert.rejects(importFile(store, { path: jsonl, map: { action: 'event' }, set: { event: 'X' } }), /column "action" and --set event both fill event/);
    await assert.rejects(importFile(store, { path: jsonl, set: { type: 'bogus' } }), /--set type: expected one of/);
    await assert.rejects(importFile(store, { path: jsonl, nullMarkers: [''] }), /--null: give the text/);
    assert.equal(await store.eventCount(), 1, 'only the one valid import stored anything');
  });
});

test('JSON Lines: --set replaces each line\'s own value and merges dotted paths; --null applies to top-level string values only', async () => {
  await withStore(async (store, file) => {
    const lines = [
      { type: 'track', userId: 'u1', event: 'Own Name', timestamp: '2024-05-01T10:00:00Z', properties: { a: 'NA', b: 1 } },
      { type: 'track', userId: 'NA', anonymousId: 'a2', timestamp: '2024-05-01T11:00:00Z', properties: { b: 2 } },
      { type: 'track', userId: 'NA', anonymousId: 'NA', timestamp: '2024-05-01T12:00:00Z' },
      { type: 'track', userId: 'u4', anonymousId: 'NA', timestamp: '2024-05-01T13:00:00Z', properties: 'NA' },
    ];
    const r = await importFile(store, { path: file('m.jsonl', lines.map((l) => JSON.stringify(l)).join('\n') + '\n'), set: { event: 'Order Line', 'properties.store': '7' }, nullMarkers: ['NA'] });
    assert.deepEqual([r.rows, r.accepted, r.quarantined, r.duplicates], [4, 3, 1, 0]);
    assert.deepEqual(r.quarantineSample.map((q) => [q.line, q.code]), [[3, 'no_user_anon_id']]);
    const ev = await events(store);
    assert.deepEqual(
      ev.map((e) => [e.event, e.user_id, e.anonymous_id, JSON.parse(e.properties)]).sort((x, y) => String(x[2] ?? x[1]).localeCompare(String(y[2] ?? y[1]))),
      [
        ['Order Line', null, 'a2', { b: 2, store: 7 }],
        ['Order Line', 'u1', null, { a: 'NA', b: 1, store: 7 }],
        ['Order Line', 'u4', null, { store: 7 }],
      ],
    );
  });
});

test('Parquet: --null blanks text cells (not numbers), --set fills a missing event; dotted constants are typed as CSV text is', async () => {
  await withStore(async (store, _file, dir) => {
    const path = `${dir}/pos.parquet`;
    await (await fixtureDb()).exec(`
      COPY (SELECT * FROM (VALUES
        (1, 'C-1', 'NA', TIMESTAMP '2024-05-01 10:00:00', 2),
        (2, 'NA', 'v-2', TIMESTAMP '2024-05-01 11:00:00', NULL),
        (3, 'NA', 'NA', TIMESTAMP '2024-05-01 12:00:00', 5)
      ) t(order_id, user_id, anonymous_id, timestamp, qty) ORDER BY order_id) TO '${path}' (FORMAT parquet)`);
    const r = await importFile(store, {
      path,
      defaultType: 'track',
      map: { order_id: 'properties.order_id', qty: 'properties.qty' },
      set: { event: 'Order Line', 'properties.count': '3', 'properties.flag': 'TRUE', 'properties.code': '007' },
      nullMarkers: ['NA', '2'],
    });
    assert.deepEqual([r.rows, r.accepted, r.quarantined, r.duplicates], [3, 2, 1, 0]);
    assert.deepEqual(r.quarantineSample.map((q) => [q.record, q.code]), [['row 3', 'no_user_anon_id']]);
    const ev = await events(store);
    assert.deepEqual(
      ev.map((e) => [e.event, e.user_id, e.anonymous_id, JSON.parse(e.properties)]).sort((x, y) => (x[3] as { order_id: number }).order_id - (y[3] as { order_id: number }).order_id),
      [
        ['Order Line', 'C-1', null, { order_id: 1, qty: 2, count: 3, flag: true, code: '007' }],
        ['Order Line', null, 'v-2', { order_id: 2, count: 3, flag: true, code: '007' }],
      ],
      'the INTEGER qty 2 stays a number though "2" is a marker',
    );
  });
});
