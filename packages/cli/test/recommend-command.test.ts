import { test } from 'node:test';
import assert from 'node:assert/strict';
import { demoDataDir } from './support/demo-dir.js';

// trailmap recommend on the demo business (100,000 events, seed 42): the offline evaluation must
// show the recommender beating the popularity baseline on precision@10 (docs/personalize.md has
// the numbers), and a person's list prints with its reasons.
const { run } = demoDataDir('recommend', { events: 100_000, seed: 42 });

test('trailmap recommend --evaluate: the recommender beats popularity on precision@10 and recall@10 on the demo', () => {
  const r = run(['recommend', '--evaluate', '--json']);
  assert.equal(r.code, 0, r.err);
  const e = JSON.parse(r.out);
  assert.equal(e.k, 10);
  assert.ok(e.peopleEvaluated >= 200, `people evaluated: ${e.peopleEvaluated}`);
  assert.ok(e.recommender.precision > e.popularity.precision, `precision@10 ${e.recommender.precision} vs popularity ${e.popularity.precision}`);
  assert.ok(e.recommender.recall > e.popularity.recall, `recall@10 ${e.recommender.recall} vs popularity ${e.popularity.recall}`);
  for (const m of [e.recommender, e.popularity]) for (const v of [m.precision, m.recall, m.hitRate]) assert.ok(v >= 0 && v <= 1);
  assert.ok(e.recommender.precision <= e.recommender.recall, 'held-out orders have fewer than 10 lines on the demo');
  const text = run(['recommend', '--evaluate']);
  assert.equal(text.code, 0, text.err);
  assert.match(text.out, /recommender \(CF \+ popularity fill\)\s+0\.\d{4}\s+0\.\d{4}/);
  assert.match(text.out, /popularity baseline\s+0\.\d{4}/);
  assert.match(text.out, new RegExp(`People evaluated: ${e.peopleEvaluated}`));
});

test('trailmap recommend PERSON_ID: a ranked list with reasons; unknown id and placement are errors', () => {
  const r = run(['recommend', 'nw-42-1', '--json']);
  assert.equal(r.code, 0, r.err);
  const a = JSON.parse(r.out);
  assert.equal(a.placement, 'home');
  assert.ok(a.items.length > 0 && a.items.length <= 10);
  for (const x of a.items) assert.ok(x.reason.length > 0);
  const text = run(['recommend', 'nw-42-1', '--limit', '3']);
  assert.equal(text.code, 0, text.err);
  assert.match(text.out, /placement home \(items\) · strategy (collaborative|popularity)/);
  assert.equal(run(['recommend', 'no-such-person']).code, 1);
  const bad = run(['recommend', 'nw-42-1', '--placement', 'nope']);
  assert.equal(bad.code, 2);
  assert.match(bad.err, /--placement: no placement "nope"/);
  assert.equal(run(['recommend']).code, 2);
});
