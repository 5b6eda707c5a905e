import assert from 'node:assert/strict';
import { serviceTaskQuerySchema, type NewServiceTask } from '@trailmap/core';
import type { StateStore } from '../src/state-store.js';
import { closeServiceTask, createServiceTask, getServiceTask, listServiceTasks, updateServiceTask } from '../src/repos/service-tasks.repo.js';
import { storeTest } from './support/store-test.js';

const q = (over: Record<string, unknown> = {}) => serviceTaskQuerySchema.parse(over);
const task = (over: Partial<NewServiceTask> = {}): NewServiceTask => ({ dedupeKey: 'k1', personId: 'p_1', title: 'Call back', source: 'manual', ...over });

/** Service tasks on one adapter (`open` gives a new, empty, migrated store). */
export function serviceTasksSuite(name: string, open: () => Promise<StateStore>): void {
  const withStore = storeTest(name, open);

  withStore('service tasks: one per dedupe key, also inside a caller\'s transaction that rolls back or commits', async (s) => {
    const a = await createServiceTask(s, task({ detail: { text: '很差 — "quoted"; --' }, priority: 'high', owner: 'billing', dueAt: '2026-12-01T10:00:00Z' }));
    assert.equal(a.created, true);
    assert.match(a.id, /^st_[0-9a-f]{20}$/);
    assert.deepEqual(await createServiceTask(s, task({ title: 'again' })), { id: a.id, created: false });
    const got = await getServiceTask(s, a.id);
    assert.deepEqual({ ...got, createdAt: '', updatedAt: '' }, {
      id: a.id, dedupeKey: 'k1', personId: 'p_1', title: 'Call back', detail: { text: '很差 — "quoted"; --' }, source: 'manual', priority: 'high', owner: 'billing',
      status: 'open', dueAt: '2026-12-01T10:00:00.000Z', createdAt: '', updatedAt: '', closedAt: null, resolution: null, journeyId: null, runId: null, stepId: null,
    });
    // The journey worker's call: inside its own transaction; a rollback leaves no task, a retry makes it once.
    const journeyTask = task({ dedupeKey: 'run1:step2', source: 'journey', journeyId: 'j1', runId: 'run1', stepId: 'step2', createdAt: '2026-11-30T00:00:00Z', dueAt: Date.parse('2026-12-01T00:00:00Z') });
    await assert.rejects(s.transaction(async (tx) => {
      assert.equal((await createServiceTask(tx, journeyTask)).created, true);
      throw new Error('crash after the step');
    }), /crash/);
    assert.equal((await listServiceTasks(s, q({ source: 'journey' }))).total, 0);
    const made = await s.transaction((tx) => createServiceTask(tx, journeyTask));
    const again = await s.transaction((tx) => createServiceTask(tx, journeyTask));
    assert.deepEqual(again, { id: made.id, created: false });
    const j = await getServiceTask(s, made.id);
    assert.deepEqual([j?.journeyId, j?.runId, j?.stepId, j?.createdAt, j?.dueAt, j?.priority], ['j1', 'run1', 'step2', '2026-11-30T00:00:00.000Z', '2026-12-01T00:00:00.000Z', 'normal']);
    // Concurrent creates of one key: one task.
    const racing = await Promise.all(Array.from({ length: 5 }, () => createServiceTask(s, task({ dedupeKey: 'race' }))));
    assert.equal(racing.filter((r) => r.created).length, 1);
    assert.equal(new Set(racing.map((r) => r.id)).size, 1);
    assert.equal(await getServiceTask(s, 'st_nope'), null);
  });

  withStore('service tasks: the open list by due time, filters (status, owner, priority, source, person, overdue), paging; update and close', async (s) => {
    const now = new Date('2026-12-06T12:00:00Z');
    const mk = (k: string, over: Partial<NewServiceTask>) => createServiceTask(s, task({ dedupeKey: k, ...over }));
    const late = await mk('late', { dueAt: '2026-12-06T08:00:00Z', priority: 'urgent', source: 'failed_payment', owner: 'billing' });
    const soon = await mk('soon', { dueAt: '2026-12-07T08:00:00Z', priority: 'normal', source: 'negative_sentiment', personId: 'p_2' });
    const never = await mk('never', { priority: 'low', source: 'lifecycle', owner: 'customer-success' });
    assert.deepEqual((await listServiceTasks(s, q(), now)).tasks.map((t) => t.id), [late.id, soon.id, never.id]);
    assert.deepEqual((await listServiceTasks(s, q({ overdue: 'true' }), now)).tasks.map((t) => t.id), [late.id]);
    assert.deepEqual((await listServiceTasks(s, q({ overdue: 'false' }), now)).tasks.map((t) => t.id), [soon.id, never.id]);
    assert.deepEqual((await listServiceTasks(s, q({ owner: 'none' }), now)).tasks.map((t) => t.id), [soon.id]);
    assert.deepEqual((await listServiceTasks(s, q({ owner: 'billing' }), now)).tasks.map((t) => t.id), [late.id]);
    assert.deepEqual((await listServiceTasks(s, q({ priority: 'urgent,low' }), now)).tasks.map((t) => t.id), [late.id, never.id]);
    assert.deepEqual((await listServiceTasks(s, q({ source: 'negative_sentiment' }), now)).tasks.map((t) => t.id), [soon.id]);
    assert.deepEqual((await listServiceTasks(s, q({ person: 'p_2' }), now)).tasks.map((t) => t.id), [soon.id]);
    const page = await listServiceTasks(s, q({ limit: 2, offset: 2 }), now);
    assert.deepEqual([page.total, page.tasks.map((t) => t.id)], [3, [never.id]]);

    const upd = await updateServiceTask(s, soon.id, { owner: 'ana', priority: 'high', status: 'in_progress', dueAt: '2026-12-06T09:00:00Z' });
    assert.deepEqual([upd?.closed, upd?.task.owner, upd?.task.priority, upd?.task.status, upd?.task.dueAt], [false, 'ana', 'high', 'in_progress', '2026-12-06T09:00:00.000Z']);
    assert.deepEqual((await listServiceTasks(s, q({ overdue: 'true' }), now)).tasks.map((t) => t.id), [late.id, soon.id]);
    assert.equal((await updateServiceTask(s, soon.id, { owner: null }))?.task.owner, null);
    assert.equal(await updateServiceTask(s, 'st_nope', { owner: 'x' }), null);

    const closed = await closeServiceTask(s, late.id, 'Refunded and called back', new Date('2026-12-06T13:00:00Z'));
    assert.deepEqual([closed?.changed, closed?.task.status, closed?.task.resolution, closed?.task.closedAt], [true, 'closed', 'Refunded and called back', '2026-12-06T13:00:00.000Z']);
    const twice = await closeServiceTask(s, late.id, 'other');
    assert.deepEqual([twice?.changed, twice?.task.resolution], [false, 'Refunded and called back']);
    assert.equal((await updateServiceTask(s, late.id, { owner: 'bob' }))?.closed, true, 'a closed task is not changed');
    assert.equal((await getServiceTask(s, late.id))?.owner, 'billing');
    assert.equal(await closeServiceTask(s, 'st_nope', 'x'), null);
    assert.deepEqual((await listServiceTasks(s, q(), now)).tasks.map((t) => t.id), [soon.id, never.id]);
    assert.deepEqual((await listServiceTasks(s, q({ status: 'closed' }), now)).tasks.map((t) => t.id), [late.id]);
    assert.deepEqual((await listServiceTasks(s, q({ overdue: 'true' }), now)).tasks.map((t) => t.id), [soon.id], 'a closed task is never overdue');
  });
}
