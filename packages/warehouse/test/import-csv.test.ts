import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ImportError, importFile } from '../src/index.js';
import { events, fixture, quarantine, withStore } from './fixtures/import-helpers.js';

test('CSV: good rows are stored, bad ones quarantined at their exact line (hand-checked fixture)', async () => {
  await withStore(async (store) => {
    const r = await importFile(store, { path: fixture('events.csv') });
    // 11 records: lines 2–8, 9–10 (a quoted value spanning two lines), 12, 13, 14; line 11 is blank.
    assert.deepEqual(
      { rows: r.rows, accepted: r.accepted, quarantined: r.quarantined, duplicates: r.duplicates, alreadyImported: r.alreadyImported },
      { rows: 11, accepted: 7, quarantined: 4, duplicates: 0, alreadyImported: false },
    );
    assert.deepEqual(
      r.quarantineSample.map((q) => [q.line, q.code, q.field]),
      [
        [4, 'invalid_field', 'timestamp'],
        [5, 'no_user_anon_id', null],
        [6, 'invalid_type', 'type'],
        [7, 'invalid_csv', null],
      ],
    );
    assert.deepEqual(r.warnings, []);
    assert.match(r.quarantineSample[0]!.reason, /ISO-8601.*"yesterday"/);
    assert.match(r.quarantineSample[3]!.reason, /more cells than the header/);
    const q = await quarantine(store);
    assert.deepEqual(
      q.map((x) => [x.line, x.record, x.raw]),
      [
        [4, 'line 4', 'track,u3,,Order Completed,yesterday,c3,5,/checkout'],
        [5, 'line 5', 'track,,,Order Completed,2024-05-01T10:10:00Z,c4,5,/checkout'],
        [6, 'line 6', 'signup,u4,,Signed Up,2024-05-01T10:15:00Z,c5,,'],
        [7, 'line 7', 'track,u5,,"Said ""hi""",2024-05-01T10:20:00Z,c6,,/x,extra'],
      ],
    );
    const ev = await events(store);
    assert.deepEqual(ev.map((e) => e.message_id), ['c1', 'c10', 'c11', 'c2', 'c7', 'c8', 'c9']);
    const byId = new Map(ev.map((e) => [e.message_id, e]));
    assert.equal(byId.get('c2')!.properties, '{"revenue":19.99}');
    assert.equal(byId.get('c2')!.context, '{"page":{"path":"/checkout"}}');
    assert.equal(byId.get('c8')!.event, 'Note\nwith newline');
    assert.equal(byId.get('c8')!.properties, '{"revenue":1}');
    assert.equal(byId.get('c11')!.properties, '{"revenue":true}', 'true is a boolean');
    assert.equal(byId.get('c10')!.event, '5" screen', 'a quote inside an unquoted cell is kept');
    assert.equal(byId.get('c7')!.type, 'identify');
    assert.equal(byId.get('c7')!.timestamp, '2024-05-01T10:00:00.000Z', '12:00+02:00 is 10:00 UTC');
    assert.equal(byId.get('c9')!.anonymous_id, 'a9');
    assert.equal(byId.get('c1')!.source, 'file:events.csv');
  });
});

test('CSV: a CRM export is imported with --map and --type track', async () => {
  await withStore(async (store) => {
    const r = await importFile(store, {
      path: fixture('crm-export.csv'),
      map: { customer_id: 'userId', action: 'event', created_at: 'timestamp', amount: 'properties.revenue' },
      defaultType: 'track',
    });
    assert.deepEqual([r.rows, r.accepted, r.quarantined, r.duplicates], [4, 3, 1, 0]);
    assert.deepEqual(r.quarantineSample.map((q) => [q.line, q.code, q.field]), [[5, 'invalid_field', 'timestamp']]);
    assert.match(r.quarantineSample[0]!.reason, /timestamp \(column created_at\).*"03\/04\/2024"/);
    const ev = (await events(store)).sort((a, b) => (a.user_id! < b.user_id! ? -1 : 1));
    assert.deepEqual(
      ev.map((e) => [e.user_id, e.event, e.timestamp, (JSON.parse(e.properties) as { revenue?: number }).revenue ?? null]),
      [
        ['1001', 'Order Completed', '2024-03-01T09:00:00.000Z', 49.9],
        ['1002', 'Order Completed', '2024-03-02T10:30:00.000Z', 15],
        ['1003', 'Refund Requested', '2024-03-03T08:00:00.000Z', null],
      ],
    );
    assert.ok(ev.every((e) => /^imp-[0-9a-f]{32}$/.test(e.message_id)), 'rows without messageId get a content id');
  });
});

test('CSV: an unknown column stops the import and names it; --unknown-columns properties keeps it', async () => {
  await withStore(async (store, file) => {
    const path = file('plans.csv', 'type,userId,event,timestamp,plan,seats\ntrack,u1,Upgraded,2024-05-01T10:00:00Z,pro,5\n');
    await assert.rejects(importFile(store, { path }), (e: unknown) => {
      assert.ok(e instanceof ImportError);
      assert.match(e.message, /plans\.csv: unknown columns "plan", "seats"/);
      assert.match(e.message, /--map plan=properties\.plan/);
      assert.match(e.message, /--unknown-columns properties/);
      return true;
    });
    assert.equal(await store.eventCount(), 0);
    const r = await importFile(store, { path, unknownColumns: 'properties' });
    assert.equal(r.accepted, 1);
    const [e] = await events(store);
    assert.equal(e!.properties, '{"plan":"pro","seats":5}');
  });
});

test('CSV: a properties column holds JSON; dotted columns merge into it; a bad JSON cell is quarantined', async () => {
  await withStore(async (store, file) => {
    const path = file(
      'props.csv',
      [
        'type,userId,event,timestamp,messageId,properties,properties.coupon',
        'track,u1,Buy,2024-05-01T10:00:00Z,p1,"{""sku"": ""A1"", ""qty"": 2}",SPRING',
        'track,u2,Buy,2024-05-01T10:00:00Z,p2,"[1,2]",',
        'track,u3,Buy,2024-05-01T10:00:00Z,p3,not json,',
        'track,u4,Buy,2024-05-01T10:00:00Z,p4,"{""a"":1,}",',
      ].join('\n'),
    );
    const r = await importFile(store, { path });
    assert.deepEqual([r.accepted, r.quarantined], [1, 3]);
    assert.deepEqual(r.quarantineSample.map((q) => [q.line, q.code, q.field]), [
      [3, 'invalid_field', 'properties'],
      [4, 'invalid_field', 'properties'],
      [5, 'invalid_field', 'properties'],
    ]);
    const [e] = await events(store);
    assert.deepEqual(JSON.parse(e!.properties), { sku: 'A1', qty: 2, coupon: 'SPRING' });
  });
});

test('CSV: line numbers stay exact with CRLF, mixed line endings, blank lines and a header only', async () => {
  await withStore(async (store, file) => {
    const rows = ['type,userId,event,timestamp', 'track,u1,A,2024-05-01T10:00:00Z', '', 'track,,B,2024-05-01T10:00:00Z', 'track,u3,C,bad'];
    for (const [name, text] of [
      ['crlf.csv', rows.join('\r\n') + '\r\n'],
      ['mixed.csv', rows.join('\n').replace('A,2024-05-01T10:00:00Z\n', 'A,2024-05-01T10:00:00Z\r\n') + '\r\n'],
      ['semicolon.csv', rows.map((r) => r.replace(/,/g, ';')).join('\n')],
    ] as const) {
      const r = await importFile(store, { path: file(name, text) });
      assert.deepEqual(r.quarantineSample.map((q) => [q.line, q.code]), [[4, 'no_user_anon_id'], [5, 'invalid_field']], name);
      assert.equal(r.rows, 3, name);
    }
    const empty = await importFile(store, { path: file('header-only.csv', 'type,userId,event,timestamp\n') });
    assert.deepEqual([empty.rows, empty.accepted, empty.quarantined], [0, 0, 0]);
  });
});

test('CSV: rejected rows after multi-line values (one with a blank line inside) keep their line', async () => {
  await withStore(async (store, file) => {
    const text = [
      'type,userId,event,timestamp',
      'track,u1,"a',
      'b',
      'c",2024-05-01T10:00:00Z',
      'track,u2,x,2024-05-01T10:00:00Z,extra',
      'track,u3,"d',
      '',
      'e",2024-05-01T10:00:00Z',
      'track,u4,y',
      'track,,z,2024-05-01T10:00:00Z',
    ].join('\n');
    const r = await importFile(store, { path: file('multi.csv', text) });
    assert.deepEqual(r.quarantineSample.map((q) => [q.line, q.code]), [[5, 'invalid_csv'], [9, 'invalid_csv'], [10, 'no_user_anon_id']]);
    assert.deepEqual([r.rows, r.accepted, r.warnings.length], [5, 2, 0]);
    const q = await quarantine(store);
    assert.equal(q.find((x) => x.line === 10)!.raw, 'track,,z,2024-05-01T10:00:00Z');
  });
});

test('CSV: file problems are ImportErrors that name the file', async () => {
  await withStore(async (store, file, dir) => {
    const cases: Array<[Parameters<typeof importFile>[1], RegExp]> = [
      [{ path: `${dir}/missing.csv` }, /missing\.csv: no such file/],
      [{ path: file('empty.csv', '') }, /empty\.csv: the file is empty/],
      [{ path: dir, format: 'csv' }, /is a directory/],
      [{ path: file('data.xlsx', 'x') }, /data\.xlsx: cannot tell the format.*--format/],
      [{ path: file('blank-header.csv', '\ntrack,u1\n') }, /blank-header\.csv: the first line is empty/],
      [{ path: file('dup.csv', 'type,userId,UserID,timestamp\n') }, /dup\.csv: the header names column "userId" twice/],
      [{ path: file('open-quote.csv', 'type,"userId,timestamp\n') }, /open-quote\.csv: cannot read the header row/],
      [{ path: file('no-type.csv', 'userId,event,timestamp\nu1,A,2024-05-01\n') }, /no-type\.csv: there is no type column.*--type track/],
      [{ path: file('no-time.csv', 'type,userId,event\ntrack,u1,A\n') }, /no-time\.csv: there is no timestamp column/],
      [{ path: file('map.csv', 'type,userId,timestamp\n'), map: { customer: 'userId' } }, /map\.csv: --map customer=userId: the file has no column "customer"/],
      [{ path: file('target.csv', 'type,userId,timestamp,x\n'), map: { x: 'revenue' } }, /target\.csv: --map x=revenue: target "revenue" is not a field/],
      [{ path: file('both.csv', 'type,userId,user_id,timestamp\n') }, /both\.csv: columns "userId" and "user_id" both fill userId/],
      [{ path: file('array.json', '[{"type":"track"}]') }, /array\.json: this looks like one JSON array/],
    ];
    for (const [opts, pattern] of cases) {
      await assert.rejects(importFile(store, opts), (e: unknown) => {
        assert.ok(e instanceof ImportError, `${opts.path}: ${String(e)}`);
        assert.match(e.message, pattern);
        return true;
      });
    }
  });
});

test('CSV: re-importing the same file adds nothing and says so; the counts still add up', async () => {
  await withStore(async (store) => {
    const first = await importFile(store, { path: fixture('events.csv') });
    const before = { events: await store.eventCount(), quarantine: (await quarantine(store)).length };
    const again = await importFile(store, { path: fixture('events.csv') });
    assert.equal(again.alreadyImported, true);
    assert.deepEqual([again.rows, again.accepted, again.duplicates, again.quarantined], [11, 0, 7, 4]);
    assert.equal(again.rows, again.accepted + again.quarantined + again.duplicates);
    assert.deepEqual({ events: await store.eventCount(), quarantine: (await quarantine(store)).length }, before);
    assert.equal(first.alreadyImported, false);
    // The imports log keeps one record per file: the first import's counts, and how often it came.
    const log = await store.importsLog.list();
    assert.deepEqual(log.map((l) => [l.fileName, l.rows, l.accepted, l.times]), [['events.csv', 11, 7, 2]]);
  });
});

test('CSV: two identical rows without messageId are one event and one duplicate; an edited export still deduplicates', async () => {
  await withStore(async (store, file) => {
    const header = 'type,userId,event,timestamp,properties.plan';
    const row = 'track,u1,Upgraded,2024-05-01T10:00:00Z,pro';
    const r = await importFile(store, { path: file('a.csv', [header, row, row].join('\n')) });
    assert.deepEqual([r.rows, r.accepted, r.duplicates], [2, 1, 1]);
    const edited = await importFile(store, { path: file('b.csv', [header, row, 'track,u2,Upgraded,2024-05-02T10:00:00Z,team'].join('\n')) });
    assert.deepEqual([edited.rows, edited.accepted, edited.duplicates, edited.alreadyImported], [2, 1, 1, false]);
    assert.equal(await store.eventCount(), 2);
  });
});
