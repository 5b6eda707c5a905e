import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_PROJECT_CONFIG, normalizeMessage } from '@trailmap/core';
import { encodeEventLine, EventStore } from './support/log-lines.js';
import { openTestStore, renameTable } from '../src/testing/test-store.js';

const good = (id: string) => {
  const r = normalizeMessage({ type: 'track', event: 'Logged', userId: 'u1', messageId: id, properties: { id } }, { receivedAt: Date.parse('2026-06-01T00:00:00Z'), source: 'http' });
  assert.ok(r.ok);
  return r.value;
};

/**
 * Segments as an older Trailmap wrote them before these values were refused at the door: a
 * timestamp past 9999, a clock-skew result in year 12025, an escaped lone surrogate, a torn
 * non-JSON line in the middle. Each alone made the whole segment unloadable and the server exit.
 */
const POISON: Array<[string, (seq: number) => string]> = [
  ['year 9999 with -14:00', (seq) => encodeEventLine({ ...good('p-9999'), timestamp: '+010000-01-01T13:59:59.000Z' }, seq)],
  ['skew to 12025', (seq) => encodeEventLine({ ...good('p-12025'), timestamp: '+012025-05-01T00:00:00.000Z' }, seq)],
  ['lone surrogate', (seq) => encodeEventLine(good('p-lone'), seq).replace('"event":"Logged"', '"event":"S\\ud800x"')],
  ['not JSON', () => '{"k":"e","seq":'],
];

for (const [what, line] of POISON) {
  test(`a log segment with one unloadable line (${what}) loads the rest and quarantines that line`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'trailmap-salvage-'));
    const logDir = join(dir, 'ingest-log');
    mkdirSync(logDir);
    try {
      const lines = [encodeEventLine(good('g1'), 0), line(1), encodeEventLine(good('g2'), 2)];
      writeFileSync(join(logDir, 'segment-000000000001.ndjson'), lines.map((l) => l.replace(/\n$/, '')).join('\n') + '\n');
      const store = await openTestStore(dir, { logDir });
      try {
        const ids = await store.db.query<{ message_id: string }>('SELECT message_id FROM events ORDER BY message_id');
        assert.deepEqual(ids.map((r) => r.message_id), ['g1', 'g2']);
        const q = await store.db.query<{ code: string; record: string; line: number; reason: string; raw: string }>('SELECT code, record, line, reason, raw FROM quarantine');
        assert.equal(q.length, 1);
        assert.equal(q[0]!.code, 'unloadable');
        assert.equal(q[0]!.record, 'log line 2');
        assert.equal(Number(q[0]!.line), 2);
        assert.equal(q[0]!.raw, line(1).replace(/\n$/, ''), 'the line is kept byte for byte');
        assert.equal(store.incidents.length, 1);
        assert.equal(store.incidents[0]!.quarantined, 1);
        assert.deepEqual(readdirSync(logDir), [], 'the salvaged segment is loaded and deleted');
        // The store keeps collecting.
        await store.ingestBatch([good('after')]);
        assert.equal(await store.eventCount(), 3);
      } finally {
        await store.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

test('a segment whose failure is not in its lines is kept for a retry, not quarantined', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'trailmap-salvage-'));
  const logDir = join(dir, 'ingest-log');
  try {
    const store = await openTestStore(dir, { logDir, loadEveryMs: 60_000 });
    try {
      await store.ingestBatch([good('x1')]);
      // Break the engine side (not the data): the events table is gone, so the commit fails.
      await renameTable(store.db, 'events', 'events_away');
      await assert.rejects(store.flush());
      assert.equal(store.incidents.length, 0);
      assert.equal(readdirSync(logDir).filter((f) => f.endsWith('.ndjson')).length, 1, 'the segment waits');
      await renameTable(store.db, 'events_away', 'events');
      await store.flush();
      assert.equal(await store.eventCount(), 1);
      assert.equal(existsSync(join(logDir, 'failed')), false);
    } finally {
      await store.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
