import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SignInThrottle } from '../src/auth/sign-in-throttle.js';

test('sign-in throttle: a name from an address is stopped after its failures, until the oldest leaves the window; an address after its total; success clears the name', () => {
  let now = 0;
  const t = new SignInThrottle({ perName: 3, perAddress: 5, windowMs: 60_000 }, () => now);
  for (let i = 0; i < 3; i++) {
    assert.equal(t.retryAfterS('1.2.3.4', 'ana'), null);
    t.failed('1.2.3.4', 'ana');
    now += 1000;
  }
  // Failures at 0, 1 s, 2 s; now 3 s: the first leaves the window at 60 s.
  assert.equal(t.retryAfterS('1.2.3.4', 'ana'), 57);
  assert.equal(t.retryAfterS('5.6.7.8', 'ana'), null, 'another address is not stopped');
  assert.equal(t.retryAfterS('1.2.3.4', 'bo'), null, 'another name from the address is not, yet');
  t.failed('1.2.3.4', 'bo');
  t.failed('1.2.3.4', 'cy');
  assert.equal(t.retryAfterS('1.2.3.4', 'dee'), 57, 'five failures from one address stop every name');
  now = 60_001;
  assert.equal(t.retryAfterS('1.2.3.4', 'ana'), null, 'the oldest failure has left the window');
  t.failed('5.6.7.8', 'ana');
  t.failed('5.6.7.8', 'ana');
  t.succeeded('5.6.7.8', 'ana');
  t.failed('5.6.7.8', 'ana');
  assert.equal(t.retryAfterS('5.6.7.8', 'ana'), null, 'a success cleared the earlier failures');
});
