import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_PROJECT_CONFIG, normalizeMessage, projectConfigSchema, type ProjectConfig } from '@trailmap/core';
import { importFile, type EventStore } from '../src/index.js';
import { openTestStore } from '../src/testing/test-store.js';

const salt = Buffer.alloc(32, 3);
const hmac = (s: string) => 'h:' + createHmac('sha256', salt).update(s).digest('hex');
const ts = '2026-06-01T10:00:00.000Z';
const ev = (m: Record<string, unknown>) => {
  const r = normalizeMessage(m, { receivedAt: Date.parse(ts), source: 'test' });
  assert.ok(r.ok, JSON.stringify(!r.ok && r.error));
  return r.value;
};

async function withStore(project: ProjectConfig, fn: (s: EventStore, dir: string) => Promise<void>) {
  const dir = mkdtempSync(join(tmpdir(), 'trailmap-pii-'));
  const store = await openTestStore(dir, { project, piiSalt: salt });
  try {
    await fn(store, dir);
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const stored = async (store: EventStore) => {
  await store.flush();
    const db = store.db;
  const rows = await db.query<{ message_id: string; properties: unknown; traits: unknown; context: unknown }>(
    `SELECT message_id, properties, traits, context FROM events ORDER BY message_id`,
  );
  const j = (v: unknown) => (typeof v === 'string' ? JSON.parse(v) : v);
  return rows.map((r) => ({ id: r.message_id, properties: j(r.properties), traits: j(r.traits), context: j(r.context) }));
};

const messages = [
  { type: 'track', userId: 'u1', event: 'Order Completed', messageId: 'm1', timestamp: ts, properties: { order: 'ORD-20260601-0001', card: '4111 1111 1111 1111', total: 19.99 }, context: { ip: '203.0.113.9' } },
  { type: 'identify', userId: 'u1', messageId: 'm2', timestamp: ts, traits: { email: 'Jane@Example.com', 身份证号: '11010519491231002X', name: 'Jane Doe', phone: '+86 138 1234 5678' } },
  { type: 'track', userId: 'u2', event: 'Viewed', messageId: 'm3', timestamp: ts, properties: { sku: 'SKU-AB-1234' } },
];

test('the default policy at ingest: cards and resident IDs masked before they are stored, the rest kept, counts per key path', async () => {
  await withStore(DEFAULT_PROJECT_CONFIG, async (store) => {
    await store.ingestBatch(messages.map(ev));
    const rows = await stored(store);
    assert.deepEqual(rows[0]!.properties, { order: 'ORD-20260601-0001', card: '**** **** **** 1111', total: 19.99 });
    assert.deepEqual(rows[1]!.traits, { email: 'Jane@Example.com', 身份证号: '1101**********002X', name: 'Jane Doe', phone: '+86 138 1234 5678' });
    assert.deepEqual(rows[2]!.properties, { sku: 'SKU-AB-1234' });
    const summary = await store.piiSummary();
    assert.deepEqual(
      summary.keys.map((k) => [k.path, k.kind, k.values, k.actions, k.policyAction]),
      [
        ['context.ip', 'ip', 1, { keep: 1, mask: 0, hash: 0, drop: 0 }, 'keep'],
        ['properties.card', 'card', 1, { keep: 0, mask: 1, hash: 0, drop: 0 }, 'mask'],
        ['traits.email', 'email', 1, { keep: 1, mask: 0, hash: 0, drop: 0 }, 'keep'],
        ['traits.name', 'name', 1, { keep: 1, mask: 0, hash: 0, drop: 0 }, 'keep'],
        ['traits.phone', 'phone', 1, { keep: 1, mask: 0, hash: 0, drop: 0 }, 'keep'],
        ['traits.身份证号', 'cn_id', 1, { keep: 0, mask: 1, hash: 0, drop: 0 }, 'mask'],
      ],
    );
    assert.deepEqual(summary.kinds.find((k) => k.kind === 'email'), { kind: 'email', keys: 1, values: 1, action: 'keep' });
    // Nothing twice: the same messages again are duplicates, counted once.
    await store.ingestBatch(messages.map(ev));
    assert.equal((await store.piiSummary()).keys.reduce((s, k) => s + k.values, 0), 6);
  });
});

test('a project policy (hash emails, drop phones, mask IPs) applies alike to HTTP batches and to file imports', async () => {
  const project = projectConfigSchema.parse({ pii: { rules: [{ path: 'traits.email', action: 'hash' }, { kind: 'phone', action: 'drop' }], defaults: { ip: 'mask' } } });
  const viaBatch = await (async () => {
    let out: Awaited<ReturnType<typeof stored>> = [];
    await withStore(project, async (store) => {
      await store.ingestBatch(messages.map(ev));
      out = await stored(store);
    });
    return out;
  })();
  let viaImport: typeof viaBatch = [];
  await withStore(project, async (store, dir) => {
    const path = join(dir, 'events.jsonl');
    writeFileSync(path, messages.map((m) => JSON.stringify(m)).join('\n') + '\n');
    const r = await importFile(store, { path });
    assert.equal(r.accepted, 3);
    viaImport = await stored(store);
    const summary = await store.piiSummary();
    assert.deepEqual(summary.keys.find((k) => k.path === 'traits.phone')?.actions, { keep: 0, mask: 0, hash: 0, drop: 1 });
    assert.deepEqual(summary.keys.find((k) => k.path === 'traits.email')?.actions, { keep: 0, mask: 0, hash: 1, drop: 0 });
  });
  assert.deepEqual(viaImport, viaBatch);
  assert.deepEqual(viaBatch[1]!.traits, { email: hmac('jane@example.com'), 身份证号: '1101**********002X', name: 'Jane Doe' });
  assert.deepEqual(viaBatch[0]!.context, { ip: '203.0.113.*' });
});

test('every value of a large batch passes the policy (chunked reads): no card is stored in clear', async () => {
  await withStore(DEFAULT_PROJECT_CONFIG, async (store) => {
    const many = Array.from({ length: 25_000 }, (_, i) => ev({ type: 'track', userId: `u${i % 50}`, event: 'Paid', messageId: `p${i}`, timestamp: ts, properties: i % 2 ? { card: '5555555555554444' } : { n: i } }));
    await store.ingestBatch(many);
    await store.flush();
    const db = store.db;
    const [c] = await db.query<{ n: number }>(`SELECT count(*) AS n FROM events WHERE ${db.dialect.contains(db.dialect.toText('properties'), "'5555555555554444'")}`);
    assert.equal(Number(c!.n), 0);
    const [m] = await db.query<{ n: number }>(`SELECT count(*) AS n FROM events WHERE ${db.dialect.contains(db.dialect.toText('properties'), "'************4444'")}`);
    assert.equal(Number(m!.n), 12_500);
    assert.equal((await store.piiSummary()).keys[0]!.values, 12_500);
  });
});

test('a file import\'s refused rows are quarantined with their PII masked (reason and raw text), the valid rows by the policy', async () => {
  await withStore(DEFAULT_PROJECT_CONFIG, async (store, dir) => {
    const jsonl = join(dir, 'bad.jsonl');
    writeFileSync(jsonl, [
      JSON.stringify({ type: 'track', userId: 'u1', event: 'A', timestamp: 'jane.doe@example.com', properties: { card: '4111111111111111' } }),
      `{"type":"track","userId":"u1","event":"B","timestamp":"${ts}","properties":{"email":"jane.doe@example.com"}`,
      JSON.stringify({ type: 'track', userId: 'u1', event: 'C', timestamp: ts, messageId: 'good', properties: { card: '4111111111111111' } }),
    ].join('\n') + '\n');
    const r = await importFile(store, { path: jsonl });
    assert.deepEqual([r.accepted, r.quarantined], [1, 2]);
    assert.match(JSON.stringify(r.quarantineSample), /j\*\*\*@example\.com/, 'the report names the value, masked');
    assert.ok(!JSON.stringify(r.quarantineSample).includes('jane.doe@example.com'));
    const csv = join(dir, 'bad.csv');
    writeFileSync(csv, `type,userId,event,timestamp,traits.email\ntrack,u2,A,+86 138 1234 5678,jane.doe@example.com\n`);
    const c = await importFile(store, { path: csv });
    assert.equal(c.quarantined, 1);
    await store.flush();
    const rows = await store.db.query<{ reason: string; raw: string | null }>(`SELECT reason, raw FROM quarantine`);
    assert.equal(rows.length, 3);
    const text = JSON.stringify(rows);
    for (const secret of ['jane.doe@example.com', '4111111111111111', '138 1234 5678']) assert.ok(!text.includes(secret), `${secret} in ${text}`);
    assert.match(text, /j\*\*\*@example\.com/);
    const [good] = await stored(store);
    assert.deepEqual(good!.properties, { card: '************1111' });
  });
});

test('hashes are keyed by the state store\'s project salt: two stores on one state store hash alike, another state store differently', async () => {
  const { openMemoryState, projectSalt } = await import('@trailmap/state');
  const project = projectConfigSchema.parse({ pii: { rules: [{ path: 'traits.email', action: 'hash' }] } });
  const hashOf = async (state: Awaited<ReturnType<typeof openMemoryState>>) => {
    const dir = mkdtempSync(join(tmpdir(), 'trailmap-pii-salt-'));
    const store = await openTestStore(dir, { project, state });
    try {
      await store.ingestBatch([ev({ type: 'identify', userId: 'u1', messageId: 's1', timestamp: ts, traits: { email: 'Jane@Example.com' } })]);
      return (await stored(store))[0]!.traits.email as string;
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  };
  const a = await openMemoryState();
  const b = await openMemoryState();
  try {
    const [first, second, other] = [await hashOf(a), await hashOf(a), await hashOf(b)];
    assert.equal(first, 'h:' + createHmac('sha256', await projectSalt(a)).update('jane@example.com').digest('hex'));
    assert.equal(second, first);
    assert.notEqual(other, first);
  } finally {
    await a.close();
    await b.close();
  }
});
