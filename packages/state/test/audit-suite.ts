import { test } from 'node:test';
import assert from 'node:assert/strict';
import { auditQuerySchema } from '@trailmap/core';
import type { StateStore } from '../src/state-store.js';
import { listAudit, pruneAudit, recordAudit } from '../src/repos/audit-log.repo.js';
import { personRef, projectSalt } from '../src/repos/project-salt.repo.js';
import { storeTest } from './support/store-test.js';

const q = (over: Record<string, unknown> = {}) => auditQuerySchema.parse(over);

/** The audit log and the project salt: the same tests on every adapter. */
export function auditSuite(name: string, open: () => Promise<StateStore>): void {
  const withStore = storeTest(name, open);

  withStore('audit: appended lines come back newest first, filtered and paged', async (s) => {
    await recordAudit(s, { actor: 'key:k1', action: 'key.create', target: 'key:k2', origin: '127.0.0.1' });
    await recordAudit(s, { actor: 'admin:ana', action: 'privacy.delete', target: 'request:r1', detail: { deleted: 12 } });
    await recordAudit(s, { actor: 'admin:ana', action: 'privacy.access', target: 'request:r2', outcome: 'failed' });
    await recordAudit(s, { actor: 'web-session', action: 'profile.read', target: 'person:abc' });
    const all = await listAudit(s, q());
    assert.deepEqual(all.entries.map((e) => e.action), ['profile.read', 'privacy.access', 'privacy.delete', 'key.create']);
    assert.equal(all.next, null);
    const first = all.entries.at(-1)!;
    assert.deepEqual({ ...first, id: 0, at: '' }, { id: 0, at: '', actor: 'key:k1', action: 'key.create', target: 'key:k2', origin: '127.0.0.1', outcome: 'ok', detail: {} });
    assert.ok(Math.abs(Date.parse(first.at) - Date.now()) < 60_000, 'at is the time of the append');
    assert.deepEqual((await listAudit(s, q({ action: 'privacy.' }))).entries.map((e) => e.target), ['request:r2', 'request:r1']);
    assert.deepEqual((await listAudit(s, q({ action: 'privacy' }))).entries, [], 'without the dot: the exact action only');
    assert.deepEqual((await listAudit(s, q({ actor: 'admin:ana', outcome: 'ok' }))).entries.map((e) => e.detail), [{ deleted: 12 }]);
    assert.deepEqual((await listAudit(s, q({ target: 'person:abc' }))).entries.map((e) => e.actor), ['web-session']);
    const p1 = await listAudit(s, q({ limit: 3 }));
    assert.equal(p1.entries.length, 3);
    const p2 = await listAudit(s, q({ limit: 3, before: p1.next }));
    assert.deepEqual(p2, { entries: [first], next: null });
    assert.deepEqual((await listAudit(s, q({ since: new Date(Date.now() + 3_600_000).toISOString() }))).entries, []);
  });

  withStore('audit: append-only — UPDATE, DELETE and TRUNCATE are refused; retention deletes only lines past its cut-off and records itself', async (s) => {
    await s.exec(`INSERT INTO audit_log (at, actor, action, outcome) VALUES (now() - interval '400 days', 'cli', 'old.one', 'ok'), (now() - interval '10 days', 'cli', 'recent.one', 'ok')`);
    await assert.rejects(s.exec(`UPDATE audit_log SET actor = 'someone else'`), /append-only \(UPDATE refused\)/);
    await assert.rejects(s.exec(`DELETE FROM audit_log`), /append-only \(DELETE refused\)/);
    await assert.rejects(s.exec(`TRUNCATE audit_log`), /append-only \(TRUNCATE refused\)/);
    // The retention setting is local to pruneAudit's transaction: outside it, a DELETE is still refused.
    const cutoff = new Date(Date.now() - 365 * 86_400_000);
    assert.equal(await pruneAudit(s, cutoff, 'server'), 1);
    await assert.rejects(s.exec(`DELETE FROM audit_log WHERE action = 'recent.one'`), /append-only/);
    const left = await listAudit(s, q());
    assert.deepEqual(left.entries.map((e) => e.action), ['audit.retention', 'recent.one']);
    assert.deepEqual(left.entries[0]!.detail, { deleted: 1, before: cutoff.toISOString() });
    // Retention with a cut-off in the future still cannot delete its own fresh line via a forged setting outside it.
    await assert.rejects(
      s.transaction(async (tx) => {
        await tx.query(`SELECT set_config('trailmap.audit_retention', '1970-01-01T00:00:00Z', true)`);
        await tx.exec(`DELETE FROM audit_log WHERE action = 'recent.one'`);
      }),
      /append-only/,
      'a line newer than the cut-off is never deleted',
    );
  });

  withStore('project salt: made once, the same on every read; personRef is stable, keyed and holds no id', async (s) => {
    const a = await projectSalt(s);
    const b = await projectSalt(s);
    assert.equal(a.length, 32);
    assert.deepEqual(a, b);
    const ref = personRef(a, 'user:ana@example.com');
    assert.match(ref, /^person:[0-9a-f]{32}$/);
    assert.equal(personRef(a, 'user:ana@example.com'), ref);
    assert.notEqual(personRef(Buffer.alloc(32, 1), 'user:ana@example.com'), ref, 'another salt, another ref');
    assert.ok(!ref.includes('ana'));
  });
}
