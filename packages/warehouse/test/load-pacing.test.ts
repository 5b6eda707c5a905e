import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LOAD_PACE, MAX_LOAD_DELAY_MS, timedLoadDue } from '../src/ingest/load-pacing.js';

const every = 1000;

test('nothing pending: no timed load', () => {
  assert.equal(timedLoadDue(10_000_000, 0, { endedAt: 0, ms: 0 }, every), false);
});

test('after quick loads the timer loads at every tick, as before pacing', () => {
  // A load of 50 ms that ended one tick ago.
  assert.equal(timedLoadDue(10_000, 1, { endedAt: 9_000, ms: 50 }, every), true);
  // The first load of a fresh store.
  assert.equal(timedLoadDue(10_000, 1, { endedAt: 0, ms: 0 }, every), true);
});

test('after a slow load the next timed load waits PACE times as long', () => {
  const last = { endedAt: 100_000, ms: 800 };
  const wait = LOAD_PACE * 800;
  assert.equal(timedLoadDue(100_000 + every, 1, last, every), false);
  assert.equal(timedLoadDue(100_000 + wait - every, 1, last, every), false);
  assert.equal(timedLoadDue(100_000 + wait, 1, last, every), true);
});

test('the pace never holds a load back more than MAX_LOAD_DELAY_MS', () => {
  const last = { endedAt: 0, ms: 60_000 };
  assert.equal(timedLoadDue(MAX_LOAD_DELAY_MS - every, 1, last, every), false);
  assert.equal(timedLoadDue(MAX_LOAD_DELAY_MS, 1, last, every), true);
});
