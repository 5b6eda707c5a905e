import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_PROJECT_CONFIG, normalizeMessage } from '@trailmap/core';
import { migrate, type EventStore } from '../src/index.js';
import { openTestStore } from '../src/testing/test-store.js';

const flushed = async (s: { flush(): Promise<void>; db: import('../src/index.js').Warehouse }) => {
  await s.flush();
  return s.db;
};

const ev = (m: Record<string, unknown>) => {
  const r = normalizeMessage(m, { receivedAt: Date.parse('2026-06-01T00:00:00Z'), source: 'test' });
  assert.ok(r.ok, JSON.stringify(!r.ok && r.error));
  return r.value;
};

async function withStore(fn: (s: EventStore, dir: string) => Promise<void>) {
  const dir = mkdtempSync(join(tmpdir(), 'trailmap-store-'));
  const store = await openTestStore(dir);
  try {
    await fn(store, dir);
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

test('migrations are versioned and applied once', async () => {
  await withStore(async (store) => {
    const again = await migrate(store.db);
    assert.deepEqual(again.applied, []);
    const rows = await (await flushed(store)).query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
    assert.deepEqual(rows.map((r) => r.version), [1, 2, 3, 4, 5, 6]);
  });
});

test('a later identify re-points earlier anonymous events to the known person', async () => {
  await withStore(async (store) => {
    await store.ingestBatch([ev({ type: 'track', event: 'Product Viewed', anonymousId: 'dev1', messageId: 'e1', timestamp: '2026-05-01T10:00:00Z' })]);
    await store.ingestBatch([ev({ type: 'track', event: 'Product Viewed', anonymousId: 'dev2', messageId: 'e2', timestamp: '2026-05-02T10:00:00Z' })]);
    await store.ingestBatch([ev({ type: 'identify', userId: 'kim', messageId: 'e3', timestamp: '2026-05-03T10:00:00Z' })]);
    await store.ingestBatch([ev({ type: 'identify', userId: 'kim', anonymousId: 'dev1', messageId: 'e4', timestamp: '2026-05-04T10:00:00Z' })]);
    await store.ingestBatch([ev({ type: 'track', event: 'Order Completed', userId: 'kim', anonymousId: 'dev2', messageId: 'e5', timestamp: '2026-05-05T10:00:00Z' })]);
    const rows = await (await flushed(store)).query<{ person_id: string }>('SELECT DISTINCT person_id FROM events');
    assert.equal(rows.length, 1, 'all five events belong to one person');
    const merges = await (await flushed(store)).query('SELECT * FROM identity_merges');
    assert.equal(merges.length, 2);
    const p = await store.profile('dev2');
    assert.equal(p?.eventCount, 5);
    assert.equal(p?.firstSeen, '2026-05-01T10:00:00.000Z');
  });
});

test('a shared device does not merge two known users; the refusal is logged', async () => {
  await withStore(async (store) => {
    await store.ingestBatch([ev({ type: 'identify', userId: 'ann', anonymousId: 'kiosk', messageId: 's1', timestamp: '2026-05-01T10:00:00Z' })]);
    await store.ingestBatch([ev({ type: 'identify', userId: 'ben', anonymousId: 'kiosk', messageId: 's2', timestamp: '2026-05-02T10:00:00Z' })]);
    const ann = await store.profile('ann');
    const ben = await store.profile('ben');
    assert.notEqual(ann?.id, ben?.id);
    assert.equal((await store.profile('kiosk'))?.id, ann?.id);
    const c = await (await flushed(store)).query<{ reason: string; message_id: string }>('SELECT reason, message_id FROM identity_conflicts');
    assert.equal(c.length, 1);
    assert.equal(c[0]!.message_id, 's2');
    // The refused identify is still stored, under ben.
    assert.equal(ben?.eventCount, 1);
  });
});

test('consent: the latest choice per category wins', async () => {
  await withStore(async (store) => {
    await store.ingestBatch([
      ev({ type: 'identify', userId: 'c', messageId: 'c1', timestamp: '2026-05-01T00:00:00Z', context: { consent: { categoryPreferences: { analytics: true, marketing: true } } } }),
      ev({ type: 'track', event: 'Consent Updated', userId: 'c', messageId: 'c2', timestamp: '2026-05-02T00:00:00Z', context: { consent: { categoryPreferences: { marketing: false } } } }),
    ]);
    const p = await store.profile('c');
    const { categories, updatedAt, purposes, region } = p!.consent;
    assert.deepEqual({ categories, updatedAt }, { categories: { analytics: true, marketing: false }, updatedAt: '2026-05-02T00:00:00.000Z' });
    // The effective consent per purpose (docs/privacy.md#consent): explicit where chosen, else the region default.
    assert.deepEqual([region, purposes.analytics!.granted, purposes.marketing!.granted, purposes.marketing!.at, purposes.personalisation!.basis], ['other', true, false, '2026-05-02T00:00:00.000Z', 'default']);
    assert.equal(p!.consent.history.length, 3);
  });
});

test('event names and ids with quotes, semicolons and unicode are stored as data', async () => {
  await withStore(async (store) => {
    const nasty = `x'); DROP TABLE events; --"订单`;
    await store.ingestBatch([ev({ type: 'track', event: nasty, userId: nasty, messageId: nasty })]);
    const rows = await (await flushed(store)).query<{ event: string; user_id: string }>('SELECT event, user_id FROM events');
    assert.deepEqual(rows, [{ event: nasty, user_id: nasty }]);
    assert.equal((await store.profile(nasty))?.eventCount, 1);
  });
});

test('quarantined records are stored once even when sent twice', async () => {
  await withStore(async (store) => {
    const q = { source: 'http', record: 'request', code: 'no_user_anon_id', reason: 'either userId or anonymousId is required', raw: '{"event":"x"}' };
    await store.ingestBatch([], [q]);
    await store.ingestBatch([], [q]);
    const rows = await (await flushed(store)).query('SELECT code FROM quarantine');
    assert.equal(rows.length, 1);
  });
});
