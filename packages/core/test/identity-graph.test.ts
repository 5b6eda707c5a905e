import { test } from 'node:test';
import assert from 'node:assert/strict';
import { anonKey, DEFAULT_IDENTITY_RULES, resolveIdentities, userKey, type IdentityLink, type IdentitySnapshot } from '../src/index.js';

const empty = (): IdentitySnapshot => ({ personOf: new Map(), persons: new Map() });
const link = (a: string, b: string, via: IdentityLink['via'], at: string, messageId = at): IdentityLink => ({ a, b, via, at, messageId });
const seen = (ids: string[], at = '2026-01-01T00:00:00Z') => ids.map((identity) => ({ identity, at }));

test('identify stitches an anonymous id to a user; both resolve to one person', () => {
  const r = resolveIdentities(empty(), seen([anonKey('a1'), userKey('u1')]), [link(anonKey('a1'), userKey('u1'), 'identify', '2026-01-02')], DEFAULT_IDENTITY_RULES);
  assert.equal(r.personOf.get(anonKey('a1')), r.personOf.get(userKey('u1')));
  assert.equal(r.merges.length, 1);
  assert.equal(r.rejected.length, 0);
});

test('two devices of one user merge transitively (union-find)', () => {
  const r = resolveIdentities(
    empty(),
    seen([anonKey('d1'), anonKey('d2'), userKey('u')]),
    [link(anonKey('d1'), userKey('u'), 'identify', '2026-01-02'), link(anonKey('d2'), userKey('u'), 'identify', '2026-01-03')],
    DEFAULT_IDENTITY_RULES,
  );
  const p = r.personOf.get(userKey('u'));
  assert.equal(r.personOf.get(anonKey('d1')), p);
  assert.equal(r.personOf.get(anonKey('d2')), p);
  // Survivor is the person holding the known user.
  assert.ok(r.merges.every((m) => m.into === p));
});

test('identify never merges two known users: the shared device stays with the first', () => {
  const r = resolveIdentities(
    empty(),
    seen([anonKey('shared'), userKey('alice'), userKey('bob')]),
    [link(anonKey('shared'), userKey('alice'), 'identify', '2026-01-02'), link(anonKey('shared'), userKey('bob'), 'identify', '2026-01-03')],
    DEFAULT_IDENTITY_RULES,
  );
  assert.notEqual(r.personOf.get(userKey('alice')), r.personOf.get(userKey('bob')));
  assert.equal(r.personOf.get(anonKey('shared')), r.personOf.get(userKey('alice')));
  assert.equal(r.rejected.length, 1);
  assert.match(r.rejected[0]!.reason, /two known users \(alice and bob\)/);
});

test('alias may merge two users up to maxUserIds; beyond it the link is refused', () => {
  const rules = { ...DEFAULT_IDENTITY_RULES, maxUserIds: 2 };
  const r = resolveIdentities(
    empty(),
    seen([userKey('old'), userKey('new'), userKey('third')]),
    [link(userKey('old'), userKey('new'), 'alias', '2026-01-02'), link(userKey('third'), userKey('new'), 'alias', '2026-01-03')],
    rules,
  );
  assert.equal(r.personOf.get(userKey('old')), r.personOf.get(userKey('new')));
  assert.notEqual(r.personOf.get(userKey('third')), r.personOf.get(userKey('new')));
  assert.match(r.rejected[0]!.reason, /3 userIds, above the limit of 2/);
});

test('placeholder ids never link people', () => {
  const r = resolveIdentities(empty(), seen([anonKey('undefined'), userKey('u1'), userKey('u2')]), [link(anonKey('undefined'), userKey('u1'), 'identify', '2026-01-02')], DEFAULT_IDENTITY_RULES);
  assert.notEqual(r.personOf.get(anonKey('undefined')), r.personOf.get(userKey('u1')));
  assert.match(r.rejected[0]!.reason, /placeholder/);
});

test('merging against a stored snapshot folds the stored person and keeps the older id on a tie of users', () => {
  const snap: IdentitySnapshot = {
    personOf: new Map([[anonKey('a'), 'p_old'], [userKey('u'), 'p_user']]),
    persons: new Map([
      ['p_old', { identities: [anonKey('a')], firstSeen: '2025-01-01T00:00:00.000Z' }],
      ['p_user', { identities: [userKey('u')], firstSeen: '2026-01-01T00:00:00.000Z' }],
    ]),
  };
  const r = resolveIdentities(snap, [], [link(anonKey('a'), userKey('u'), 'event', '2026-02-01')], DEFAULT_IDENTITY_RULES);
  assert.deepEqual(r.merges.map((m) => [m.from, m.into]), [['p_old', 'p_user']]);
  assert.equal(r.added.length, 0);
});

test('random link sets: every identity ends in exactly one person and limits hold', () => {
  let s = 7;
  const rnd = (n: number) => ((s = (s * 1103515245 + 12345) % 2 ** 31), s % n);
  for (let round = 0; round < 50; round++) {
    const links: IdentityLink[] = [];
    for (let i = 0; i < 40; i++) {
      const via = (['event', 'identify', 'alias'] as const)[rnd(3)]!;
      links.push(link(anonKey(`a${rnd(15)}`), userKey(`u${rnd(8)}`), via, `2026-01-${String(1 + rnd(28)).padStart(2, '0')}`, `m${i}`));
    }
    const r = resolveIdentities(empty(), [], links, DEFAULT_IDENTITY_RULES);
    const people = new Map<string, string[]>();
    for (const [id, p] of r.personOf) people.set(p, [...(people.get(p) ?? []), id]);
    for (const ids of people.values()) assert.ok(ids.filter((i) => i.startsWith('user:')).length <= DEFAULT_IDENTITY_RULES.maxUserIds);
    for (const l of links) assert.ok(r.personOf.has(l.a) && r.personOf.has(l.b));
  }
});

test('20,000 devices stitched in one batch resolve to the right people, with no merge chains left', () => {
  const links: IdentityLink[] = [];
  for (let i = 0; i < 20_000; i++) links.push(link(anonKey(`dev${i}`), userKey(`user${i % 5000}`), 'identify', `2026-01-01T00:00:${String(i % 60).padStart(2, '0')}Z`, `m${i}`));
  const r = resolveIdentities(empty(), [], links, DEFAULT_IDENTITY_RULES);
  assert.equal(new Set(r.personOf.values()).size, 5000);
  assert.equal(r.personOf.get(anonKey('dev5001')), r.personOf.get(userKey('user1')));
  // Every added identity points at a surviving person (no chains left behind).
  const survivors = new Set(r.personOf.values());
  assert.ok(r.added.every((a) => survivors.has(a.personId)));
  assert.ok(r.merges.every((m) => survivors.has(m.into)));
});
