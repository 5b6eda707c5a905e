import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { normalizeMessage } from '@trailmap/core';
import { IngestLog, trimTornTail } from '../src/index.js';
import { openTestStore } from '../src/testing/test-store.js';

const ev = (id: string, extra: Record<string, unknown> = {}) => {
  const r = normalizeMessage({ type: 'track', event: 'Logged', userId: 'u', messageId: id, properties: { id, q: `"'\\` }, ...extra }, { receivedAt: Date.parse('2026-06-01T00:00:00Z'), source: 'test' });
  assert.ok(r.ok);
  return r.value;
};

test('trimTornTail cuts an unterminated last line and keeps whole lines', () => {
  const dir = mkdtempSync(join(tmpdir(), 'trailmap-torn-'));
  try {
    const f = join(dir, 'segment-000000000001.ndjson');
    writeFileSync(f, '{"a":1}\n{"b":2}\n{"c":');
    assert.equal(trimTornTail(f), 5);
    assert.equal(readFileSync(f, 'utf8'), '{"a":1}\n{"b":2}\n');
    assert.equal(trimTornTail(f), 0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('segments are sealed in write order; concurrent appends all land', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'trailmap-log-'));
  try {
    const log = IngestLog.open(dir);
    await Promise.all(Array.from({ length: 50 }, (_, i) => log.append([ev(`m${i}`)], [])));
    await log.seal();
    await log.append([ev('after')], []);
    const sealed = log.sealed();
    assert.equal(sealed.length, 1);
    assert.equal(readFileSync(sealed[0]!, 'utf8').trim().split('\n').length, 50);
    await log.close();
    assert.equal(log.sealed().length, 2);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a segment left behind (crash before load, or after load but before delete) loads once at open', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'trailmap-replay-'));
  const logDir = join(dir, 'ingest-log');
  try {
    // Write a segment as a crashed process would have: acknowledged lines plus a torn tail.
    const log = IngestLog.open(logDir);
    await log.append([ev('r1'), ev('r2'), ev('r1')], [{ source: 'http', record: 'batch[3]', code: 'no_user_anon_id', reason: 'either userId or anonymousId is required', raw: '{}' }]);
    await log.close();
    const [segment] = readdirSync(logDir);
    appendFileSync(join(logDir, segment!), '{"k":"e","seq":9,"messageId":"torn');
    const backup = join(dir, 'copy.ndjson');
    copyFileSync(join(logDir, segment!), backup);

    let store = await openTestStore(dir, { logDir });
    const rows = await store.db.query<{ message_id: string; properties: string }>('SELECT message_id, properties FROM events ORDER BY message_id');
    assert.deepEqual(rows.map((r) => r.message_id), ['r1', 'r2']);
    assert.deepEqual(JSON.parse(rows[0]!.properties), { id: 'r1', q: `"'\\` });
    assert.equal(readdirSync(logDir).length, 0, 'loaded segments are deleted');
    await store.close();

    // The same segment again, as if the process died after the load committed but before the delete.
    copyFileSync(backup, join(logDir, segment!));
    store = await openTestStore(dir, { logDir });
    const [n] = await store.db.query<{ n: number }>('SELECT count(*) AS n FROM events');
    const [qn] = await store.db.query<{ n: number }>('SELECT count(*) AS n FROM quarantine');
    assert.deepEqual([n!.n, qn!.n], [2, 1]);
    await store.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('every acknowledged event is loaded while appends and loads interleave', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'trailmap-race-'));
  const store = await openTestStore(dir, { loadEveryMs: 5 });
  try {
    const sends: Array<Promise<unknown>> = [];
    for (let round = 0; round < 40; round++) {
      // A load starts while appends are queued right behind its seal: the new segment is being
      // created when the loader lists what to load.
      sends.push(store.flush());
      for (let c = 0; c < 8; c++) sends.push(store.ingestBatch(Array.from({ length: 25 }, (_, i) => ev(`race-${round}-${c}-${i}`))));
      await new Promise((r) => setImmediate(r));
    }
    await Promise.all(sends);
    await store.flush();
    const [row] = await store.db.query<{ n: number }>(`SELECT count(*) AS n FROM events WHERE message_id LIKE 'race-%'`);
    assert.equal(row!.n, 40 * 8 * 25);
    assert.deepEqual(readdirSync(join(dir, 'ingest-log')), []);
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
