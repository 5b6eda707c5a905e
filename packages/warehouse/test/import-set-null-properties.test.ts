import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { importFile, type ImportOptions, type ImportReport } from '../src/index.js';
import type { EventStore } from '../src/index.js';
import { events, quarantine, withStore } from './fixtures/import-helpers.js';

// Properties of --set and --null, each checked by importing two files that must mean the same
// into two fresh stores: the reports, the stored events and the quarantine codes must agree.

const csvCell = (v: string, quote: boolean) => (quote || /[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
const csvFile = (header: readonly string[], rows: ReadonlyArray<ReadonlyArray<{ text: string; quote: boolean }>>) =>
  [header.join(','), ...rows.map((r) => r.map((c) => csvCell(c.text, c.quote)).join(','))].join('\n') + '\n';

interface Row {
  type: string;
  userId: string | null;
  anonymousId: string | null;
  timestamp: string;
  sku: string | null;
  qty: string | null;
}

const ROW = fc.record({
  type: fc.constantFrom('track', 'identify', 'page', 'Track'),
  userId: fc.option(fc.constantFrom('u1', 'u2', 'u 3', 'ü4', '10001'), { nil: null }),
  anonymousId: fc.option(fc.constantFrom('a1', 'a2', 'a,3'), { nil: null }),
  timestamp: fc.constantFrom('2024-05-01T10:00:00Z', '2024-05-01 12:00:00+02:00', '2024-05-02', 'yesterday', '2024-02-30T10:00:00Z', '2199-12-31T23:59:59Z'),
  sku: fc.option(fc.constantFrom('SKU-1', '12', 'true', '007', 'x"y', ''), { nil: null }),
  qty: fc.option(fc.constantFrom('1', '2.5', '-3', 'many'), { nil: null }),
});

/** What an import did and left, without what differs by design (raw text, source file bytes). */
async function outcome(store: EventStore, r: ImportReport) {
  assert.equal(r.rows, r.accepted + r.quarantined + r.duplicates, 'every row counted once');
  const q = await quarantine(store);
  return {
    counts: [r.rows, r.accepted, r.quarantined, r.duplicates],
    events: await events(store),
    quarantine: q.map((x) => [x.line, x.record, x.code, x.field, x.reason]),
  };
}

async function importBoth(a: { text: string; opts: Omit<ImportOptions, 'path'> }, b: { text: string; opts: Omit<ImportOptions, 'path'> }) {
  let left: unknown;
  let right: unknown;
  await withStore(async (store, file) => {
    const r = await importFile(store, { path: file('export.csv', a.text), ...a.opts });
    left = await outcome(store, r);
  });
  await withStore(async (store, file) => {
    const r = await importFile(store, { path: file('export.csv', b.text), ...b.opts });
    right = await outcome(store, r);
  });
  return { left, right };
}

test('property: --set FIELD=V imports as a column FIELD holding V in every row would (event and a dotted path)', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(ROW, { minLength: 1, maxLength: 12 }),
      fc.constantFrom('Order Line', 'Line, EU', 'Say "hi"', 'ü', '12'),
      fc.constantFrom('Berlin', '12', 'TRUE', '007', 'a,b', '-0.5'),
      async (rows, event, store) => {
        const cells = (r: Row) => [r.type, r.userId ?? '', r.anonymousId ?? '', r.timestamp, r.sku ?? ''].map((text) => ({ text, quote: false }));
        const withColumns = csvFile(['type', 'userId', 'anonymousId', 'timestamp', 'properties.sku', 'event', 'properties.store'], rows.map((r) => [...cells(r), { text: event, quote: false }, { text: store, quote: false }]));
        const withoutColumns = csvFile(['type', 'userId', 'anonymousId', 'timestamp', 'properties.sku'], rows.map(cells));
        const { left, right } = await importBoth({ text: withColumns, opts: {} }, { text: withoutColumns, opts: { set: { event, 'properties.store': store } } });
        assert.deepEqual(right, left);
      },
    ),
    { numRuns: 12 },
  );
});

test('property: --null M imports as the same file with those cells empty would (quoted or not)', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(fc.tuple(ROW, fc.array(fc.boolean(), { minLength: 5, maxLength: 5 }), fc.array(fc.boolean(), { minLength: 5, maxLength: 5 })), { minLength: 1, maxLength: 12 }),
      fc.constantFrom('NA', 'N/A', 'null', '-', '\\N'),
      async (rows, marker) => {
        // A cell is either its value or missing; missing is the marker in one file, empty in the other.
        const values = (r: Row) => [r.userId, r.anonymousId, r.sku, r.qty, r.type].map((v) => (v === marker ? null : v));
        const file = (missing: string) =>
          csvFile(
            ['userId', 'anonymousId', 'properties.sku', 'properties.qty', 'type', 'timestamp'],
            rows.map(([r, blank, quote]) => [
              ...values(r).map((v, i) => ({ text: v === null || blank[i] ? missing : v, quote: quote[i]! })),
              { text: r.timestamp, quote: false },
            ]),
          );
        const { left, right } = await importBoth({ text: file(''), opts: { defaultType: 'track', set: { event: 'E' } } }, { text: file(marker), opts: { defaultType: 'track', set: { event: 'E' }, nullMarkers: [marker] } });
        assert.deepEqual(right, left);
      },
    ),
    { numRuns: 12 },
  );
});

test('property: JSON Lines --null M reads a top-level string M as an absent key', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(fc.tuple(ROW, fc.array(fc.boolean(), { minLength: 3, maxLength: 3 })), { minLength: 1, maxLength: 12 }), async (rows) => {
      const line = (r: Row, blank: boolean[], missing: (o: Record<string, unknown>, k: string) => void) => {
        const o: Record<string, unknown> = { type: r.type, event: 'E', timestamp: r.timestamp, properties: { sku: r.sku, qty: 'NA' } };
        ([['userId', r.userId], ['anonymousId', r.anonymousId], ['name', 'Home']] as const).forEach(([k, v], i) => (v === null || blank[i] ? missing(o, k) : (o[k] = v)));
        return JSON.stringify(o);
      };
      const text = (missing: (o: Record<string, unknown>, k: string) => void) => rows.map(([r, blank]) => line(r, blank, missing)).join('\n') + '\n';
      const run = async (content: string, opts: Omit<ImportOptions, 'path'>) => {
        let out: unknown;
        await withStore(async (store, file) => {
          out = await outcome(store, await importFile(store, { path: file('m.jsonl', content), ...opts }));
        });
        return out;
      };
      const absent = await run(text(() => undefined), {});
      const marked = await run(text((o, k) => (o[k] = 'NA')), { nullMarkers: ['NA'] });
      assert.deepEqual(marked, absent);
    }),
    { numRuns: 10 },
  );
});
