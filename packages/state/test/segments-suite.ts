import { test } from 'node:test';
import assert from 'node:assert/strict';
import { segmentCreateSchema } from '@trailmap/core';
import type { StateStore } from '../src/state-store.js';
import { createSegment, currentMembers, deleteSegment, getSegment, listSegments, recordMembershipChange, segmentDailyChanges, segmentMemberships, segmentRules, updateSegment } from '../src/repos/segments.repo.js';
import { storeTest } from './support/store-test.js';

/** Saved segments and their membership history on one adapter (`open` gives a new, empty, migrated store). */
export function segmentsSuite(name: string, open: () => Promise<StateStore>): void {
  const withStore = storeTest(name, open);

  withStore('segments: create (key unique), list, timing from the rule and the segments it refers to, patch, delete', async (s) => {
    const buyers = await createSegment(s, segmentCreateSchema.parse({ key: 'buyers', name: 'Buyers', rule: { performed: { event: 'Order Completed' } } }));
    assert.equal(buyers?.timing, 'realtime');
    assert.equal(buyers?.size, null);
    assert.equal(await createSegment(s, segmentCreateSchema.parse({ key: 'buyers', name: 'Again', rule: { trait: 'plan', op: 'is_set' } })), null, 'a taken key');
    const recent = await createSegment(s, segmentCreateSchema.parse({ key: 'recent-buyers', name: "最近的 'buyers'; --", rule: { all: [{ inSegment: 'buyers' }, { lastSeen: { within: '30d' } }] } }));
    assert.equal(recent?.timing, 'batch');
    assert.deepEqual(recent?.rule, { all: [{ inSegment: 'buyers' }, { lastSeen: { within: 30 * 86_400_000 } }] });
    assert.deepEqual((await listSegments(s)).map((x) => x.key), ['buyers', 'recent-buyers']);
    assert.deepEqual([...(await segmentRules(s)).keys()].sort(), ['buyers', 'recent-buyers']);
    // A rule referring to a batch segment is batch too.
    await updateSegment(s, 'buyers', { rule: { performed: { event: 'Order Completed' }, within: 7 * 86_400_000, atLeast: 1 } });
    assert.equal((await getSegment(s, 'buyers'))?.timing, 'batch');
    const renamed = await updateSegment(s, 'recent-buyers', { name: 'Recent' });
    assert.equal(renamed?.name, 'Recent');
    assert.equal(await updateSegment(s, 'nope', { name: 'x' }), null);
    assert.equal(await deleteSegment(s, 'recent-buyers'), true);
    assert.equal(await deleteSegment(s, 'recent-buyers'), false);
  });

  withStore('membership: entries open stays, exits close them, re-entry opens a new one; sizes per day', async (s) => {
    const seg = (await createSegment(s, segmentCreateSchema.parse({ key: 'vip', name: 'VIP', rule: { trait: 'plan', op: 'eq', value: 'gold' } })))!;
    await recordMembershipChange(s, seg.id, { entered: ['a', 'b', 'c'], exited: [] }, 3, new Date('2025-03-01T10:00:00Z'));
    await recordMembershipChange(s, seg.id, { entered: ['d'], exited: ['b'] }, 3, new Date('2025-03-02T10:00:00Z'));
    await recordMembershipChange(s, seg.id, { entered: ['b'], exited: ['a', 'c'] }, 2, new Date('2025-03-02T12:00:00Z'));
    assert.deepEqual([...(await currentMembers(s, seg.id))].sort(), ['b', 'd']);
    const now = await segmentMemberships(s, seg.id, { history: false, limit: 10, offset: 0 });
    assert.equal(now.total, 2);
    const all = await segmentMemberships(s, seg.id, { history: true, limit: 10, offset: 0 });
    assert.equal(all.total, 5);
    assert.deepEqual(all.members.filter((m) => m.personId === 'b').map((m) => [m.enteredAt, m.exitedAt]), [
      ['2025-03-02T12:00:00.000Z', null],
      ['2025-03-01T10:00:00.000Z', '2025-03-02T10:00:00.000Z'],
    ]);
    assert.deepEqual(await segmentDailyChanges(s, seg.id), [
      { day: '2025-03-01', entered: 3, exited: 0 },
      { day: '2025-03-02', entered: 2, exited: 3 },
    ]);
    const stored = await getSegment(s, 'vip');
    assert.deepEqual([stored?.size, stored?.refreshedAt], [2, '2025-03-02T12:00:00.000Z']);
    // Deleting the segment deletes its history.
    await deleteSegment(s, 'vip');
    const [left] = await s.query<{ n: number | string }>('SELECT count(*) AS n FROM segment_memberships');
    assert.equal(Number(left!.n), 0);
  });
}
