import { test } from 'node:test';
import assert from 'node:assert/strict';
import { demoDataDir } from './support/demo-dir.js';

const { run } = demoDataDir('scores', { events: 8000, seed: 42 });

test('trailmap scores run --json on the demo: every model ran, persona segments saved; show and person read the stored run', { timeout: 300_000 }, () => {
  const empty = run(['scores', 'show', '--json']);
  assert.equal(empty.code, 0, empty.err);
  assert.deepEqual(JSON.parse(empty.out), { run: null });

  const r = run(['scores', 'run', '--k', '3', '--window', '21', '--json']);
  assert.equal(r.code, 0, r.err);
  const s = JSON.parse(r.out);
  assert.ok(s.people > 20 && s.rfm.people > 20 && s.clv.customers > 20 && s.churn.scored > 20, r.out);
  assert.equal(s.personas.k, 3);
  assert.equal(s.options.windowDays, 21);
  assert.deepEqual(s.personaSegments.saved, ['persona-1', 'persona-2', 'persona-3']);

  const shown = run(['scores', 'show', '--json']);
  assert.deepEqual(JSON.parse(shown.out), { run: s });
  const text = run(['scores', 'show']);
  assert.match(text.out, /people scored/);
  assert.match(text.out, /persona-1 /);

  const segs = JSON.parse(run(['segments', 'list', '--json']).out).segments as Array<{ key: string; size: number; rule: unknown }>;
  const p1 = segs.find((x) => x.key === 'persona-1');
  assert.deepEqual(p1?.rule, { score: 'persona', op: 'eq', value: 'persona-1' });
  assert.equal(p1?.size, s.personas.clusters[0].size, 'the segment was recomputed after the run');

  const members = run(['segments', 'members', 'persona-1', '--json', '--limit', '1']);
  const someone = JSON.parse(members.out).members[0].personId as string;
  const person = run(['scores', 'person', someone, '--json']);
  assert.equal(person.code, 0, person.err);
  const body = JSON.parse(person.out);
  assert.equal(body.scores.scoredAt, s.scoredAt);
  assert.equal(body.scores.persona.key, 'persona-1');
  assert.match(run(['scores', 'person', someone]).out, /persona: persona-1/);

  assert.equal(run(['scores', 'person', 'nobody-at-all']).code, 1);
  const bad = run(['scores', 'run', '--k', '1']);
  assert.equal(bad.code, 2);
  assert.match(bad.err, /--k/);
  assert.equal(run(['scores', 'show', '--k', '3']).code, 2);
  assert.equal(run(['scores']).code, 2);
});
